"""The reader's favorites page."""

from urllib.parse import urlencode

from django.core.validators import slug_re
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article


def favorites_url(slugs):
    """The favorites page listing the articles ``slugs``, in that order."""
    address = reverse("articles:favorites")
    query = urlencode([("a", slug) for slug in slugs])
    return f"{address}?{query}" if query else address


class FavoritesView(TemplateView):
    """
    The reader's saved articles, without an account or a cookie.

    The list lives in the reader's browser (``static/js/favorites.js`` keeps
    it in localStorage) and reaches the server only as the page's address,
    ``?a=slug&a=slug``: the page is the same for everyone who asks for the
    same list, and without JavaScript it still works as a bookmark. Unknown
    and unpublished slugs are left out; a list is cut at ``max_articles``.
    """

    template_name = "articles/favorites.html"
    max_articles = 100

    def get_context_data(self, **kwargs):
        # Only a slug can name an article: anything else (a NUL byte, which
        # PostgreSQL refuses in a query) is left out before the database.
        asked = [
            a for a in dict.fromkeys(self.request.GET.getlist("a")) if slug_re.match(a)
        ]
        asked = asked[: self.max_articles]
        found = Article.objects.published().in_bulk(asked, field_name="slug")
        articles = [found[slug] for slug in asked if slug in found]
        slugs = [article.slug for article in articles]
        return super().get_context_data(
            favorites=[
                (article, favorites_url(s for s in slugs if s != article.slug))
                for article in articles
            ],
            **kwargs,
        )
