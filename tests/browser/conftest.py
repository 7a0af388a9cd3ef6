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
from django.urls import reverse
from django.utils import translation

from tests.browser.admin import PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """
    Tests on the live server last. They empty the database after each test
    (``transactional_db``), which drops the rows that migrations made (the
    editorial groups); pytest-django runs them after the other database tests,
    but pytest's grouping by Playwright's session-wide ``browser_name`` comes
    after that and can move ordinary tests behind them again.
    """

    def flushes(item):
        names = getattr(item, "fixturenames", ())
        return "live_server" in names or "transactional_db" in names

    items.sort(key=flushes)


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


@pytest.fixture
def editor(django_user_model, settings):
    """
    Wang, a superuser who logs in with ``PASSWORD``. Hashed cheaply: the
    tests are about the admin's pages, not the cost of the hash.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return django_user_model.objects.create_superuser(
        "wang", "wang@example.org", PASSWORD
    )


@pytest.fixture(autouse=True)
def _short_waits(request):
    """Pages here answer in milliseconds: fail in seconds, not Playwright's 30."""
    if "page" in request.fixturenames:
        request.getfixturevalue("page").set_default_timeout(10_000)


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


#: Pages of the initial content with the most on them.
ARTICLE = (
    "cqc-held-2023-international-certification-factory-inspection-working-conference"
)
EVENT = "international-certification-factory-inspection-working-conference-2023"
PERSON = "liu-jiang"
ORGANIZATION = "cqc"
UNTRANSLATED = "only-in-english"


@pytest.fixture
def reader_site(initial_content):
    """
    The initial content and six more articles, so the news list has a second
    page, one of them without a Chinese translation (the notice shows).
    """
    from articles.models import TranslationStatus
    from tests.factories import ArticleFactory

    ArticleFactory.create_batch(5)
    ArticleFactory(
        slug=UNTRANSLATED,
        title_zh_hans="",
        standfirst_zh_hans="",
        body_zh_hans="",
        translation_status_zh_hans=TranslationStatus.MISSING,
    )


def reader_paths(language):
    """
    One address of every public page type in ``language`` (``reader_site``'s
    content): ``{page type: path}``.
    """
    from articles.models import Article, Event, Organization, Page, Person

    article = Article.objects.get(slug=ARTICLE)
    untranslated = Article.objects.filter(slug=UNTRANSLATED).first()
    favorites = Article.objects.published().order_by("-published_at")[:3]
    with translation.override(language):

        def url(name, **kwargs):
            return reverse(f"articles:{name}", kwargs=kwargs)

        paths = {
            "home": url("home"),
            "article-list": url("article-list"),
            "article-list-2": url("article-list") + "?page=2",
            "article-year": url("article-year", year=article.published_at.year),
            "article-detail": article.get_absolute_url(),
            "event-list": url("event-list"),
            "event-detail": Event.objects.get(slug=EVENT).get_absolute_url(),
            "person-detail": Person.objects.get(slug=PERSON).get_absolute_url(),
            "organization-detail": Organization.objects.get(
                slug=ORGANIZATION
            ).get_absolute_url(),
            "organization-people": url("organization-people", slug=ORGANIZATION),
            "organization-events": url("organization-events", slug=ORGANIZATION),
            "page-detail": Page.objects.first().get_absolute_url(),
            "favorites": url("favorites"),
            "favorites-list": url("favorites")
            + "?"
            + "&".join(f"a={favorite.slug}" for favorite in favorites),
            "search": url("search") + "?q=CQC",
            "search-empty": url("search"),
            "not-found": f"/{language}/news/no-such-article/",
        }
        if untranslated:
            paths["article-untranslated"] = untranslated.get_absolute_url()
        return paths


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
