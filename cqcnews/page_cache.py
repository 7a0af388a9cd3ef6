"""
Public pages served from the cache, forgotten only when what they show
changes, and rendered once however many readers ask at that moment.

Readers dominate, and a public page is the same for every reader: the
``PublicPageCacheMiddleware`` keeps each rendered page and tells browsers
and a CDN how long they may keep it (``Cache-Control``, ``ETag``,
``Last-Modified``, 304 answers, and the page's tags for a CDN's purges).

- **Tags, not timeouts.** While a page is rendered it collects the tags of
  what it shows (``cqcnews.tags``; which tags, and which change forgets
  which, is the app's ``articles.invalidation``). A change forgets its tags,
  and so only the pages that show it, in both languages and on every host
  that shares the cache. Time changes pages too (a scheduled article going
  live, a new day): the first request after such a moment forgets what it
  changed (``cqcnews.tags.tick``).
- **One copy per host.** Pages live in the ``default`` cache: diskcache in
  the site's state directory, shared by every worker of the host with no
  server to start, or Redis when ``REDIS_URL`` is set, shared by every
  host. Each worker also keeps the pages it serves, and the parts of pages
  it has read back (``remember``), in its own memory (``LocalPages``), and
  checks one number, the shared counter of changes, to drop the ones a
  change forgot.
- **No stampede.** A forgotten page is rendered by one request, which holds
  a shared lock meanwhile; the other readers of that page get the previous
  version while there is one, and otherwise wait for the rendering.
- **A new release** (other templates or code) starts with new page keys
  (``release``): nothing rendered by the old code is served by the new.

What is cached (decided in ``is_cacheable_request`` and
``is_cacheable_response``): GET and HEAD on the language-prefixed pages
(``/en/…``, ``/zh-hans/…``; never the admin, the health check or media), with
no query string but a page number and a search query, from a reader without a
session (an editor sees the live site), answered 200 with no cookie, no
``Vary: Cookie``, no CSP nonce and no ``Cache-Control`` of the view's own.
Anything else passes through untouched, and a personal response (one that
sets a cookie or varies by it) is marked ``private`` so no CDN keeps it.
"""

import contextlib
import functools
import hashlib
import pickle
import sqlite3
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    has_vary_header,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from cqcnews import cdn, tags

#: How long the shared cache keeps a page nobody asks for again. A change
#: forgets a page at once; this only frees the space.
PAGE_SECONDS = 24 * 60 * 60
#: What browsers (max-age) and shared caches such as a CDN (s-maxage) may
#: keep without asking again, and how long a CDN may serve a page it is
#: revalidating. A CDN can also revalidate sooner with the ETag, and is
#: purged by tag when it is configured (``cqcnews.cdn``).
BROWSER_SECONDS = 60
SHARED_SECONDS = 300
STALE_SECONDS = 60
#: The query parameters a public page answers to; any other bypasses the cache.
PAGE_PARAMETERS = frozenset({"page", "q"})
#: The only Vary a cached page may carry: the cache key holds nothing else.
HARMLESS_VARY = frozenset({"accept-encoding"})
#: Pages each worker keeps in its own memory (about 30 KB each).
LOCAL_PAGES = 2000
#: Failures of the cache or of the database behind the clock: the page is
#: then served uncached, never as an error.
CACHE_ERRORS = (DatabaseError, OSError, sqlite3.Error)
#: What the code of a release is made of: a change to any of these files
#: gives every page a new key.
RELEASE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml", ".mo", ".json"})


@functools.cache
def release():
    """
    The release the pages are rendered by: ``CQCNEWS_RELEASE`` when set,
    otherwise a digest of the templates, the code and the translations (and
    the static files' manifest, whose names pages link to). The same
    checkout gives the same digest on every host.
    """
    if settings.PAGE_CACHE_RELEASE:
        return settings.PAGE_CACHE_RELEASE
    digest = hashlib.sha256()
    manifest = settings.STATIC_ROOT and settings.STATIC_ROOT / "staticfiles.json"
    folders = [settings.BASE_DIR / name for name in settings.PAGE_CACHE_SOURCES]
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in RELEASE_SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(path.read_bytes())
    if manifest and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:12]


# Values kept between changes -------------------------------------------------


