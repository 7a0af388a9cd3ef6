"""
Every public page runs a small, fixed number of SQL queries: as many with a
handful of articles as with a large archive.

The module builds the site once with ``manage.py populate`` (5 articles),
counts each page's queries, grows the same site to ``LARGE_SITE`` articles
and counts again. The data lives in one transaction around the module,
rolled back at its end, so other modules still start from an empty database.
Pages are counted uncached, with the benchmark's uncached middleware: a
cached page runs no query at all (tests/test_caching.py).

``LARGE_SITE`` is 20,000 rather than 100,000: populating writes 100,000
articles in well under a minute, but indexing them for search takes minutes,
too long for the suite. ``make bench`` runs the same pages on a database of
any size (``BENCH_ARTICLES=100000 make bench``).
"""

import io
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article, Page, Participation
from bench.uncached_settings import MIDDLEWARE as UNCACHED_MIDDLEWARE

# Marked so that pytest-django sets the test database up for this module.
pytestmark = pytest.mark.django_db

SMALL_SITE = 5
LARGE_SITE = 20_000
MAX_QUERIES = 8

#: Each public page: its route, its language, and how it finds its object
#: among the small site's (a function of the ``sample`` objects) or a query.
PAGES = {
    "home": ("home", "en", {}),
    "news list": ("article-list", "en", {}),
    "year archive": ("article-year", "en", {"year": True}),
    "article": ("article-detail", "en", {"slug": "article"}),
    "article in Chinese": ("article-detail", "zh-hans", {"slug": "article"}),
    "event list": ("event-list", "en", {}),
    "event": ("event-detail", "en", {"slug": "event"}),
    "person": ("person-detail", "en", {"slug": "person"}),
    "organisation": ("organization-detail", "en", {"slug": "organization"}),
    "footer page": ("page-detail", "en", {"slug": "page"}),
    "search": ("search", "en", {"search": True}),
    "search in Chinese": ("search", "zh-hans", {"search": True}),
    "feed": ("feed", "en", {}),
    "sitemap": ("sitemap", None, {}),
}


def sample_objects():
    """Objects of the small site whose pages show the most: linked ones."""
    participation = (
        Participation.objects.select_related("event", "person", "organization")
        .filter(event__articles__isnull=False)
        .first()
    )
    article = Article.objects.published().filter(events=participation.event).first()
    return {
        "article": article,
        "event": participation.event,
        "person": participation.person,
        "organization": participation.organization,
        "page": Page.objects.first(),
    }


def address(name, language, options, sample):
    """The page's URL, or None when its route does not exist (yet)."""
    kwargs = {}
    if "slug" in options:
        kwargs["slug"] = sample[options["slug"]].slug
    if "year" in options:
        kwargs["year"] = sample["article"].published_at.year
    if "search" in options:
        # Words of the sample article's title, so both sites find something:
        # the English title's last word, the Chinese title's last characters.
        title = sample["article"].translated_value("title", language)
        words = title.split()[-1] if language == "en" else title[-4:]
        options = {"query": "?" + urlencode({"q": words})}
    prefix = "" if language is None else "articles:"
    try:
        with translation.override(language or settings.LANGUAGE_CODE):
            url = reverse(f"{prefix}{name}", kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return url + options.get("query", "")


def count_queries(urls):
    """
    Queries each URL runs, uncached; every page must answer 200. Each starts
    from an empty cache, so it also pays for the site-wide figures it keeps
    there (``remember``): the count is the page's worst, whatever was
    requested before it or whenever the content version last turned over.
    """
    counts = {}
    with override_settings(MIDDLEWARE=UNCACHED_MIDDLEWARE):
        client = Client()
        for label, url in urls.items():
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, f"{label}: {url}"
            counts[label] = len(queries)
    return counts


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """
    ``(urls, counts on the small site, counts on the large site)``, with the
    site built inside a transaction that is rolled back afterwards.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("populate", articles=SMALL_SITE, seed=1, stdout=io.StringIO())
        sample = sample_objects()
        urls = {
            label: address(name, language, options, sample)
            for label, (name, language, options) in PAGES.items()
        }
        present = {label: url for label, url in urls.items() if url}
        small = count_queries(present)
        call_command(
            "populate",
            articles=LARGE_SITE - SMALL_SITE,
            seed=2,
            force=True,
            stdout=io.StringIO(),
        )
        large = count_queries(present)
        yield urls, small, large
        transaction.set_rollback(True)


@pytest.mark.parametrize("label", PAGES)
def test_page_runs_few_queries_whatever_the_amount_of_news(measured, label):
    urls, small, large = measured
    if urls[label] is None:
        pytest.skip(f"No route {PAGES[label][0]!r}: the {label} page does not exist.")
    assert large[label] <= MAX_QUERIES, f"{label}: {large[label]} queries"
    assert large[label] == small[label], (
        f"{label}: {small[label]} queries with {SMALL_SITE} articles, "
        f"{large[label]} with {LARGE_SITE}"
    )
