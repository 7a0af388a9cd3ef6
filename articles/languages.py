"""The site's two languages, and the small facts every layer needs about them."""

from django.conf import settings
from django.utils.translation import get_language, get_supported_language_variant


def current(language=None):
    """The site language code for ``language`` (the active one by default)."""
    try:
        return get_supported_language_variant(language or get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def field_suffix(language=None):
    """The suffix modeltranslation gives a language's columns: "en", "zh_hans"."""
    return current(language).replace("-", "_")


def other(language=None):
    """The other of the two site languages: the target of the language toggle."""
    code = current(language)
    return next(lang for lang, _name in settings.LANGUAGES if lang != code)
