"""
PostgreSQL backend: a table of one ``tsvector`` per language, GIN-indexed.

Each vector is built with the ``simple`` configuration (lower-casing, no
stemming, no stop words) from the tokens of ``text.index_tokens``, the title
weighted A, the standfirst B and the body C. Publication is decided at query
time by the articles that ``Article.objects.published()`` selects.
"""

from articles.search.schema import LANGUAGES, WEIGHTS, ranking_groups
from articles.search.text import Term

TABLE = "articles_search"
# The windows of newest ids searched in turn (see matching_ids), in multiples
# of the number of results wanted; then every id.
WINDOWS = (16, 128)
# tsvector weight labels, in the order of schema.WEIGHTS (title, standfirst, body).
LABELS = dict(zip(WEIGHTS, "ABC", strict=True))


def _lexeme(token: str, flags: str) -> str:
    """A quoted tsquery lexeme, with its prefix mark and weight labels if any."""
    return f"'{token}':{flags}" if flags else f"'{token}'"


def _tsquery(terms: list[Term], fields=()) -> str:
    """
    A ``to_tsquery`` expression: every term must match; words by prefix (see
    ``Term.is_prefix``) or whole, CJK as the phrase of its bigrams; with
    ``fields``, only within those fields (their weight labels). Terms hold
    only letters and digits, quoted as lexemes, so nothing a reader types can
    act as query syntax.
    """
    labels = "".join(LABELS[field] for field in fields)
    parts = []
    for term in terms:
        if term.is_cjk:
            lexemes = [_lexeme(token, labels) for token in term.tokens]
            parts.append(f"({' <-> '.join(lexemes)})")
        else:
            parts.append(_lexeme(term.text, ("*" if term.is_prefix else "") + labels))
    return " & ".join(parts)


def matching_ids(cursor, terms, language, published, limit):
    """
    Ids of published articles matching every term, best first: the ``limit``
    latest-added matches, ordered by where all the terms occur, as
    ``schema.RANKING_FIELDS`` says, then the latest added first.

    The newest ids are searched first, in widening windows (``WINDOWS``),
    until one holds ``limit`` matches. A GIN index cannot return matches
    newest first: without a window a phrase found in thousands of articles
    had each one's vector rechecked and joined (~150 ms), and the planner,
    which underrates testing a vector, read a word found in one article in a
    hundred from the newest down, vector by vector (~400 ms). Within a window
    either plan costs at most its size.

    Ranking tests each candidate's vectors against the query restricted to
    the weights (fields) of each group, not ``ts_rank``: no score to compute.
    ``published`` is the SQL condition (and its parameters) that
    ``Article.objects.published()`` puts on ``articles_article``.
    """
    published_sql, published_params = published
    tsquery = _tsquery(terms)
    groups = ranking_groups(language)
    ranking = ", ".join(
        f"c.{lang} @@ to_tsquery('simple', %s) DESC" for lang, _fields in groups
    )
    sql = (
        f"SELECT c.article_id FROM ("
        f"SELECT t.article_id, t.en, t.zh_hans FROM {TABLE} AS t "
        f"JOIN articles_article ON articles_article.id = t.article_id "
        f"WHERE t.article_id > %s AND (t.en @@ to_tsquery('simple', %s) "
        f"OR t.zh_hans @@ to_tsquery('simple', %s)) AND {published_sql} "
        f"ORDER BY t.article_id DESC LIMIT %s"
        f") AS c ORDER BY {ranking}, c.article_id DESC"
    )
    cursor.execute(f"SELECT max(article_id) FROM {TABLE}")
    newest = cursor.fetchone()[0] or 0
    windows = [newest - limit * factor for factor in WINDOWS]
    for lowest in [*(above for above in windows if above > 0), 0]:
        cursor.execute(
            sql,
            [
                lowest,
                tsquery,
                tsquery,
                *published_params,
                limit,
                *(_tsquery(terms, fields) for _lang, fields in groups),
            ],
        )
        ids = [row[0] for row in cursor.fetchall()]
        if len(ids) >= limit:
            break
    return ids


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
    """
    Refresh the planner's statistics after a rebuild, of the index and of the
    articles it is joined with (a rebuild follows writes in bulk): without
    them it may pick a plan that reads every article for a common word.
    """
    cursor.execute(f"ANALYZE {TABLE}, articles_article")
