"""
Context every public page needs: the site's name and footer notice, and the
addresses of the page itself in each language (the toggle, hreflang and
canonical links).
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri

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


def page_query(request):
    """
    The query string of the address a page is known by: on a list, its page
    number. Other query parameters (tracking tags, a search) are not part of it.
    """
    page = request.GET.get("page")
    return f"page={page}" if page and page != "1" else ""


def counterpart(request, language):
    """
    The path of the page ``request`` asked for, in ``language``: the same
    object and list page. Reversed from the request's own resolution, not
    resolved again.

    An address that resolves to no page has no counterpart; the other
    language's home page stands in for it.
    """
    match = request.resolver_match
    with translation.override(language):
        if match is None:
            return reverse("articles:home")
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:  # a route without a name: not a reader's page
            return request.path


def with_query(path, query):
    return f"{path}?{query}" if query else path


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
    query = page_query(request)
    paths = {
        language: counterpart(request, language) for language, _ in settings.LANGUAGES
    }
    alternates = [
        (language, request.build_absolute_uri(with_query(path, query)))
        for language, path in paths.items()
    ]
    return {
        "language_toggle": {
            "language": other,
            "label": TOGGLE_LABELS[other],
            "url": with_query(
                paths[other], iri_to_uri(request.META.get("QUERY_STRING", ""))
            ),
        },
        "alternate_urls": alternates,
        "default_url": language_neutral(dict(alternates)[settings.LANGUAGE_CODE]),
        "canonical_url": request.build_absolute_uri(with_query(request.path, query)),
    }
