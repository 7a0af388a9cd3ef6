"""
Public pages come from the cache, carry headers a CDN can use, and are never
stale: an editor's change or a scheduled publication shows at once, in both
languages. Personal responses (editors, cookies, CSP nonces) are never cached.
"""

import datetime
import re
import stat
import tempfile
import threading
import time
from pathlib import Path

import pytest
from django.core.cache.backends.dummy import DummyCache
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from articles import invalidation
from articles.models import Article
from cqcnews import page_cache, tags
from cqcnews import settings as project_settings
from cqcnews.cache_backends import SharedDiskCache
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"articles:{name}", kwargs=kwargs or None)


@pytest.fixture
def article():
    return ArticleFactory(
        title_en="Forum opens in Fuzhou", title_zh_hans="论坛在福州开幕"
    )


@pytest.fixture
def public_urls(article):
    participation = ParticipationFactory()
    article.events.add(participation.event)
    page = PageFactory()
    return [
        url("home"),
        url("article-list"),
        url("article-list") + "?page=1",
        url("article-year", year=article.published_at.year),
        url("article-detail", slug=article.slug),
        url("article-detail", "zh-hans", slug=article.slug),
        url("event-list"),
        url("event-detail", slug=participation.event.slug),
        url("person-detail", slug=participation.person.slug),
        url("organization-detail", slug=participation.organization.slug),
        url("page-detail", slug=page.slug),
        url("search") + "?q=Fuzhou",
        url("search", "zh-hans") + "?q=福州",
    ]


def test_every_public_page_is_public_for_a_cdn_and_sets_no_cookie(
    client, public_urls, monkeypatch
):
    # Far from midnight, when the clock would shorten every max-age.
    monkeypatch.setattr(
        invalidation, "next_change", lambda now: now + datetime.timedelta(days=1)
    )
    for address in public_urls:
        response = client.get(address)
        assert response.status_code == 200, address
        cache_control = response["Cache-Control"]
        assert "public" in cache_control, address
        assert "max-age=60" in cache_control
        assert "s-maxage=300" in cache_control
        assert "stale-while-revalidate=" in cache_control
        assert response.has_header("ETag")
        assert response.has_header("Last-Modified")
        assert not response.cookies, address
        assert "cookie" not in response.get("Vary", "").lower(), address


def test_second_request_for_a_page_runs_no_query(
    client, public_urls, django_assert_num_queries
):
    for address in public_urls:
        first = client.get(address)
        with django_assert_num_queries(0):
            again = client.get(address)
        assert again.content == first.content, address


def test_head_is_answered_from_the_cached_page(
    client, article, django_assert_num_queries
):
    address = article.get_absolute_url()
    client.get(address)
    with django_assert_num_queries(0):
        response = client.head(address)
    assert response.status_code == 200
    assert response.has_header("ETag")


