"""
The site's addresses, plus two floors that ``make bench`` measures beside the
uncached pages (``bench.uncached_settings`` serves this URLconf).

No uncached page can be faster than the work every one of them shares: the
server and the middleware, then at least one query through the ORM. The two
floors are exactly that and nothing more, with no template. Their ratio to
the static file is the ceiling for any uncached page on this stack and
machine; the table shows how far each real page is below it.
"""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from articles.models import Article
from cqcnews.urls import urlpatterns


def middleware_only(request):
    """A response with no query and no template, through every middleware."""
    return HttpResponse("<!doctype html><title>floor</title>")


def article_without_template(request, slug):
    """
    The one query an article page cannot skip (its published article, found
    as ``ArticleDetailView`` finds it), and its body as the whole response.
    """
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return HttpResponse(article.body)


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(
        path("floor/", middleware_only, name="floor-middleware"),
        path("floor/<slug:slug>/", article_without_template, name="floor-article"),
    ),
]
