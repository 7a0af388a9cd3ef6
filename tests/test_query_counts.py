"""
Every public page runs a small, fixed number of SQL queries: as many with a
handful of articles as with a large archive.

The module builds a site with ``manage.py populate`` (5 articles) and
requests each page, then grows the same site to 100,000 articles and
requests the same pages again. Growing links the new news with what is
there, so the event, person and organisation measured have more to show on
the large site, not the same few rows (``test_measured_pages_grow_with_the_site``).
The data lives in one transaction around the module, rolled back at its end,
so other modules still start from an empty database.

Growing to the large site takes more than a minute, so its tests are marked
``slow``: CI runs them in its PostgreSQL pass, the production database, and
leaves them out of its SQLite pass (``-m "not cluster and not slow"``).

Pages are requested uncached, with the benchmark's uncached middleware and
empty caches (tests/conftest.py): a cached page runs no query at all
(tests/test_caching.py), and each page also pays for the site-wide figures
it keeps in the cache, whatever was requested before it.
"""

import io
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Article, Page, Participation
from bench.uncached_settings import MIDDLEWARE as UNCACHED_MIDDLEWARE

# Marked so that pytest-django sets the test database up for this module.
pytestmark = pytest.mark.django_db

SMALL_SITE = 5
LARGE_SITE = 100_000
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
    "organisation's people": ("organization-people", "en", {"slug": "organization"}),
    "organisation's events": ("organization-events", "en", {"slug": "organization"}),
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


def links(sample):
    """How much the pages of the linked ``sample`` objects have to show."""
    return {
        "the event's articles": sample["event"].articles.count(),
        "the person's events": sample["person"].participations.count(),
        "the organisation's articles": sample["organization"].articles.count(),
        "the organisation's people": sample["organization"].participations.count(),
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


@dataclass
class Site:
    """The site under test: its size, what its pages show, their counts."""

    size: int
    sample: dict
    urls: dict
    #: Links of the sample objects on the small site.
    small_links: dict
    #: Queries of each page, by label and then by size.
    counts: dict = field(default_factory=dict)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The small site, built inside a transaction rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("populate", articles=SMALL_SITE, seed=1, stdout=io.StringIO())
        sample = sample_objects()
        yield Site(
            size=SMALL_SITE,
            sample=sample,
            urls={
                label: address(name, language, options, sample)
                for label, (name, language, options) in PAGES.items()
            },
            small_links=links(sample),
        )
        transaction.set_rollback(True)


@pytest.fixture(
    scope="module",
    params=[SMALL_SITE, pytest.param(LARGE_SITE, marks=pytest.mark.slow)],
)
def sized(request, site):
    """
    The site at ``request.param`` articles. pytest runs every test of one
    size before the next, smallest first, so the site only ever grows.
    """
    if request.param > site.size:
        call_command(
            "populate",
            articles=request.param - site.size,
            seed=2,
            force=True,
            stdout=io.StringIO(),
        )
        # Check the deferred foreign keys of the new rows once, for good:
        # each test checks them at teardown (Django's TestCase), and on
        # PostgreSQL rolling back the test's savepoint leaves them pending.
        connection.check_constraints()
        site.size = request.param
    assert site.size == request.param, "The site cannot shrink: run it in order."
    return site


@pytest.mark.parametrize("label", PAGES)
def test_page_runs_few_queries_whatever_the_amount_of_news(
    sized, label, client, django_assert_max_num_queries
):
    url = sized.urls[label]
    if url is None:
        pytest.skip(f"No route {PAGES[label][0]!r}: the {label} page does not exist.")
    with (
        override_settings(MIDDLEWARE=UNCACHED_MIDDLEWARE),
        django_assert_max_num_queries(MAX_QUERIES, info=url) as queries,
    ):
        response = client.get(url)
    assert response.status_code == 200, url
    counts = sized.counts.setdefault(label, {})
    counts[sized.size] = len(queries)
    # On the large site, the same count as on the small one, measured first
    # (unless its tests were deselected).
    assert len(set(counts.values())) == 1, (
        f"{label}: {counts[SMALL_SITE]} queries with {SMALL_SITE} articles, "
        f"{counts[sized.size]} with {sized.size}"
    )


def test_measured_pages_grow_with_the_site(sized):
    """The pages counted show linked news at both sizes, and more on the large site."""
    now = links(sized.sample)
    assert all(now.values()), now
    if sized.size > SMALL_SITE:
        grown = {name: now[name] > sized.small_links[name] for name in now}
        assert all(grown.values()), (
            f"{now}, with {SMALL_SITE} articles {sized.small_links}"
        )