def test_conditional_get_with_the_etag_is_not_modified(client, article):
    address = article.get_absolute_url()
    etag = client.get(address)["ETag"]
    response = client.get(address, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_conditional_get_with_the_date_is_not_modified(client, article):
    address = article.get_absolute_url()
    last_modified = client.get(address)["Last-Modified"]
    response = client.get(address, headers={"if-modified-since": last_modified})
    assert response.status_code == 304


def test_conditional_get_after_an_edit_gets_the_new_page(client, article):
    address = article.get_absolute_url()
    etag = client.get(address)["ETag"]
    article.title_en = "Forum closes in Fuzhou"
    article.save()
    response = client.get(address, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert "Forum closes in Fuzhou" in response.text


def test_publishing_a_draft_shows_it_at_once_in_both_languages(client):
    draft = ArticleFactory(
        status=Article.Status.DRAFT,
        title_en="Draft news on certification",
        title_zh_hans="认证草稿新闻",
    )
    lists = {"en": url("article-list"), "zh-hans": url("article-list", "zh-hans")}
    for address in lists.values():
        assert draft.slug not in client.get(address).text
    assert client.get(draft.get_absolute_url()).status_code == 404

    draft.status = Article.Status.PUBLISHED
    draft.save()

    for address in lists.values():
        assert draft.slug in client.get(address).text
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_editing_an_article_changes_its_page_in_both_languages(client, article):
    english = url("article-detail", slug=article.slug)
    chinese = url("article-detail", "zh-hans", slug=article.slug)
    client.get(english), client.get(chinese)

    article.title_en = "Forum closes in Fuzhou"
    article.title_zh_hans = "论坛在福州闭幕"
    article.save()

    assert "Forum closes in Fuzhou" in client.get(english).text
    assert "论坛在福州闭幕" in client.get(chinese).text


def test_linking_an_organisation_changes_the_article_page(client, article):
    organization = OrganizationFactory(name_en="National Testing Centre")
    address = article.get_absolute_url()
    assert "National Testing Centre" not in client.get(address).text

    article.organizations.add(organization)

    assert "National Testing Centre" in client.get(address).text


def test_renaming_an_event_changes_every_page_that_shows_it(client, article):
    event = EventFactory(name_en="Quality Forum")
    article.events.add(event)
    pages = [article.get_absolute_url(), event.get_absolute_url(), url("event-list")]
    for address in pages:
        assert "Quality Forum" in client.get(address).text

    event.name_en = "Certification Summit"
    event.save()

    for address in pages:
        assert "Certification Summit" in client.get(address).text, address


def test_deleting_an_article_removes_it_at_once(client, article):
    address = article.get_absolute_url()
    assert client.get(address).status_code == 200
    article.delete()
    assert client.get(address).status_code == 404
    assert article.slug not in client.get(url("article-list")).text


def test_a_scheduled_article_appears_when_its_time_comes(client):
    goes_live = timezone.now() + datetime.timedelta(seconds=1)
    scheduled = ArticleFactory(status=Article.Status.PUBLISHED, published_at=goes_live)
    address = url("article-list")
    assert scheduled.slug not in client.get(address).text

    clock = tags.Clock.read()
    assert clock.next <= goes_live.timestamp()
    time.sleep(max(0, clock.next - time.time()) + 0.1)

    assert scheduled.slug in client.get(address).text


def test_without_a_scheduled_article_the_clock_is_due_at_midnight():
    now = timezone.make_aware(datetime.datetime(2024, 3, 1, 23, 30))
    midnight = timezone.make_aware(datetime.datetime(2024, 3, 2))
    assert invalidation.next_change(now) == midnight


def test_another_workers_change_reaches_this_workers_pages(client, article):
    """
    Each worker keeps pages in its own memory; a change made by another
    worker (simulated here through the shared cache alone, with no signal
    in this process) reaches them.
    """
    address = article.get_absolute_url()
    client.get(address)
    Article.objects.filter(pk=article.pk).update(title_en="Changed elsewhere")
    tags.record_change({f"article-{article.pk}"})
    assert "Changed elsewhere" in client.get(address).text


def test_a_thread_that_finds_the_changes_applied_finds_the_clock_read(monkeypatch):
    """
    The first requests of a new worker come on several threads at once. One
    applies the changes and reads the clock; another, finding the changes
    applied, goes straight on to ask the clock whether it is due: it must
    not find the clock still being read (an error page for its reader).
    """
    changes = tags.Changes()
    reading, go_on = threading.Event(), threading.Event()
    read = tags.Clock.read

    def slow_read(cls):
        reading.set()
        go_on.wait(5)
        return read()

    monkeypatch.setattr(tags.Clock, "read", classmethod(slow_read))
    first = threading.Thread(target=changes.catch_up, args=(set, list))
    first.start()
    assert reading.wait(5)
    clocks = []

    def second():
        changes.catch_up(set, list)
        clocks.append(changes.clock)

    other = threading.Thread(target=second)
    other.start()
    other.join(0.2)  # it reaches the clock now, or waits for the first
    go_on.set()
    first.join()
    other.join()
    assert clocks and clocks[0] is not None


def test_an_editor_sees_the_live_site_not_the_cache(
    client, article, admin_user, django_assert_max_num_queries
):
    address = article.get_absolute_url()
    client.get(address)
    client.force_login(admin_user)
    Article.objects.filter(pk=article.pk).update(title_en="Corrected title")
    response = client.get(address)
    assert "Corrected title" in response.text
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize(
    "query", ["?utm_source=newsletter", "?page=1&page=2", "?preview=1"]
)
def test_other_query_strings_bypass_the_cache(client, article, query):
    response = client.get(url("article-list") + query)
    assert "public" not in response.get("Cache-Control", "")


def test_each_list_page_is_cached_apart(client):
    ArticleFactory.create_batch(11)
    first = client.get(url("article-list"))
    second = client.get(url("article-list") + "?page=2")
    assert first.content != second.content
    assert client.get(url("article-list") + "?page=2").content == second.content


def test_a_missing_page_is_not_cached(client):
    response = client.get(url("article-detail", slug="no-such-article"))
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


def test_the_admin_is_never_cached(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "public" not in response.get("Cache-Control", "")
    assert "no-cache" in response["Cache-Control"]


def test_the_language_redirect_is_not_cached(client):
    response = client.get("/", headers={"accept-language": "zh-hans"})
    assert response.status_code == 302
    assert "public" not in response.get("Cache-Control", "")


def middleware_answering(make_response):
    """The cache middleware in front of a view that counts its calls."""
    calls = []

    def view(request):
        calls.append(request)
        return make_response(request)

    return page_cache.PublicPageCacheMiddleware(view), calls


def test_a_page_that_sets_a_cookie_is_never_cached():
    def with_cookie(request):
        response = HttpResponse("page")
        response.set_cookie("seen", "1")
        return response

    middleware, calls = middleware_answering(with_cookie)
    for _ in range(2):
        response = middleware(RequestFactory().get("/en/"))
    assert len(calls) == 2
    assert "private" in response["Cache-Control"]


def test_a_page_that_varies_by_cookie_is_never_cached():
    def varying(request):
        response = HttpResponse("page")
        response["Vary"] = "Cookie"
        return response

    middleware, calls = middleware_answering(varying)
    for _ in range(2):
        response = middleware(RequestFactory().get("/en/"))
    assert len(calls) == 2
    assert "private" in response["Cache-Control"]


def test_a_page_carrying_a_csp_nonce_is_never_cached():
    """A cached nonce would be reused by every reader, which defeats it."""
    from django.utils.csp import LazyNonce

    def with_nonce(request):
        return HttpResponse(f"<script nonce='{request._csp_nonce}'></script>")

    middleware, calls = middleware_answering(with_nonce)
    for _ in range(2):
        request = RequestFactory().get("/en/")
        request._csp_nonce = LazyNonce()
        middleware(request)
    assert len(calls) == 2


@pytest.fixture
def collected_static(settings, tmp_path):
    """Static files collected as in production: hashed and compressed."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_hashed_static_files_are_cached_forever(collected_static):
    hashed = static("css/site.css")
    assert re.search(r"\.[0-9a-f]{12}\.css$", hashed)
    response = Client().get(hashed)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    assert not response.cookies


# The shared cache's files ---------------------------------------------------------


def disk_caches():
    configured = project_settings.CACHES
    if not configured["default"]["BACKEND"].endswith(".SharedDiskCache"):
        pytest.skip("the caches live in Redis")
    return {
        alias: Path(cache["LOCATION"])
        for alias, cache in configured.items()
        if cache["BACKEND"].endswith(".SharedDiskCache")
    }


def test_the_shared_cache_is_kept_out_of_the_shared_temporary_folder():
    """
    Cached values are pickles, and unpickling runs code: the files must be
    where only the site's user can write, never in the folder every user
    shares.
    """
    shared = Path(tempfile.gettempdir()).resolve()
    state = Path(project_settings.STATE_DIR).resolve()
    for location in disk_caches().values():
        location = location.resolve()
        assert location.is_relative_to(state)
        # A checkout may itself live under /tmp; its state folder is still its
        # own (0700, tested below), not the shared folder.
        assert shared not in (location, location.parent, state)


def test_the_shared_cache_directories_are_private_to_the_sites_user(tmp_path):
    disk_caches()
    state = tmp_path / "var"

    SharedDiskCache(state / "cache", {})

    for directory in (state, state / "cache"):
        assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_a_new_release_renders_its_own_pages(client, article, settings):
    """Pages rendered by other code or templates are never served by a new release."""
    address = article.get_absolute_url()
    client.get(address)
    try:
        settings.PAGE_CACHE_RELEASE = "next-release"
        page_cache.release.cache_clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        assert queries  # rendered again, not read from the old release's pages
    finally:
        page_cache.release.cache_clear()


class SharedCacheUnread:
    """A shared cache that fails the test when a kept value is read from it."""

    def get(self, key, default=None):
        raise AssertionError(f"{key} was read from the shared cache")


class CounterReads:
    """The shared store, counting its reads of the counter and of tags."""

    def __init__(self, shared):
        self.shared, self.reads, self.tag_reads = shared, 0, 0

    def get(self, key, *args, **kwargs):
        self.reads += key == "counter"
        return self.shared.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.tag_reads += sum(key.startswith("tag:") for key in keys)
        return self.shared.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.shared, name)


def test_a_kept_page_is_known_fresh_without_its_tags_until_a_change(
    client, article, monkeypatch, django_assert_num_queries
):
    """
    A worker that reads a page back from the shared cache asks whether any
    of its tags was forgotten since it was rendered, one read each on the
    disk cache. While no change at all came since, the counter says so.
    """
    address = article.get_absolute_url()
    client.get(address)
    reads = CounterReads(tags.store())
    monkeypatch.setattr(tags, "store", lambda: reads)
    page_cache.reset_local()  # another worker's memory: only the shared cache
    with django_assert_num_queries(0):
        assert client.get(address).status_code == 200
    assert reads.tag_reads == 0

    tags.record_change({"another-record"})
    page_cache.reset_local()
    with django_assert_num_queries(0):
        assert client.get(address).status_code == 200
    assert reads.tag_reads > 0


def test_an_event_page_reads_the_shared_counter_once(client, article, monkeypatch):
    """
    Each value a page keeps asks for the counter, and with Redis each read
    is a round trip: the shared cache is read once per request.
    """
    participation = ParticipationFactory()
    article.events.add(participation.event)
    # A query string of its own: the page is rendered again, its parts kept.
    path = url("event-detail", slug=participation.event.slug) + "?from=a-feed"
    client.get(path)
    reads = CounterReads(tags.store())
    monkeypatch.setattr(tags, "store", lambda: reads)
    page_cache.reset_local()  # the parts are read back from the shared cache
    assert client.get(path).status_code == 200
    assert reads.reads == 1


def test_a_change_made_by_a_request_is_followed_by_what_it_reads_next():
    started = tags.counter()
    # What request_started and request_finished run, without Django's own
    # receivers, which would close the test's database connection.
    tags._request_started()
    try:
        assert tags.counter() == started
        tags.store().incr("counter")  # another process's change: not seen yet
        assert tags.counter() == started
        changed = tags.record_change({"record-1"})  # by this request
        assert tags.counter() == changed > started
    finally:
        tags._request_finished()
    tags.store().incr("counter")
    assert tags.counter() == changed + 1  # outside a request, read each time


def test_a_value_used_again_comes_from_the_workers_memory_until_a_change(
    monkeypatch,
):
    computed = []

    def compute():
        computed.append(len(computed) + 1)
        tags.tag("record-1")
        return {"names": ["kept"], "computed": len(computed)}

    first = page_cache.remember("the-value", compute)
    assert page_cache.remember("the-value", compute) == first  # the shared copy
    with monkeypatch.context() as patched:
        patched.setattr(page_cache, "cache", SharedCacheUnread())
        again = page_cache.remember("the-value", compute)
    assert again == first
    assert again is not first, "a request's copy must be its own"
    assert computed == [1]

    tags.record_change({"record-2"})
    assert page_cache.remember("the-value", compute) == first  # not its tag

    tags.record_change({"record-1"})
    assert page_cache.remember("the-value", compute)["computed"] == 2


def test_a_site_that_keeps_nothing_keeps_no_value_in_memory(monkeypatch):
    monkeypatch.setattr(page_cache, "cache", DummyCache("nothing", {}))
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert [page_cache.remember("the-value", compute) for _ in range(3)] == [1, 2, 3]
