"""
SQLite backend: an FTS5 table whose rowid is the article's id.

One column per field and language (``title_en`` … ``body_zh_hans``) holds the
tokens of ``text.index_tokens``, indexed by the ``unicode61`` tokenizer, with
a prefix index of three- and four-character word beginnings. Beside it, the
table of ``terms.py`` turns a word typed in part into the words it begins.
The index stores nothing else: publication is decided at query time by
joining the articles that ``Article.objects.published()`` selects.

Why the query is built as it is (100,000 articles, figures from
``bench/search.py``):

- FTS5 answers a prefix query ("cert"*) by merging the whole lists of
  articles of every word the prefix begins, however few rows are wanted;
  for a word in most articles that costs tens of milliseconds each time it
  is evaluated. A prefix is therefore searched as the words it begins
  (``terms.completions``): FTS5 walks those lists lazily. Only a prefix
  with more completions is left to FTS5, and for three or four characters
  its prefix index answers it as cheaply as one word.
- ``bm25()`` counts, for each term, every article in the whole index that
  holds it, to weigh rare terms higher: ~100 ms for a phrase of seven
  bigrams found in every Chinese article. Ranking is instead by where the
  terms occur (see ``matching_ids``), answered by FTS5 column filters over
  the candidates only, so the cost follows ``limit``, not the index's size.
"""

import json
from contextlib import contextmanager

from articles.search import terms as terms_table
from articles.search.schema import COLUMNS, ranking_groups
from articles.search.text import Term

TABLE = "articles_search"
TERMS = terms_table.TABLE
# fts5vocab over TABLE: the terms of the index, for refilling TERMS.
VOCABULARY = "articles_search_vocabulary"


def _phrase(tokens) -> str:
    """An FTS5 phrase of the tokens, quoted: nothing in it is syntax."""
    return '"{}"'.format(" ".join(tokens).replace('"', '""'))


def _match_expression(cursor, terms: list[Term]) -> str | None:
    """
    An FTS5 query: every term must match; words of three letters or more by
    prefix, shorter ones whole, CJK as phrases. None when nothing can match
    (a prefix that begins no indexed word).

    Terms hold only letters and digits, and each is quoted, so nothing a
    reader types can act as FTS5 syntax.
    """
    alternatives = terms_table.alternatives(cursor, terms)
    if alternatives is None:
        return None
    parts = []
    for ways in alternatives:
        phrases = [_phrase(tokens) + ("*" if prefix else "") for tokens, prefix in ways]
        parts.append(phrases[0] if len(phrases) == 1 else f"({' OR '.join(phrases)})")
    return " AND ".join(parts)


def matching_ids(cursor, terms, language, published, limit):
    """
    Ids of published articles matching every term, best first.

    The ``limit`` latest-added matches are the candidates: FTS5 walks its
    index newest first and stops there, so a word found in every article
    costs no more than a rare one. They are ordered by where all the terms
    occur, as ``schema.RANKING_FIELDS`` says, then the latest added first.

    ``published`` is the SQL condition (and its parameters) that
    ``Article.objects.published()`` puts on ``articles_article``; CROSS JOIN
    keeps SQLite from starting with the articles table instead of the index.
    """
    match = _match_expression(cursor, terms)
    if match is None:
        return []
    published_sql, published_params = published
    cursor.execute(
        f"SELECT s.rowid FROM {TABLE} AS s CROSS JOIN articles_article "
        f"ON articles_article.id = s.rowid "
        f"WHERE {TABLE} MATCH %s AND {published_sql} "
        f"ORDER BY s.rowid DESC LIMIT %s",
        [match, *published_params, limit],
    )
    ids = [row[0] for row in cursor.fetchall()]
    if not ids:
        return ids
    # Which candidates match within each ranking group of columns: one FTS5
    # query per group, restricted to the candidates' range of rowids.
    groups = [
        " ".join(f"{field}_{lang}" for field in fields)
        for lang, fields in ranking_groups(language)
    ]
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT {position}, rowid FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s AND rowid BETWEEN %s AND %s"
            for position in range(len(groups))
        ),
        [
            value
            for group in groups
            for value in (f"{{{group}}} : ({match})", ids[-1], ids[0])
        ],
    )
    matched = [set() for _group in groups]
    for position, pk in cursor.fetchall():
        matched[position].add(pk)
    return sorted(ids, key=lambda pk: (*(pk not in group for group in matched), -pk))


def store(cursor, rows):
    """Replace the entries of the given (id, tokens of each column) rows."""
    remove(cursor, [pk for pk, _tokens in rows])
    load(cursor, rows)
    cursor.executemany(
        f"INSERT OR IGNORE INTO {TERMS} (term) VALUES (%s)",
        [
            (term,)
            for term in {
                term
                for _pk, tokens in rows
                for column in tokens
                for term in column.split()
            }
        ],
    )


def load(cursor, rows):
    """
    Add entries for (id, tokens of each column) rows not in the index; their
    terms reach ``TERMS`` with ``optimise``.

    One statement reads all the rows from a JSON array: SQLite indexes them
    in one call, while a rebuild's tokenising thread runs. Inserted one by
    one, each row waited for Python's lock, which that thread holds, and the
    rebuild took longer than with no thread at all.
    """
    values = ", ".join(
        f"json_extract(value, '$[{i}]')" for i in range(len(COLUMNS) + 1)
    )
    cursor.execute(
        f"INSERT INTO {TABLE} (rowid, {', '.join(COLUMNS)}) "
        f"SELECT {values} FROM json_each(%s)",
        [json.dumps([(pk, *tokens) for pk, tokens in rows], ensure_ascii=False)],
    )


def remove(cursor, ids):
    if ids:
        cursor.execute(
            f"DELETE FROM {TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
            list(ids),
        )


@contextmanager
def rebuilding(cursor):
    """
    Empty the index for a rebuild by making the table again from its own
    definition: deleting from an FTS5 table removes each row's every token
    one by one. ``optimise`` completes the rebuild.
    """
    cursor.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = %s", [TABLE]
    )
    (definition,) = cursor.fetchone()
    cursor.execute(f"DROP TABLE {TABLE}")
    cursor.execute(definition)
    yield


def optimise(cursor):
    """
    After a rebuild: merge the index's segments into one, list its terms
    afresh in ``TERMS``, and write the log of the rebuild (as large as the
    index) back into the database file, so that readers do not search a
    write-ahead log of a gigabyte (unless in a transaction, as in a
    migration: SQLite checkpoints the log itself after the commit).

    Migration 0002 rebuilds the index before 0005 creates ``TERMS``; 0005
    rebuilds it again.
    """
    cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")
    cursor.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [TERMS]
    )
    if cursor.fetchone():
        cursor.execute(f"DELETE FROM {TERMS}")
        cursor.execute(f"INSERT INTO {TERMS} (term) SELECT term FROM {VOCABULARY}")
    if not cursor.db.in_atomic_block:  # a checkpoint cannot run in a transaction
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
