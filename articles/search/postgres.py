"""
PostgreSQL backend: a table of one ``tsvector`` per language, GIN-indexed.

Each vector is built with the ``simple`` configuration (lower-casing, no
stemming, no stop words) from the tokens of ``text.index_tokens``, the title
weighted A, the standfirst B and the body C. Each GIN index holds a block of
article ids beside the vector (``btree_gin``), so that one index scan finds
the matches among the newest articles (see ``matching_ids``); the table has
no parallel workers, since starting one took longer than a search. Beside
it, the table of ``terms.py`` turns a word typed in part into the words it
begins. Publication is decided at query time by the articles that
``Article.objects.published()`` selects.
"""

from contextlib import contextmanager

from articles.search import terms as terms_table
from articles.search.schema import COLUMNS, LANGUAGES, WEIGHTS, ranking_groups

TABLE = "articles_search"
TERMS = terms_table.TABLE
# Ids in blocks of this many: each GIN index holds an article's block beside
# its vector (migration 0008), as a key that the primary key does not index.
# Keyed by block rather than by id, a window of ids costs a third less.
BLOCK = 64
# The newest ids searched first, in multiples of the number of results wanted.
FIRST_WINDOW = 2
# How many more matches than wanted a wider window is sized to hold, at the
# rate found so far: the newest articles are not all alike.
MARGIN = 1.5
# Fewer matches than this many times the number wanted, by that rate, are all
# read rather than searched for among the newest (see matching_ids).
READ_ALL = 8
# tsvector weight labels, in the order of schema.WEIGHTS (title, standfirst, body).
LABELS = dict(zip(WEIGHTS, "ABC", strict=True))


def _lexeme(token: str, flags: str) -> str:
    """A quoted tsquery lexeme, with its prefix mark and weight labels if any."""
    return f"'{token}':{flags}" if flags else f"'{token}'"


def _tsquery(alternatives, fields=()) -> str:
    """
    A ``to_tsquery`` expression: every term must match in one of its ways
    (``terms.alternatives``); with ``fields``, only within those fields (their
    weight labels). Terms hold only letters and digits, quoted as lexemes, so
    nothing a reader types can act as query syntax.
    """
    labels = "".join(LABELS[field] for field in fields)
    ways = (
        " | ".join(
            _lexeme(tokens[0], "*" + labels)
            if prefix
            else " <-> ".join(_lexeme(token, labels) for token in tokens)
            for tokens, prefix in term
        )
        for term in alternatives
    )
    return " & ".join(f"({way})" for way in ways)


