"""
Full-text search over published articles, in English and Chinese.

Public API (all a view needs)::

    from articles.search import search, highlight, snippet

    results = search(request.GET.get("q", ""), language=request.LANGUAGE_CODE)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    for article in page:
        highlight(article.title, query)   # SafeString: escaped, matches in <mark>
        snippet(article.body, query)      # SafeString: excerpt of the body's text

``search(query, language=None, queryset=None)`` returns ``SearchResults``, a
ranked, lazy sequence of published ``Article`` objects: ``len()`` and slicing
are all ``Paginator`` uses, and a slice loads only that page's articles (from
``queryset``, e.g. one with ``select_related``, always narrowed by
``published()``). The ``MAX_RESULTS`` latest-added matching articles are
ranked and returned, no more: news readers want the recent, and the cost
stays flat however common the words. Any query is
safe: empty, one character, punctuation only, operators, markup, NUL bytes or
10,000 characters give an empty or sensible result, never an error.

Matching: every term must occur. English (and other spaced scripts) match
whole words case-insensitively, by prefix from three letters: "certif" finds
"Certification", while "eu" finds "EU" and not "Europe" (one or two letters
begin too many words to mean anything). Chinese matches as a substring: 福州
and 新能源汽车 are found inside running text. Terms of one character are
ignored. Both languages' title, standfirst and body (its text, not its HTML)
are searched, so an article with no translation in the page's language is
still found.

Ranking (``schema.RANKING_FIELDS``): articles with all the terms in the
page's language come first, then by where the terms occur (title above
standfirst above body), then the latest. No score such as bm25 is computed:
it needs, for each term, the number of articles in the whole index holding
it, which for a common word or phrase cost more than the rest of a search.
Only ``Article.objects.published()`` is searched, applied at query time, so
a scheduled article appears once its time has passed.

Speed: ``bench/search.py`` measures it on a populated database.

Keeping the index current: ``articles.signals`` re-indexes an article when it
is saved (fixtures included) and drops it when it is deleted, in the same
transaction. Writes that bypass signals (``bulk_create``, ``update()``, raw
SQL) must be followed by ``rebuild_index()`` or ``manage.py
rebuild_search_index``. A rebuild reads plain rows, not model instances, and
writes in batches, tokenising the next while the database writes one: for
100,000 articles on two cores, about 40 s on SQLite and 55 s on PostgreSQL.

Backends: SQLite (an FTS5 table, ``sqlite.py``) and PostgreSQL (GIN-indexed
``tsvector`` columns, ``postgres.py``); text handling shared by both is in
``text.py``, what is indexed in ``schema.py``, and the table of words that
completes a word typed in part in ``terms.py``.
"""

from concurrent.futures import ThreadPoolExecutor
from itertools import batched

from django.db import connections, router, transaction

from articles.languages import field_suffix
from articles.search import postgres, sqlite
from articles.search.schema import COLUMNS, article_values, document
from articles.search.text import highlight, query_terms, snippet

__all__ = [
    "MAX_RESULTS",
    "SearchResults",
    "highlight",
    "index_articles",
    "rebuild_index",
    "remove_articles",
    "search",
    "snippet",
]

# Readers do not page past the first few dozen results. Only this many of the
# latest-added matches are ranked and counted, so a word found in every article
# costs no more than a rare one. Ranking costs in proportion: with 100,000
# articles on two cores, 1,000 took a 95th percentile of 35-45 ms, 500 of
# 20-25 ms (bench/search.py).
MAX_RESULTS = 500
# Articles indexed per statement when rebuilding.
BATCH_SIZE = 500

_BACKENDS = {"sqlite": sqlite, "postgresql": postgres}


def _backend(connection):
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None


def _article_model():
    # Imported here: articles.models is not ready when the app registry
    # imports this package through articles.signals.
    from articles.models import Article

    return Article


class SearchResults:
    """
    Ranked search results: the matching ids now, the articles page by page.

    Indexing or iterating loads articles; ``len()`` does not.
    """

    def __init__(self, ids, queryset):
        self.ids = ids
        self.queryset = queryset

    def __len__(self):
        return len(self.ids)

    def __bool__(self):
        return bool(self.ids)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._load([self.ids[key]])[0]
        return self._load(self.ids[key])

    def __iter__(self):
        for start in range(0, len(self.ids), BATCH_SIZE):
            yield from self._load(self.ids[start : start + BATCH_SIZE])

    def _load(self, ids):
        by_id = self.queryset.published().in_bulk(ids)
        return [by_id[pk] for pk in ids if pk in by_id]


def search(query, language=None, queryset=None) -> SearchResults:
    """
    Published articles matching ``query``, best first for a reader of
    ``language`` (a site language code; the active language by default).
    """
    Article = _article_model()
    queryset = Article.objects.all() if queryset is None else queryset
    terms = query_terms(query or "")
    if not terms:
        return SearchResults([], queryset)
    connection = connections[queryset.db]
    # The publication rule as a condition on the articles table, compiled
    # from published() itself so that search can never drift from it.
    published = Article.objects.published().query
    condition = published.get_compiler(using=queryset.db).compile(published.where)
    with connection.cursor() as cursor:
        ids = _backend(connection).matching_ids(
            cursor, terms, field_suffix(language), condition, MAX_RESULTS
        )
    return SearchResults(ids, queryset)


def index_articles(articles, using=None):
    """(Re-)index ``articles``: any objects with the translated text fields."""
    articles = list(articles)
    if not articles:
        return
    using = using or router.db_for_write(_article_model())
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        _backend(connection).store(
            cursor,
            [(article.pk, document(article_values(article))) for article in articles],
        )


def remove_articles(ids, using=None):
    """Drop the index entries of the articles with these ids."""
    using = using or router.db_for_write(_article_model())
    connection = connections[using]
    with connection.cursor() as cursor:
        _backend(connection).remove(cursor, list(ids))


def _documents(rows):
    """
    (id, tokens of each column) for each of ``rows`` (id, values of
    ``COLUMNS``), a batch at a time, the next batch tokenised meanwhile.

    Tokenising is Python's work and writing the index the database's (in its
    own process, or in SQLite's C code, which lets Python's other threads
    run): on two cores, doing both at once takes about as long as the slower
    of the two, not their sum. Only this function's thread touches the
    database.
    """

    def tokenise(batch):
        return [(pk, document(values)) for pk, *values in batch]

    with ThreadPoolExecutor(max_workers=1) as tokeniser:
        pending = None
        for batch in batched(rows, BATCH_SIZE):
            following = tokeniser.submit(tokenise, batch)
            if pending is not None:
                yield pending.result()
            pending = following
        if pending is not None:
            yield pending.result()


def rebuild_index(queryset=None, using=None) -> int:
    """
    Empty the index and index every article again (drafts too: publication is
    checked at query time). ``queryset`` may be a historical model's manager's
    queryset in a migration. Returns the number of articles indexed.
    """
    if queryset is None:
        queryset = _article_model()._default_manager.all()
    using = using or queryset.db
    # Plain rows, not model instances: building 100,000 articles (and
    # modeltranslation's work on each) would cost more than indexing them.
    rows = queryset.using(using).order_by("pk").values_list("pk", *COLUMNS)
    connection = connections[using]
    backend = _backend(connection)
    count = 0
    with (
        transaction.atomic(using=using),
        connection.cursor() as cursor,
        backend.rebuilding(cursor),
    ):
        for documents in _documents(rows.iterator(chunk_size=BATCH_SIZE)):
            backend.load(cursor, documents)
            count += len(documents)
    with connection.cursor() as cursor:
        backend.optimise(cursor)
    return count
