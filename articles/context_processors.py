"""
Context every public page needs: the site's name and footer notice, and the
addresses of the page itself in each language (the toggle, hreflang and
canonical links).
"""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils import translation

from articles import languages

#: What the toggle says: the other language's name, written in that language,
#: so a reader who cannot read the current page still recognises it.
TOGGLE_LABELS = {"en": "English", "zh-hans": "中文版"}


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_FOOTER_NOTICE": settings.SITE_FOOTER_NOTICE,
        **language_links(request),
    }


def public_path(request):
    """
    The address a page is known by: its path and, on a list, its page number.
    Other query parameters (tracking tags, a search) are not part of it.
    """
    page = request.GET.get("page")
    return f"{request.path}?page={page}" if page and page != "1" else request.path


def counterpart(url, language):
    """
    ``url`` in ``language``: the same object, list page and query string.

    An address that resolves to no page has no counterpart; the other
    language's home page stands in for it.
    """
    try:
        resolve(unquote(urlsplit(url).path))
    except Resolver404:
        with translation.override(language):
            return reverse("articles:home")
    return translate_url(url, language)


def language_neutral(url):
    """
    ``url`` without its language prefix, as Django's sitemaps write x-default:
    the locale middleware sends a reader from there to their own language.
    """
    prefix = f"/{settings.LANGUAGE_CODE}/"
    return url.replace(prefix, "/", 1)


def language_links(request):
    current = languages.current()
    other = languages.other(current)
    path = public_path(request)
    alternates = [
        (language, request.build_absolute_uri(counterpart(path, language)))
        for language, _name in settings.LANGUAGES
    ]
    return {
        "language_toggle": {
            "language": other,
            "label": TOGGLE_LABELS[other],
            "url": counterpart(request.get_full_path(), other),
        },
        "alternate_urls": alternates,
        "default_url": language_neutral(dict(alternates)[settings.LANGUAGE_CODE]),
        "canonical_url": request.build_absolute_uri(path),
    }
