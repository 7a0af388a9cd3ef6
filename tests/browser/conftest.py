"""
Browser tests in real Chromium: Debian's package, driven by Playwright.

Playwright's own browser download is not used (`bin/ensure-chromium` installs
Debian's chromium, which `make test` runs first). The live server runs in a
thread while Playwright's sync API holds an event loop, hence
DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import json
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.exit(
            f"No Chromium at {CHROMIUM}: run bin/ensure-chromium (make test does), "
            "or set CHROMIUM=/path/to/chromium.",
            returncode=1,
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


# Shared by the browser tests and the audits ----------------------------------

ROOT = Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
LANGUAGES = ["en", "zh-hans"]
HTML_LANG = {"en": "en", "zh-hans": "zh-Hans"}
#: The WCAG 2.2 AA rules of axe-core: levels A and AA of each version.
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def node_module(relative):
    """A file from node_modules (package-lock.json), or a clear failure."""
    path = NODE_MODULES / relative
    if not path.exists():
        pytest.fail(
            f"{path} is missing: run 'npm ci --ignore-scripts' (make test does).",
            pytrace=False,
        )
    return path


@pytest.fixture
def initial_content(db):
    """The five real articles with their events, people and organisations."""
    call_command("load_initial_content", verbosity=0)


def reader_paths(language):
    """
    One address of every public page type in ``language``, from the initial
    content: ``{page type: path}``.
    """
    from articles.models import Article, Event, Organization, Page, Person

    article = Article.objects.published().order_by("-published_at").first()
    event = Event.objects.filter(participations__isnull=False).first()
    person = Person.objects.filter(participations__isnull=False).first()
    organization = Organization.objects.filter(participations__isnull=False).first()
    page = Page.objects.first()
    with translation.override(language):

        def url(name, **kwargs):
            return reverse(f"articles:{name}", kwargs=kwargs)

        return {
            "home": url("home"),
            "article-list": url("article-list"),
            "article-year": url("article-year", year=article.published_at.year),
            "article-detail": article.get_absolute_url(),
            "event-list": url("event-list"),
            "event-detail": event.get_absolute_url(),
            "person-detail": person.get_absolute_url(),
            "organization-detail": organization.get_absolute_url(),
            "page-detail": page.get_absolute_url(),
            "favorites": url("favorites"),
            "search": url("search") + "?q=CQC",
            "not-found": f"/{language}/news/no-such-article/",
        }


@pytest.fixture
def page_problems(page):
    """
    What a page complains about while a test drives it: console errors,
    uncaught exceptions and Content-Security-Policy violations (reported by
    the document's own ``securitypolicyviolation`` event, in every page the
    tab opens). A list of strings; empty when all is well.
    """
    problems = []

    def on_console(message):
        if message.type == "error":
            problems.append(f"console error on {page.url}: {message.text}")

    page.on("console", on_console)
    page.on(
        "pageerror", lambda error: problems.append(f"uncaught on {page.url}: {error}")
    )
    page.expose_function(
        "reportSecurityPolicyViolation",
        lambda report: problems.append(f"CSP violation on {page.url}: {report}"),
    )
    page.add_init_script(
        """
        document.addEventListener("securitypolicyviolation", (event) => {
          window.reportSecurityPolicyViolation(
            `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
            + ` (${event.sourceFile || ""}:${event.lineNumber})`
          );
        });
        """
    )
    return problems


def run_axe(page, rules=None):
    """
    What axe-core finds in ``page``: the WCAG 2.2 AA violations, or those of
    the axe ``rules`` named. ``[{id, impact, help, nodes}]``; empty when none.
    """
    source = node_module("axe-core/axe.min.js").read_text(encoding="utf-8")
    # page.evaluate runs through the DevTools protocol, which the site's
    # Content-Security-Policy (no inline script) does not govern.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(source)
    run_only = (
        {"type": "rule", "values": rules}
        if rules
        else {
            "type": "tag",
            "values": WCAG_AA_TAGS,
        }
    )
    return page.evaluate(
        """async (runOnly) => {
          const result = await axe.run(document, {runOnly});
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map((n) => n.target.join(" ") + " :: " + n.failureSummary),
          }));
        }""",
        run_only,
    )


def describe(findings):
    return json.dumps(findings, ensure_ascii=False, indent=2)
