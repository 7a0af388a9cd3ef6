"""
A forgotten page is rendered by exactly one request, however many readers
ask for it at that moment: the others wait for that rendering, or get the
previous version while it is made (cqcnews/page_cache.py).

Readers are threads sharing the page cache's shared store, as a worker's
threads do (and as workers do through the same store).
"""

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from cqcnews import page_cache, tags

READERS = 8
#: Long enough that every reader arrives while the page is being rendered.
RENDER_SECONDS = 0.3


@pytest.fixture(autouse=True)
def _clock_without_database(monkeypatch):
    """The clock set once, so that the readers' threads need no database."""
    monkeypatch.setattr(
        tags.Clock,
        "read",
        classmethod(lambda cls: cls(time.time(), time.time() + 3600)),
    )


class SlowPage:
    """A view that takes its time, counting its renderings, tagged "slow"."""

    def __init__(self):
        self.renderings = 0
        self.version = "first"
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renderings += 1
        tags.tag("slow")
        time.sleep(RENDER_SECONDS)
        return HttpResponse(f"<p>{self.version}</p>")


def answers_together(middleware, readers=READERS):
    """
    Every reader asks at the same moment; their responses, in order, and
    the longest any of them took from that moment. Each reader's thread
    opens its connections to the shared caches first, as a worker's threads,
    which live as long as the worker, have theirs open: opening one (tens
    of milliseconds on a busy disk) is not what is measured.
    """
    start = threading.Barrier(readers)
    responses = [None] * readers
    took = [None] * readers

    def read(n):
        tags.counter()
        page_cache.cache.get("-")
        start.wait()
        began = time.monotonic()
        responses[n] = middleware(RequestFactory().get("/en/slow/"))
        took[n] = time.monotonic() - began
        assert responses[n].status_code == 200

    threads = [threading.Thread(target=read, args=(n,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses, max(took)


def read_together(middleware, readers=READERS):
    """Every reader asks at the same moment; their pages' bodies, in order."""
    responses, _took = answers_together(middleware, readers)
    return [r.content.decode() for r in responses]


def test_a_page_nobody_has_is_rendered_once_while_the_others_wait():
    page = SlowPage()
    middleware = page_cache.PublicPageCacheMiddleware(page)

    bodies = read_together(middleware)

    assert page.renderings == 1
    assert bodies == ["<p>first</p>"] * READERS


def test_a_forgotten_page_is_rendered_once_while_the_others_get_the_previous():
    page = SlowPage()
    middleware = page_cache.PublicPageCacheMiddleware(page)
    read_together(middleware, readers=1)
    page.version = "second"
    tags.record_change({"slow"})

    responses, waited = answers_together(middleware)
    bodies = [r.content.decode() for r in responses]

    assert page.renderings == 2  # the first one, and one after the change
    assert "<p>second</p>" in bodies
    assert set(bodies) <= {"<p>first</p>", "<p>second</p>"}
    assert bodies.count("<p>first</p>") >= READERS - 2  # not kept waiting
    assert waited < RENDER_SECONDS * 2
    assert read_together(middleware, readers=2) == ["<p>second</p>"] * 2


def test_the_previous_version_is_for_its_reader_only_never_for_a_cdn():
    """
    A CDN that stored the previous version, after the change's purge had
    reached it, would serve it until it expired.
    """
    page = SlowPage()
    middleware = page_cache.PublicPageCacheMiddleware(page)
    read_together(middleware, readers=1)
    page.version = "second"
    tags.record_change({"slow"})

    responses, _took = answers_together(middleware)

    for response in responses:
        shared = "public" in response["Cache-Control"]
        assert shared == (response.content == b"<p>second</p>"), (
            response.content,
            response["Cache-Control"],
        )
        if not shared:
            assert "no-cache" in response["Cache-Control"]


def test_a_rendering_overtaken_by_a_change_is_not_for_a_cdn():
    def changed_while_rendering(request):
        tags.tag("slow")
        tags.record_change({"slow"})
        return HttpResponse("<p>already outdated</p>")

    middleware = page_cache.PublicPageCacheMiddleware(changed_while_rendering)
    response = middleware(RequestFactory().get("/en/slow/"))

    assert response.content == b"<p>already outdated</p>"
    assert "public" not in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_an_unrelated_change_renders_nothing_again():
    page = SlowPage()
    middleware = page_cache.PublicPageCacheMiddleware(page)
    read_together(middleware, readers=1)

    tags.record_change({"something-else"})
    read_together(middleware)

    assert page.renderings == 1


def test_a_page_that_turns_into_a_404_is_no_longer_served_from_before():
    page = SlowPage()
    middleware = page_cache.PublicPageCacheMiddleware(page)
    read_together(middleware, readers=1)
    tags.record_change({"slow"})

    gone = page_cache.PublicPageCacheMiddleware(
        lambda request: HttpResponse(status=404)
    )
    assert gone(RequestFactory().get("/en/slow/")).status_code == 404
    assert gone(RequestFactory().get("/en/slow/")).status_code == 404


def test_a_lock_left_by_a_renderer_that_died_holds_readers_briefly():
    """A host killed while rendering leaves its lock until the lock expires."""
    request = RequestFactory().get("/en/slow/")
    tags.store().add(f"lock:page:{page_cache.page_key(request)}", 1, tags.LOCK_SECONDS)
    page = SlowPage()
    middleware = page_cache.PublicPageCacheMiddleware(page)

    started = time.monotonic()
    response = middleware(request)
    waited = time.monotonic() - started

    assert response.content == b"<p>first</p>"
    assert page.renderings == 1
    assert middleware.WAIT_SECONDS <= waited < middleware.WAIT_SECONDS + 1
    assert middleware.WAIT_SECONDS < tags.LOCK_SECONDS
