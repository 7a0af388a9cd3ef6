"""
Public pages served from the cache, and never a stale one.

Readers dominate, and a public page is the same for every reader: the
``PublicPageCacheMiddleware`` keeps each rendered page in Django's cache and
tells browsers and a CDN how long they may keep it (``Cache-Control``,
``ETag``, ``Last-Modified``, 304 answers to conditional requests).

Freshness does not rest on timeouts. Every cache key contains the *content
version*, a random token kept in the ``content_version`` cache (shared by all
the workers of a host, or by all hosts through Redis). Saving or deleting
anything of the ``articles`` app forgets the token (``content_changed``), so
the next request starts a new version and every page, in both languages, is
rendered again. The token also expires by itself when the next scheduled
article goes live or the day changes (the home page and the events list show
what is upcoming "today"), so time changes pages as surely as an editor does.

What is cached (decided in ``is_cacheable_request`` and
``is_cacheable_response``): GET and HEAD on the language-prefixed pages
(``/en/…``, ``/zh-hans/…``; never the admin, the health check or media), with
no query string but a page number and a search query, from a reader without a
session (an editor sees the live site), answered 200 with no cookie, no
``Vary: Cookie``, no CSP nonce and no ``Cache-Control`` of the view's own.
Anything else passes through untouched, and a personal response (one that
sets a cookie or varies by it) is marked ``private`` so no CDN keeps it.
"""

import hashlib
import math
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from articles.models import Article

#: The app whose every model is shown on public pages.
CONTENT_APP = "articles"
#: The cache alias holding the content version (see settings.CACHES).
VERSION_CACHE = "content_version"
VERSION_KEY = "content-version"
#: How long this server keeps a page. A new version makes it unreachable at
#: once; this only frees the memory of pages nobody asks for again.
PAGE_SECONDS = 60 * 60
#: What browsers (max-age) and shared caches such as a CDN (s-maxage) may
#: keep without asking again, and how long a CDN may serve a page it is
#: revalidating. A CDN can also revalidate sooner with the ETag.
BROWSER_SECONDS = 60
SHARED_SECONDS = 300
STALE_SECONDS = 60
#: The query parameters a public page answers to; any other bypasses the cache.
PAGE_PARAMETERS = frozenset({"page", "q"})
#: The only Vary a cached page may carry: the cache key holds nothing else.
HARMLESS_VARY = frozenset({"accept-encoding"})


def content_changed():
    """
    Start a new content version: every cached page is stale from now on.

    Forgotten at once, for this process and the caller's next page, and again
    once the surrounding transaction commits: a page rendered from the data
    as it was before the commit, cached under a version begun in between,
    must not outlive the commit.
    """
    versions = caches[VERSION_CACHE]
    versions.delete(VERSION_KEY)
    transaction.on_commit(lambda: versions.delete(VERSION_KEY))


def _content_signal(sender, **kwargs):
    if sender._meta.app_label == CONTENT_APP:
        content_changed()


def connect_signals():
    """Forget the content version whenever any model of the articles app changes."""
    for name, signal in [
        ("post_save", post_save),
        ("post_delete", post_delete),
        ("m2m_changed", m2m_changed),
    ]:
        signal.connect(_content_signal, dispatch_uid=f"cqcnews.caching.{name}")


def next_change(now):
    """
    When pages change by the clock alone: the next scheduled article's
    publication, or the next local midnight, whichever comes first.
    """
    scheduled = Article.objects.next_publication(now)
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    midnight = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    return min(scheduled, midnight) if scheduled else midnight


def content_version():
    """
    The current version as ``{"token", "since", "until"}`` (Unix times),
    starting one when there is none or its time is up. "since" is in whole
    seconds, as HTTP dates have them; "until" is exact, so a scheduled
    article is on every page from its first second, whatever rounding the
    cache applies to timeouts.
    """
    versions = caches[VERSION_CACHE]
    stored = versions.get(VERSION_KEY)
    if stored is not None and time.time() < stored["until"]:
        return stored
    now = timezone.now()
    version = {
        "token": secrets.token_hex(8),
        "since": int(now.timestamp()),
        "until": next_change(now).timestamp(),
    }
    timeout = math.ceil(version["until"] - now.timestamp())
    if stored is not None:
        versions.set(VERSION_KEY, version, timeout)
        return version
    # Concurrent starters agree: the first one's token wins, the others read it.
    if versions.add(VERSION_KEY, version, timeout):
        return version
    return versions.get(VERSION_KEY) or version


def remember(name, compute):
    """
    ``compute()``, worked out once per content version and then read from
    the cache: for figures about the whole site (the news archive's years
    and counts) that only an edit or the clock can change, which is exactly
    when a new version starts. Pages that are not cached use them too.
    """
    key = f"{name}:{content_version()['token']}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, PAGE_SECONDS)
    return value


def is_cacheable_request(request):
    """A reader's GET or HEAD of a public page: the same answer for everyone."""
    return (
        request.method in {"GET", "HEAD"}
        and get_language_from_path(request.path_info) is not None
        and set(request.GET) <= PAGE_PARAMETERS
        and all(len(values) == 1 for _name, values in request.GET.lists())
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def is_personal(response):
    """A response that sets a cookie or depends on one."""
    return bool(response.cookies) or has_vary_header(response, "Cookie")


def is_cacheable_response(request, response):
    """A complete page, the same for everyone, that its view let be cached."""
    vary = {
        header.strip().lower()
        for header in response.get("Vary", "").split(",")
        if header.strip()
    }
    nonce = getattr(request, "_csp_nonce", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not is_personal(response)
        and vary <= HARMLESS_VARY
        and not response.has_header("Cache-Control")
        and not nonce  # a LazyNonce is true once a template has used it
    )


def page_key(request, version):
    """The page's key: its absolute address (pages hold absolute links) and version."""
    query = "&".join(f"{name}={request.GET[name]}" for name in sorted(request.GET))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{version['token']}:{digest}"


def make_public(response, version):
    """Validators and the Cache-Control a browser and a CDN act on."""
    set_response_etag(response)
    response.headers["Last-Modified"] = http_date(version["since"])
    left = max(0, int(version["until"] - time.time()))
    patch_cache_control(
        response,
        public=True,
        max_age=min(BROWSER_SECONDS, left),
        s_maxage=min(SHARED_SECONDS, left),
        stale_while_revalidate=STALE_SECONDS,
    )


class PublicPageCacheMiddleware:
    """
    Serve public pages from the cache (see the module's docstring).

    Placed after WhiteNoise and before the session, locale and CSRF
    middleware: a cached page skips them all, and the response it stores is
    the finished one, with every header those middleware add or not.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.passed_through(request)
        try:
            version = content_version()
        except DatabaseError:
            # The database is down and no version is known: serve uncached,
            # and let the inner middleware answer as it does without a database.
            return self.passed_through(request)
        key = page_key(request, version)
        response = cache.get(key)
        if response is None:
            response = self.get_response(request)
            if not is_cacheable_response(request, response):
                return self.marked_private_if_personal(response)
            make_public(response, version)
            cache.set(key, response, PAGE_SECONDS)
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=version["since"],
            response=response,
        )

    def passed_through(self, request):
        return self.marked_private_if_personal(self.get_response(request))

    @staticmethod
    def marked_private_if_personal(response):
        if is_personal(response) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response
