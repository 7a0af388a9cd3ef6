"""The search page."""

from django.views.generic import ListView

from articles import languages
from articles.invalidation import SEARCH
from articles.models import Article
from articles.search import SearchResults, highlight, search, snippet
from articles.views.base import PaginatedMixin
from cqcnews.page_cache import remember

#: Longer queries are cut here, with a notice: nobody types more, and the cap
#: keeps a hostile query from costing more than a real one.
MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """
    The words a reader searched for, as searched and shown again: control
    characters (NUL bytes, …) dropped, runs of white space made one space,
    cut at ``MAX_QUERY_LENGTH``. Returns the query and whether it was cut.
    """
    printable = "".join(c if c.isprintable() else " " for c in raw)
    query = " ".join(printable.split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


class SearchView(PaginatedMixin, ListView):
    """
    Published articles matching the reader's words, best first, those in the
    page's language ahead (``articles.search``), with the words marked.

    The matches of a query and each page of its results are kept (in the
    page's language) until an article's text, or which articles are
    published, changes (``SEARCH``): readers ask the same few questions.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"
    items_template = "articles/includes/search_items.html"

    def get_queryset(self):
        """The ids of the matching articles, best first: the paginator counts them."""
        self.query, self.query_truncated = clean_query(self.request.GET.get("q", ""))
        language = languages.current()
        return remember(
            f"search:{language}:{self.query}",
            lambda: search(self.query, language=language).ids,
            tagged=self.list_tags(),
        )

    def list_tags(self):
        return [SEARCH]

    def items_key(self):
        return (self.query,)

    def items_context(self, ids):
        return {
            "query": self.query,
            "results": [
                {
                    "article": article,
                    "title": highlight(article.title, self.query),
                    "snippet": snippet(article.body, self.query),
                }
                for article in SearchResults(ids, Article.objects.all())
            ],
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            query_truncated=self.query_truncated,
            max_query_length=MAX_QUERY_LENGTH,
            **kwargs,
        )
