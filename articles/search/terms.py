"""
The table of indexed words, on both backends: it turns a word typed in part
into the whole words it begins.

Both engines answer a prefix (``cert*``, ``'cert':*``) by reading the whole
list of articles of every word it begins before anything else, however few
results are wanted: FTS5 merges the lists, PostgreSQL's GIN index collects
them into a bitmap ("lighting fuzhou" by prefix took 10-20 ms at 100,000
articles, as whole words 1 ms). Whole words are read lazily, together,
skipping what the other terms rule out. A prefix is therefore searched as
the words it begins, read from ``TABLE`` by an index lookup, when there are
at most ``MAX_COMPLETIONS``; only a prefix of more is left to the engine.

The table may hold words no longer indexed (deleting an article leaves its
words): a stale word only adds a completion that matches nothing. Each
backend adds the words of the articles it stores and refills the table when
the index is rebuilt.
"""

TABLE = "articles_search_terms"
# A prefix with more completions than this is left to the engine (see above).
MAX_COMPLETIONS = 30


def completions(cursor, prefix: str) -> list[str] | None:
    """
    The indexed words that ``prefix`` begins, or None when there are more
    than ``MAX_COMPLETIONS``.
    """
    # Every word beginning with ``prefix`` sorts between it and the prefix
    # followed by the highest code point (in code point order: the table's
    # collation on PostgreSQL).
    cursor.execute(
        f"SELECT term FROM {TABLE} WHERE term >= %s AND term < %s LIMIT %s",
        [prefix, prefix + "\U0010ffff", MAX_COMPLETIONS + 1],
    )
    words = [row[0] for row in cursor.fetchall()]
    return None if len(words) > MAX_COMPLETIONS else words


def alternatives(cursor, terms) -> list[list[tuple[list[str], bool]]] | None:
    """
    The ways each term may match, each (tokens in a row, whether it is a
    word matched by prefix): a word whole, or as the words it begins
    (``completions``), or by prefix when they are too many; CJK as the
    phrase of its bigrams. None when some prefix begins no word: nothing can
    match. Each backend writes these in its own query syntax.
    """
    ways = []
    for term in terms:
        if not term.is_prefix:
            ways.append([(term.tokens, False)])
            continue
        words = completions(cursor, term.text)
        if words is None:
            ways.append([(term.tokens, True)])
        elif words:
            ways.append([([word], False) for word in words])
        else:
            return None
    return ways
