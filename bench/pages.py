"""
The pages measured, one of each type, and what each costs apart from its
load: its SQL queries, and the article page's weight and blocking scripts.
"""

import gzip
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urlencode

#: The floor measured against the uncached target (``floor_pages``).
ARTICLE_FLOOR = "floor: the article's query, no template"

#: Script types a browser runs before rendering; "module" is deferred anyway,
#: and data blocks (application/ld+json) are not run at all.
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript"}


def pages():
    """``{label: path}`` of one page of each type, with a hashed static file."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import reverse
    from django.utils import translation

    from articles.models import Article, Organization, Page, Participation

    participation = (
        Participation.objects.filter(event__articles__isnull=False)
        .select_related("event", "person")
        .first()
    )
    article = (
        Article.objects.published()
        .exclude(title_en="")
        .exclude(title_zh_hans="")
        .filter(events=participation.event)
        .first()
    )
    organization = Organization.objects.filter(articles__isnull=False).first()

    def url(name, language="en", **kwargs):
        with translation.override(language):
            return reverse(f"articles:{name}", kwargs=kwargs or None)

    return {
        "static file (CSS)": staticfiles_storage.url("css/site.css"),
        "home": url("home"),
        "news list": url("article-list"),
        "article, English": url("article-detail", slug=article.slug),
        "article, Chinese": url("article-detail", "zh-hans", slug=article.slug),
        "event": url("event-detail", slug=participation.event.slug),
        "person": url("person-detail", slug=participation.person.slug),
        "organisation": url("organization-detail", slug=organization.slug),
        # The plainest page with the site's header and footer: a floor.
        "footer page": url("page-detail", slug=Page.objects.first().slug),
        # Two words, as readers search; one word common to every synthetic
        # article ranks thousands of matches (``scenarios.search_p95``).
        "search, English": url("search") + "?" + urlencode({"q": "toys Qingdao"}),
        "search, Chinese": url("search", "zh-hans")
        + "?"
        + urlencode({"q": "青岛 玩具"}),
    }


def floor_pages(article_path):
    """``{label: path}`` of the floors, in English, for the article at that path."""
    from django.urls import resolve, reverse
    from django.utils import translation

    from bench.uncached_settings import ROOT_URLCONF

    slug = resolve(article_path).kwargs["slug"]
    with translation.override("en"):
        return {
            "floor: middleware, no query, no template": reverse(
                "floor-middleware", urlconf=ROOT_URLCONF
            ),
            ARTICLE_FLOOR: reverse(
                "floor-article", urlconf=ROOT_URLCONF, kwargs={"slug": slug}
            ),
        }


def query_counts(paths):
    """SQL queries per page, uncached, through the whole middleware stack."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.uncached_settings import MIDDLEWARE, ROOT_URLCONF

    counts = {}
    with override_settings(MIDDLEWARE=MIDDLEWARE, ROOT_URLCONF=ROOT_URLCONF):
        client = Client()
        for label, path in paths.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {path} answered {response.status_code}")
            counts[label] = len(queries)
    return counts


class Assets(HTMLParser):
    """The stylesheets a page links and the scripts that block its rendering."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.blocking_scripts = [], []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif (
            tag == "script"
            and self.in_head
            and not {"defer", "async"} & attrs.keys()
            and attrs.get("type", "text/javascript") in JAVASCRIPT_TYPES
        ):
            self.blocking_scripts.append(attrs.get("src", "inline"))


def page_weight(server, path):
    """``(KB of HTML and CSS, gzip-compressed; render-blocking scripts)``."""
    html = urllib.request.urlopen(server.url(path)).read()
    assets = Assets()
    assets.feed(html.decode())
    files = [html] + [
        urllib.request.urlopen(server.url(href)).read() for href in assets.stylesheets
    ]
    size = sum(len(gzip.compress(content, compresslevel=9)) for content in files)
    return size / 1024, assets.blocking_scripts