def remember(name, compute, *, tagged=(), track=True, timeout=PAGE_SECONDS):
    """
    ``compute()``, kept in the shared cache until one of its tags is
    forgotten: ``tagged``, plus, when ``track``, those of everything it read
    (``cqcnews.tags.tag``). For what many pages show and an edit or the clock
    rarely changes (the news archive's years and counts, the footer's
    pages, an article's linked part, the parts of pages). The tags also
    reach the page that uses the value, so that page is forgotten with it.

    Each worker also keeps the values it used in its own memory
    (``LOCAL_VALUES``), dropped by the changes it reads from the shared
    counter, as it keeps pages: a value used again costs one read of that
    counter, not one read per tag to tell whether it is still fresh. They
    are kept pickled, so that no two requests share one object, and only
    once read back from the shared cache: a site configured to keep nothing
    (a dummy cache) keeps nothing here either.
    """
    if len(name) > 150 or not name.isprintable() or " " in name:
        name = hashlib.sha256(name.encode()).hexdigest()  # a key any cache takes
    key = f"kept:{release()}:{name}"
    try:
        now = LOCAL_VALUES.catch_up()
        applied = LOCAL_VALUES.changes.applied
        local = LOCAL_VALUES.get(key)
        if local is not None:
            tags.tag(*local["tags"])
            return pickle.loads(local["value"])
        entry = cache.get(key)
        # Fresh as of the counter as this request read it: the page the value
        # goes into is checked afresh once rendered (the page cache's
        # ``rendered_once``), and the copy kept here goes with the first
        # change after it (``applied``).
        if entry is not None and tags_fresh(entry, now):
            LOCAL_VALUES.put(key, pickled(entry), applied)
            tags.tag(*entry["tags"])
            return entry["value"]
        since = tags.counter()
    except CACHE_ERRORS:  # no cache: worked out each time, never an error
        since = None
    with tags.collecting() as collected:
        if track:
            value = compute()
        else:
            with tags.untracked():
                value = compute()
    kept = sorted({*collected, *tagged, tags.EVERYTHING})
    if since is not None:
        entry = {"value": value, "tags": kept, "since": since}
        with contextlib.suppress(*CACHE_ERRORS):  # the value serves all the same
            cache.set(key, entry, timeout)
    tags.tag(*kept)
    return value


def pickled(entry):
    return {**entry, "value": pickle.dumps(entry["value"], pickle.HIGHEST_PROTOCOL)}


def tags_fresh(entry, now=None):
    return tags.is_fresh(entry["tags"], entry["since"], now)


# The pages each worker keeps in its own memory ------------------------------


class LocalPages:
    """
    The pages one worker has served, newest last, at most ``size``, indexed
    by tag: a change read from the shared counter drops the ones showing
    its tags (``cqcnews.tags.Changes``), so a page found here is fresh.
    """

    def __init__(self, size=LOCAL_PAGES, follows_clock=True):
        self.size = size
        self.lock = threading.Lock()
        self.changes = tags.Changes(follows_clock)
        self.clear()

    def clear(self):
        with self.lock:
            self.pages = OrderedDict()
            self.by_tag = {}

    def reset(self):
        """Forget everything, the changes read included (a test's fresh start)."""
        self.clear()
        self.changes.reset()

    def catch_up(self):
        """The shared counter, once this worker's pages are up to date with it."""
        return self.changes.catch_up(self.drop, self.clear)

    def get(self, key):
        with self.lock:
            entry = self.pages.get(key)
            if entry is not None:
                self.pages.move_to_end(key)
            return entry

    def put(self, key, entry, applied):
        """Keep ``entry``, fresh as of change ``applied``, if no change came since."""
        with self.lock:
            if applied != self.changes.applied:
                return
            self._remove(key)
            self.pages[key] = entry
            for name in entry["tags"]:
                self.by_tag.setdefault(name, set()).add(key)
            while len(self.pages) > self.size:
                self._remove(next(iter(self.pages)))

    def drop(self, names):
        with self.lock:
            for name in names:
                for key in self.by_tag.pop(name, ()):
                    self._remove(key)

    def _remove(self, key):
        entry = self.pages.pop(key, None)
        if entry is None:
            return
        for name in entry["tags"]:
            keys = self.by_tag.get(name)
            if keys is not None:
                keys.discard(key)
                if not keys:
                    del self.by_tag[name]


LOCAL = LocalPages()
#: The values of ``remember`` this worker used, as it keeps its pages.
LOCAL_VALUES = LocalPages(follows_clock=False)


def reset_local():
    """Forget this process's own pages and values (a test's fresh start)."""
    LOCAL.reset()
    LOCAL_VALUES.reset()


# Which requests and responses ------------------------------------------------


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


def page_key(request):
    """The page's key: its release and absolute address (pages hold absolute links)."""
    query = "&".join(f"{name}={request.GET[name]}" for name in sorted(request.GET))
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{release()}:{digest}"


