"""
What crawlers are told about the site: the sitemap of every public page in
both languages, a Google News sitemap per language (``/en/news-sitemap.xml``)
and ``/robots.txt``.

``/sitemap.xml`` is an index of one sitemap per section
(``/sitemap-articles.xml``), each paged at ``BilingualSitemap.limit`` items:
a large archive stays within the 50,000 addresses and 50 MB a sitemap may
hold, and no single response has to render all of it.

Each sitemap entry names the page in English and in Chinese, and the
unprefixed address as ``x-default``: the locale middleware sends a reader
who follows it to the language their browser asks for.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from articles import languages, seo
from articles.invalidation import NEWS, TODAY
from articles.models import Article, Event, Organization, Page, Person
from articles.views.articles import archive_counts
from cqcnews.tags import tag

#: Google News takes articles published in the last two days, at most 1,000.
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000


class InEachLanguage(Sequence):
    """
    The (item, language) pairs of ``items``, fetched a page at a time.

    Django's i18n sitemaps build these pairs as a list of every item before
    paginating, which loads the whole archive for each sitemap page; this
    sequence counts with one query and slices the queryset instead.
    """

    def __init__(self, items, languages):
        self.items = items
        self.languages = languages

    def __len__(self):
        count = self.items.count() if hasattr(self.items, "query") else len(self.items)
        return count * len(self.languages)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        per_item = len(self.languages)
        first = start // per_item
        last = -(-stop // per_item)
        pairs = [
            (item, language)
            for item in self.items[first:last]
            for language in self.languages
        ]
        return pairs[start - first * per_item : stop - first * per_item]


class BilingualSitemap(Sitemap):
    """Each item in both languages, with hreflang alternates and x-default."""

    i18n = True
    alternates = True
    x_default = True
    # Addresses per sitemap page: each item once per language.
    limit = 2000

    def _items(self):
        return InEachLanguage(self.items(), self._languages())


class SectionSitemap(BilingualSitemap):
    """The home page, the lists and the news archive's years."""

    changefreq = "daily"

    def items(self):
        return [
            ("articles:home", {}),
            ("articles:article-list", {}),
            ("articles:event-list", {}),
            # The news list's own years, counted once per content version.
            *(("articles:article-year", {"year": year}) for year in archive_counts()),
        ]

    def location(self, item):
        name, kwargs = item
        return reverse(name, kwargs=kwargs)


class ArticleSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().order_by("pk")

    def lastmod(self, item):
        return seo.last_modified(item)

    def get_latest_lastmod(self):
        """
        The newest ``lastmod``, for the index: worked out by the database.
        Django's own reads every article to find it, seconds at 100,000.
        """
        latest = Greatest("published_at", "updated_at")
        return self.items().aggregate(latest=Max(latest))["latest"]


class ObjectSitemap(BilingualSitemap):
    """Every object of ``model``, at its ``get_absolute_url()``."""

    model = None
    changefreq = "monthly"

    def items(self):
        return self.model.objects.order_by("pk")


class EventSitemap(ObjectSitemap):
    model = Event

    def items(self):
        return Event.objects.public().order_by("pk")


class PersonSitemap(ObjectSitemap):
    model = Person


class OrganizationSitemap(ObjectSitemap):
    model = Organization


class PageSitemap(ObjectSitemap):
    model = Page


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "events": EventSitemap,
    "people": PersonSitemap,
    "organizations": OrganizationSitemap,
    "pages": PageSitemap,
}


def fresh_news(language=None):
    """
    The articles of the Google News sitemap of ``language`` (the active one
    by default): those with their own text in it that went live in the last
    two days.
    """
    return (
        Article.objects.published()
        .available_in(language)
        .filter(published_at__gte=timezone.now() - NEWS_WINDOW)[:NEWS_LIMIT]
    )


def news_sitemap(request):
    """
    The Google News sitemap of the active language. With no fresh news there
    is none (404): the sitemap schema wants at least one ``<url>`` in a
    ``<urlset>``, and ``robots.txt`` names only the news sitemaps that have
    news.
    """
    # Kept until the news changes, or midnight: the two days' window moves.
    tag(NEWS, TODAY)
    articles = fresh_news()
    if not articles:
        raise Http404("No news of the last two days in this language.")
    context = {
        "publication": settings.SITE_NAME,
        "language": seo.FEED_LANGUAGES[languages.current()],
        "entries": [
            (request.build_absolute_uri(article.get_absolute_url()), article)
            for article in articles
        ],
    }
    return HttpResponse(
        render_to_string("sitemaps/news.xml", context),
        content_type="application/xml; charset=utf-8",
    )


def robots_txt(request):
    """
    Crawl everything but the admin and the search results; where the
    sitemaps are (a language's news sitemap only while it has news).

    The ``Disallow`` lines come first: Google takes the longest matching
    rule, but others (Python's robotparser among them) take the first that
    matches, and would read an ``Allow: /`` above them as allowing all.
    """
    lines = ["User-agent: *", "Disallow: /admin/"]
    news = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lines.append(f"Disallow: {reverse('articles:search')}")
            if fresh_news(language).exists():
                news.append(reverse("articles:news-sitemap"))
    lines.append("Allow: /")
    for address in [reverse("sitemap"), *news]:
        lines.append(f"Sitemap: {request.build_absolute_uri(address)}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
