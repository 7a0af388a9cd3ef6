"""What the index holds for an article: one token column per field and language."""

from articles.search.text import index_tokens, plain_text

# Indexed fields, with how much a match in each counts relative to the body.
WEIGHTS = {"title": 10, "standfirst": 4, "body": 1}
# Column suffixes of the site's two languages (modeltranslation's, see
# articles.languages.field_suffix); the migration creates these columns.
LANGUAGES = ("en", "zh_hans")
COLUMNS = tuple(f"{field}_{language}" for language in LANGUAGES for field in WEIGHTS)


def document(article) -> dict[str, str]:
    """
    The index tokens of each column, from the article's own text in each
    language (never modeltranslation's fallback); the body's HTML is reduced
    to its text first. Works on historical models in migrations too.
    """
    values = {}
    for language in LANGUAGES:
        for field in WEIGHTS:
            value = getattr(article, f"{field}_{language}") or ""
            if field == "body":
                value = plain_text(value)
            values[f"{field}_{language}"] = index_tokens(value)
    return values