def matching_ids(cursor, terms, language, published, limit):
    """
    Ids of published articles matching every term, best first: the ``limit``
    latest-added matches, ordered by where all the terms occur, as
    ``schema.RANKING_FIELDS`` says, then the latest added first.

    A GIN index cannot return matches newest first, so the newest ids are
    searched first, in a window (``FIRST_WINDOW``) to which the block of ids
    beside each vector (``BLOCK``) confines the index scan. With too few
    matches there, a wider window is searched, sized to where, at the rate
    found, ``limit`` should be (``MARGIN``), and beyond it only when it too
    holds too few; or, when that rate says there are few matches in all
    (``READ_ALL``), they are all read at once: a window costs in proportion
    to its width (~0.3 µs an article), reading every match in proportion to
    their number. Without windows, a phrase found in thousands of articles
    had each one's vector rechecked (~150 ms). Either way it takes the same
    three statements, whatever the number of articles.

    The window is a condition on the block alone, not on the id, because
    the planner underrates testing a vector: given the primary key, it read
    the window testing each vector in turn (~10 ms for 8,000). Only ids are
    sorted; the vectors of the chosen are read again to rank them, by
    testing them against the query restricted to the weights (fields) of
    each ranking group, not by ``ts_rank``: no score to compute.

    ``published`` is the SQL condition (and its parameters) that
    ``Article.objects.published()`` puts on ``articles_article``.
    """
    alternatives = terms_table.alternatives(cursor, terms)
    if alternatives is None:
        return []
    tsquery = _tsquery(alternatives)

    def candidates(window, window_params):
        # The newest ``limit`` published matches' ids (SQL, parameters),
        # ``window`` a condition on ``t`` or "". OFFSET 0 keeps the matches'
        # ids sorted before any is joined with its article, so that only the
        # newest are, until ``limit`` are published.
        published_sql, published_params = published
        return (
            f"SELECT m.article_id FROM ("
            f"SELECT t.article_id FROM {TABLE} AS t WHERE {window}("
            f"t.en @@ to_tsquery('simple', %s) OR t.zh_hans @@ to_tsquery('simple', %s)"
            f") "
            f"ORDER BY t.article_id DESC OFFSET 0"
            f") AS m JOIN articles_article ON articles_article.id = m.article_id "
            f"WHERE {published_sql} ORDER BY m.article_id DESC LIMIT %s",
            [*window_params, tsquery, tsquery, *published_params, limit],
        )

    # The block is compared as the bigint it is indexed as: compared with an
    # integer, the index could not use it.
    window = f"t.article_id / {BLOCK} >= %s::bigint AND "
    cursor.execute(f"SELECT max(article_id) FROM {TABLE}")
    newest = cursor.fetchone()[0] or 0
    width = limit * FIRST_WINDOW
    cursor.execute(*candidates(window, [(newest - width) // BLOCK]))
    ids = [row[0] for row in cursor.fetchall()]
    # How many matches there are in all, at the rate of the newest.
    expected = len(ids) * newest / width
    if len(ids) >= limit or newest <= width:
        chosen, chosen_params = "SELECT unnest(%s::bigint[])", [ids]
    elif expected <= READ_ALL * limit:
        chosen, chosen_params = candidates("", [])
    else:
        wider = int(newest * MARGIN * limit / expected)
        near, near_params = candidates(window, [(newest - wider) // BLOCK])
        beyond, beyond_params = candidates("", [])
        chosen = (
            f"WITH near AS MATERIALIZED ({near}) "
            f"SELECT article_id FROM near WHERE (SELECT count(*) FROM near) >= %s "
            f"UNION ALL SELECT article_id FROM ({beyond}) AS beyond "
            f"WHERE (SELECT count(*) FROM near) < %s"
        )
        chosen_params = [*near_params, limit, *beyond_params, limit]
    groups = ranking_groups(language)
    ranking = ", ".join(
        f"s.{lang} @@ to_tsquery('simple', %s) DESC" for lang, _fields in groups
    )
    cursor.execute(
        f"SELECT s.article_id FROM {TABLE} AS s WHERE s.article_id IN ({chosen}) "
        f"ORDER BY {ranking}, s.article_id DESC",
        [*chosen_params, *(_tsquery(alternatives, fields) for _lang, fields in groups)],
    )
    return [row[0] for row in cursor.fetchall()]


def _vector(lang: str) -> str:
    """One language's vector from its fields' tokens (``load``'s columns ``r``)."""
    return " || ".join(
        f"setweight(to_tsvector('simple', r.{field}_{lang}), '{LABELS[field]}')"
        for field in WEIGHTS
    )


def load(cursor, rows):
    """
    Insert or replace the entries of the given (id, tokens of each column)
    rows, in one statement; the tokens are in ``schema.COLUMNS`` order.
    """
    if not rows:
        return
    columns = ", ".join(COLUMNS)
    arrays = ", ".join(["%s::text[]"] * len(COLUMNS))
    updates = ", ".join(f"{lang} = EXCLUDED.{lang}" for lang in LANGUAGES)
    ids = [pk for pk, _tokens in rows]
    texts = zip(*(tokens for _pk, tokens in rows), strict=True)
    cursor.execute(
        f"INSERT INTO {TABLE} (article_id, {', '.join(LANGUAGES)}) "
        f"SELECT r.article_id, {', '.join(_vector(lang) for lang in LANGUAGES)} "
        f"FROM unnest(%s::bigint[], {arrays}) AS r(article_id, {columns}) "
        f"ON CONFLICT (article_id) DO UPDATE SET {updates}",
        [ids, *map(list, texts)],
    )


def store(cursor, rows):
    """``load`` the rows, and add their words to ``TERMS``."""
    load(cursor, rows)
    # In order, so that two saves adding the same new words wait for each
    # other rather than deadlock.
    words = sorted(
        {word for _pk, tokens in rows for text in tokens for word in text.split()}
    )
    cursor.execute(
        f"INSERT INTO {TERMS} (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
        [words],
    )


def remove(cursor, ids):
    if ids:
        cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(ids)])


@contextmanager
def rebuilding(cursor):
    """
    Empty the index for a rebuild, and make it whole after the rows are
    loaded: the GIN indexes are dropped meanwhile and built again from all
    the rows at once (~5 s for 100,000 articles; kept current row by row,
    they cost ~90 s of the server's time), and ``TERMS`` is refilled from
    the vectors. Whatever indexes the migrations made are made again as
    they were.
    """
    cursor.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) "
        "FROM pg_index WHERE indrelid = %s::regclass AND NOT indisprimary",
        [TABLE],
    )
    indexes = cursor.fetchall()
    cursor.execute(f"TRUNCATE {TABLE}")
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    for _name, definition in indexes:
        cursor.execute(definition)
    cursor.execute("SELECT to_regclass(%s)", [TERMS])
    if cursor.fetchone()[0]:
        cursor.execute(f"TRUNCATE {TERMS}")
        cursor.execute(
            f"INSERT INTO {TERMS} (term) SELECT word FROM ts_stat("
            f"'SELECT en FROM {TABLE} UNION ALL SELECT zh_hans FROM {TABLE}')"
        )


def optimise(cursor):
    """
    Refresh the planner's statistics after a rebuild, of the index and of the
    articles it is joined with (a rebuild follows writes in bulk): without
    them it may pick a plan that reads every article for a common word.
    """
    cursor.execute(f"ANALYZE {TABLE}, articles_article")
