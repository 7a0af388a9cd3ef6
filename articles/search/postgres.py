"""
PostgreSQL backend: a table of one ``tsvector`` per language, GIN-indexed.

Each vector is built with the ``simple`` configuration (lower-casing, no
stemming, no stop words) from the tokens of ``text.index_tokens``, the title
weighted A, the standfirst B and the body C. Publication is decided at query
time by the articles that ``Article.objects.published()`` selects.
"""

from articles.search.schema import LANGUAGES, WEIGHTS
from articles.search.text import Term

TABLE = "articles_search"
# tsvector weight labels, in the order of schema.WEIGHTS (title, standfirst, body).
LABELS = dict(zip(WEIGHTS, "ABC", strict=True))


def _tsquery(terms: list[Term]) -> str:
    """
    A ``to_tsquery`` expression: every term must match; words by prefix, CJK
    as the phrase of its bigrams. Terms hold only letters and digits, quoted
    as lexemes, so nothing a reader types can act as query syntax.
    """
    parts = []
    for term in terms:
        lexemes = [f"'{token}'" for token in term.tokens]
        parts.append(f"({' <-> '.join(lexemes)})" if term.is_cjk else f"{lexemes[0]}:*")
    return " & ".join(parts)


def matching_ids(cursor, terms, language, published, limit):
    """
    Ids of published articles matching every term, best first: of the
    ``limit`` latest-added matches, those that match in ``language`` come
    first, then by rank in that language, in the other, and the latest added.
    ``published`` is the SQL condition (and its parameters) that
    ``Article.objects.published()`` puts on ``articles_article``.
    """
    published_sql, published_params = published
    query = "to_tsquery('simple', %s)"
    others = [lang for lang in LANGUAGES if lang != language]
    matches = " OR ".join(f"t.{lang} @@ {query}" for lang in LANGUAGES)
    ranking = ", ".join(
        f"ts_rank(s.{lang}, {query}) DESC" for lang in [language, *others]
    )
    tsquery = _tsquery(terms)
    cursor.execute(
        f"SELECT s.article_id FROM {TABLE} AS s WHERE s.article_id IN ("
        f"SELECT t.article_id FROM {TABLE} AS t JOIN articles_article "
        f"ON articles_article.id = t.article_id "
        f"WHERE ({matches}) AND {published_sql} "
        f"ORDER BY t.article_id DESC LIMIT %s) "
        f"ORDER BY s.{language} @@ {query} DESC, {ranking}, s.article_id DESC",
        [
            *[tsquery] * len(LANGUAGES),
            *published_params,
            limit,
            tsquery,
            *[tsquery] * len(LANGUAGES),
        ],
    )
    return [row[0] for row in cursor.fetchall()]


# One language's vector from its fields' tokens, each with its weight label.
VECTOR = " || ".join(
    f"setweight(to_tsvector('simple', %s), '{LABELS[field]}')" for field in WEIGHTS
)


def store(cursor, rows):
    """
    Insert or replace the entries of the given (id, tokens of each column)
    rows; the tokens are in ``schema.COLUMNS`` order, language by language.
    """
    vectors = ", ".join([VECTOR] * len(LANGUAGES))
    updates = ", ".join(f"{lang} = EXCLUDED.{lang}" for lang in LANGUAGES)
    cursor.executemany(
        f"INSERT INTO {TABLE} (article_id, {', '.join(LANGUAGES)}) "
        f"VALUES (%s, {vectors}) ON CONFLICT (article_id) DO UPDATE SET {updates}",
        [(pk, *tokens) for pk, tokens in rows],
    )


load = store


def remove(cursor, ids):
    if ids:
        cursor.execute(f"DELETE FROM {TABLE} WHERE article_id = ANY(%s)", [list(ids)])


def clear(cursor):
    cursor.execute(f"TRUNCATE {TABLE}")


def optimise(cursor):
    """Refresh the planner's statistics after a rebuild."""
    cursor.execute(f"ANALYZE {TABLE}")