def stored_page(response, page_tags, since):
    """What is kept of a rendered page: its bytes, headers and tags."""
    set_response_etag(response)
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() not in {"cache-control", "last-modified"}
    }
    headers.update(cdn.response_headers(page_tags))
    return {
        "status": response.status_code,
        "headers": list(headers.items()),
        "content": response.content,
        "tags": sorted(page_tags),
        "since": since,
        "at": int(time.time()),
    }


def answered(request, page, shared=True):
    """
    A new response from a kept page, with the validators and Cache-Control.

    A page that a change has outdated (``shared=False``: the previous version
    served while the new one is rendered, or a rendering that a change
    overtook) is for this reader only: a CDN that kept it would go on serving
    it after the change's purge, which it has already received.
    """
    response = HttpResponse(page["content"], status=page["status"])
    for name, value in page["headers"]:
        response.headers[name] = value
    response.headers["Last-Modified"] = http_date(page["at"])
    if not shared:
        patch_cache_control(response, no_cache=True, max_age=0)
    else:
        clock = LOCAL.changes.clock
        left = max(0, int(clock.next - time.time())) if clock else BROWSER_SECONDS
        patch_cache_control(
            response,
            public=True,
            max_age=min(BROWSER_SECONDS, left),
            s_maxage=min(SHARED_SECONDS, left),
            stale_while_revalidate=STALE_SECONDS,
        )
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=page["at"],
        response=response,
    )


class PublicPageCacheMiddleware:
    """
    Serve public pages from the cache (see the module's docstring).

    Placed after WhiteNoise and before the session, locale and CSRF
    middleware: a cached page skips them all, and the response it stores is
    the finished one, with every header those middleware add or not.
    """

    #: How long a reader waits for another request's rendering of the page
    #: before rendering it too, and how often it looks. A rendering takes a
    #: fraction of a second; a lock held longer belongs to a process that
    #: died while rendering, and its readers must not wait out the lock's
    #: own expiry (``tags.LOCK_SECONDS``).
    WAIT_SECONDS = 2.0
    LOOK_EVERY = (0.002, 0.05)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.passed_through(request)
        try:
            since = LOCAL.catch_up()
            if LOCAL.changes.clock.is_due():
                tags.tick()
                since = LOCAL.catch_up()
            applied = LOCAL.changes.applied
            key = page_key(request)
            page, stale = self.kept(key, applied)
        except CACHE_ERRORS:
            # No cache, or no database to set the clock from: serve uncached,
            # and let the inner middleware answer as it does without them.
            return self.passed_through(request)
        if page is None:
            try:
                page = self.rendered_once(request, key, since, applied, stale)
                current = tags_fresh(page) if isinstance(page, dict) else True
            except CACHE_ERRORS:  # the cache failed (the view never raises)
                return self.passed_through(request)
            if not isinstance(page, dict):
                return page
            if not current:
                return answered(request, page, shared=False)
        return answered(request, page)

    @staticmethod
    def kept(key, applied):
        """``(fresh page or None, stale page or None)`` for ``key``."""
        page = LOCAL.get(key)
        if page is not None:
            return page, None
        page = cache.get(key)
        if page is None:
            return None, None
        if not tags_fresh(page):
            return None, page
        LOCAL.put(key, page, applied)
        return page, None

    def rendered_once(self, request, key, since, applied, stale):
        """
        The page rendered by this request if no other is rendering it;
        otherwise the previous version, or the other request's rendering
        once it is there. A response that is not to be kept is returned as
        it is.
        """
        with tags.locked(f"page:{key}", wait=0) as rendering:
            if rendering:
                return self.rendered(request, key, since, applied, stale)
        if stale is not None:
            return stale
        deadline = time.monotonic() + self.WAIT_SECONDS
        delay, longest = self.LOOK_EVERY
        while time.monotonic() < deadline:
            time.sleep(delay)
            delay = min(delay * 2, longest)
            busy = tags.store().has_key(f"lock:page:{key}")
            page = cache.get(key)
            if page is not None and tags_fresh(page):
                return page
            if not busy:  # rendered, but not a page to keep (a 404 now)
                break
        return self.rendered(request, key, tags.counter(), None, None)

    def rendered(self, request, key, since, applied, stale):
        with tags.collecting() as collected:
            response = self.get_response(request)
        if not is_cacheable_response(request, response):
            if stale is not None:
                cache.delete(key)  # readers must not get it any more
            return self.marked_private_if_personal(response)
        page = stored_page(response, {*collected, tags.EVERYTHING}, since)
        with contextlib.suppress(*CACHE_ERRORS):  # served all the same
            cache.set(key, page, PAGE_SECONDS)
            LOCAL.put(key, page, applied)
        return page

    def passed_through(self, request):
        return self.marked_private_if_personal(self.get_response(request))

    @staticmethod
    def marked_private_if_personal(response):
        if is_personal(response) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response
