"""What the index holds for an article: one token column per field and language."""

from articles.search.text import index_tokens, plain_text

# Indexed fields, with how much a match in each counts relative to the body.
WEIGHTS = {"title": 10, "standfirst": 4, "body": 1}
# Column suffixes of the site's two languages (modeltranslation's, see
# articles.languages.field_suffix); the migration creates these columns.
LANGUAGES = ("en", "zh_hans")
COLUMNS = tuple(f"{field}_{language}" for language in LANGUAGES for field in WEIGHTS)
# How the latest matches are ranked (see ``articles.search``), best first: by
# whether all the terms occur in the page's language (in any of its fields),
# then in its title, then in its title or standfirst; then in the other
# language's title, then its title or standfirst. Every backend ranks by these.
RANKING_FIELDS = (tuple(WEIGHTS), ("title",), ("title", "standfirst"))


def ranking_groups(language: str) -> list[tuple[str, tuple[str, ...]]]:
    """(language, fields) groups of ``RANKING_FIELDS`` for a page in ``language``."""
    others = [other for other in LANGUAGES if other != language]
    return [
        (lang, fields)
        for lang in [language, *others]
        # Every candidate matches somewhere: "all fields" would not tell the
        # other language's apart.
        for fields in RANKING_FIELDS[0 if lang == language else 1 :]
    ]


# Columns holding HTML, indexed by its text.
HTML_COLUMNS = frozenset(f"body_{language}" for language in LANGUAGES)


def document(values) -> tuple[str, ...]:
    """
    The index tokens of each of ``COLUMNS``, from the article's own text in
    those columns, in that order (never modeltranslation's fallback, which
    the columns do not hold); the body's HTML is reduced to its text first.

    ``values`` are the columns' values rather than an article, so that a
    rebuild can read plain rows (``values_list``) instead of building a model
    instance per article.
    """
    return tuple(
        index_tokens(plain_text(value) if column in HTML_COLUMNS else value or "")
        for column, value in zip(COLUMNS, values, strict=True)
    )


def article_values(article) -> tuple:
    """``article``'s values of ``COLUMNS``: any object with those attributes."""
    return tuple(getattr(article, column) for column in COLUMNS)
