"""The news: all of it, a year of it, and one article."""

from datetime import MAXYEAR, MINYEAR

from django.http import Http404
from django.views.generic import DetailView, ListView

from articles import linked, parts, seo
from articles.invalidation import (
    NEWS,
    NEWS_YEARS,
    neighbours_of,
    news_of_year,
    own_page,
)
from articles.models import Article
from articles.views.base import PaginatedMixin, PublishedArticleMixin, display_text
from cqcnews.page_cache import remember
from cqcnews.tags import tag, untracked


def archive_counts():
    """
    ``{year: number of published articles}``, newest year first: the news
    list's links to each year and its pager's counts.

    Counting reads the whole reading-order index, far too much for every
    page of news; the figures change only when an article enters or leaves
    the news (a publication, a scheduled article going live), so they are
    kept until then (``cqcnews.page_cache.remember``).
    """
    return remember(
        "archive-counts",
        lambda: Article.objects.published().year_counts(),
        tagged=[NEWS],
    )


def kept_neighbours(article):
    """
    The links to the articles either side (``Article.objects.neighbours``),
    kept rendered until an article enters, leaves or moves next to it, or
    one of the two changes (``articles.invalidation``): building their query
    costs more than the rest of the article's queries. The two articles are
    kept too, for both languages, so that the page in the other language
    renders its links without that query. An editor's preview of a draft
    reads them each time.
    """
    tags = [neighbours_of(article.pk)]

    def read():
        previous, following = Article.objects.neighbours(article)
        return {"previous": previous, "next": following}

    def kept_read():
        return remember(f"article-neighbours:{article.pk}", read, tagged=tags)

    return parts.kept(
        "articles/includes/article_neighbours.html",
        kept_read if article.is_published else read,
        article.pk,
        tagged=tags,
        keep=article.is_published,
    )


class ArticleListView(PublishedArticleMixin, PaginatedMixin, ListView):
    """All the news, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"
    items_template = "articles/includes/news_items.html"

    def list_tags(self):
        """The lists this page is a page of (``articles.invalidation``)."""
        return [NEWS]

    def counts(self):
        """
        ``archive_counts()``, and the page tagged as the list it is: a year's
        page changes with that year's news and the years, not with all news.
        """
        with untracked():
            counts = archive_counts()
        tag(*self.list_tags())
        return counts

    def item_count(self):
        """How many articles the list pages through, from ``archive_counts()``."""
        return sum(self.counts().values())

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=list(self.counts()), **kwargs)


class ArticleYearView(ArticleListView):
    """One year of news; a year without published news does not exist."""

    allow_empty = False

    def get_queryset(self):
        year = self.kwargs["year"]
        # No news outside the calendar, and a year at its edge cannot be
        # looked up: its bounds, moved to UTC, fall outside it.
        if not MINYEAR < year < MAXYEAR:
            raise Http404
        return super().get_queryset().in_year(year)

    def list_tags(self):
        return [news_of_year(self.kwargs["year"]), NEWS_YEARS]

    def items_key(self):
        return (self.kwargs["year"],)

    def item_count(self):
        return self.counts().get(self.kwargs["year"], 0)

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """
    An article, with the records it links to and the articles either side,
    each kept until it changes (``body``, ``kept_neighbours``).
    """

    context_object_name = "article"
    body_template = "articles/includes/article_body.html"

    def body(self, article, text):
        """
        The article's text and linked part, rendered and kept
        (``articles.parts``) under the article's versions while it is
        published: the records it links to (``articles.linked``) are read
        only when the article, or one of them, has changed. An editor's
        preview of a draft is rendered each time.
        """
        return parts.of_record(
            article,
            self.body_template,
            lambda: {"article": article, "text": text, "linked": linked.kept(article)},
            article.updated_at,
            article.linked_version,
            keep=article.is_published,
        )

    def get_context_data(self, **kwargs):
        article = self.object
        tag(own_page(Article, article.pk))
        text = display_text(article, ["title", "standfirst", "body", "cover_alt"])
        absolute = self.request.build_absolute_uri
        image = seo.preview_image(article.cover_image, text["cover_alt"], absolute)
        return super().get_context_data(
            text=text,
            body=self.body(article, text),
            neighbours=kept_neighbours(article),
            sharing={
                "title": text["title"],
                "description": text["standfirst"],
                "language": text["language"],
                "kind": "article",
                "image": image,
            },
            structured_data=seo.news_article(
                article, text, absolute=absolute, image=image
            ),
            **kwargs,
        )
