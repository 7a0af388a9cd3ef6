"""
SQLite backend: an FTS5 table whose rowid is the article's id.

One column per field and language (``title_en`` … ``body_zh_hans``) holds the
tokens of ``text.index_tokens``, indexed by the ``unicode61`` tokenizer. The
table stores nothing else: publication is decided at query time by joining the
articles that ``Article.objects.published()`` selects.
"""

from articles.search.schema import COLUMNS, LANGUAGES, WEIGHTS
from articles.search.text import Term

TABLE = "articles_search"


def _match_expression(terms: list[Term]) -> str:
    """
    An FTS5 query: every term must match; words by prefix, CJK as phrases.

    Terms hold only letters and digits, and each is quoted, so nothing a
    reader types can act as FTS5 syntax.
    """
    phrases = []
    for term in terms:
        phrase = '"{}"'.format(" ".join(term.tokens).replace('"', '""'))
        phrases.append(phrase if term.is_cjk else phrase + "*")
    return " AND ".join(phrases)


def _bm25(language: str) -> str:
    """bm25 over ``language``'s columns: the other language's weigh nothing."""
    weights = (
        WEIGHTS[field] if lang == language else 0
        for lang in LANGUAGES
        for field in WEIGHTS
    )
    return f"bm25({TABLE}, {', '.join(map(str, weights))})"


def matching_ids(cursor, terms, language, published, limit):
    """
    Ids of published articles matching every term, best first.

    The ``limit`` latest-added matches are ranked, not all of them: FTS5 walks
    its index newest first and stops there, so a word found in every article
    costs no more than a rare one. Among those, articles that match in
    ``language`` come first (bm25 over that language's columns only: an
    article matching only in the other language scores zero there), then by
    bm25 over the other language, then the latest added.

    ``published`` is the SQL condition (and its parameters) that
    ``Article.objects.published()`` puts on ``articles_article``; CROSS JOIN
    keeps SQLite from starting with the articles table instead of the index.
    """
    published_sql, published_params = published
    ranks = [
        _bm25(lang) for lang in sorted(LANGUAGES, key=lambda lang: lang != language)
    ]
    columns = ", ".join(f"{rank} AS rank_{i}" for i, rank in enumerate(ranks))
    ordering = ", ".join(f"rank_{i}" for i in range(len(ranks)))
    cursor.execute(
        f"SELECT id FROM ("
        f"SELECT s.rowid AS id, {columns} "
        f"FROM {TABLE} AS s CROSS JOIN articles_article "
        f"ON articles_article.id = s.rowid "
        f"WHERE {TABLE} MATCH %s AND {published_sql} "
        f"ORDER BY s.rowid DESC LIMIT %s"
        f") ORDER BY {ordering}, id DESC",
        [_match_expression(terms), *published_params, limit],
    )
    return [row[0] for row in cursor.fetchall()]


def store(cursor, rows):
    """Replace the entries of the given (id, tokens of each column) rows."""
    remove(cursor, [pk for pk, _tokens in rows])
    load(cursor, rows)


def load(cursor, rows):
    """Add entries for (id, tokens of each column) rows not in the index."""
    cursor.executemany(
        f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
        f"VALUES (%s, {', '.join(['%s'] * len(COLUMNS))})",
        [(pk, *tokens) for pk, tokens in rows],
    )


def remove(cursor, ids):
    if ids:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
            list(ids),
        )


def clear(cursor):
    cursor.execute(f"DELETE FROM {TABLE}")


def optimise(cursor):
    """Merge the index's segments into one, as after a rebuild."""
    cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
