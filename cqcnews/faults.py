"""
What readers and operators see when a part of the site fails.

A database outage answers a "come back shortly" page in the reader's language
instead of a server error, and every log line written while handling a request
says which request it was.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty

logger = logging.getLogger(__name__)

# Seconds a client (or the CDN) should wait before asking again.
RETRY_AFTER = 30


def service_unavailable(request):
    """
    The 503 page, rendered without touching the database.

    No context processors run (they may query: footer pages, the user), and
    the language comes from the URL prefix because the database that would
    hold anything else is what just failed.
    """
    language = (
        translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    )
    with translation.override(language):
        context = {
            "SITE_NAME": settings.SITE_NAME,
            # BCP 47 spelling for <html lang>: "zh-Hans", "en".
            "html_lang": translation.to_locale(language).replace("_", "-"),
        }
        response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """
    Turn "cannot reach the database" into a 503 with Retry-After.

    Only connection-level failures (``OperationalError``, ``InterfaceError``)
    are caught: they pass when the database comes back, so the reader is told
    to retry. Other database errors are bugs and stay 500s.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable, answered 503: %s",
            exception,
            exc_info=exception,
            extra={"request": request},
        )
        return service_unavailable(request)


class RequestContextFilter(logging.Filter):
    """
    Add ``request_context`` (method, path, user id) to every log record.

    Django puts the request on records about requests (``extra={"request":
    …}``). The user id is read only if authentication already loaded the
    user: loading it here could query the database that is failing.
    """

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is None or not hasattr(request, "path"):
            record.request_context = ""
            return True
        user = getattr(request, "user", None)
        loaded = getattr(user, "_wrapped", user)
        user_id = getattr(loaded, "pk", None) if loaded not in (None, empty) else None
        record.request_context = (
            f" [{request.method} {request.get_full_path()} user={user_id or '-'}]"
        )
        return True
