import os
from io import StringIO

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from bench.uncached_settings import MIDDLEWARE as UNCACHED_MIDDLEWARE
from cqcnews import page_cache, tags

# Property-based tests draw new examples on each local run but the same ones
# on every CI run, so a red build can be reproduced. No example database is
# written into the checkout; a failure prints the blob that replays it.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
hypothesis_settings.register_profile("dev", database=None, print_blob=True)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True, scope="session")
def _plain_static_storage():
    """
    Tests render templates without running collectstatic first. Session-wide,
    so that fixtures of a wider scope than a test render with it too.
    """
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}):
        yield


@pytest.fixture(autouse=True, scope="session")
def _session_caches(tmp_path_factory):
    """
    The on-disk caches of the default settings (diskcache in the state
    directory) move to the session's own directory, apart from a running
    server's and from other test runs.
    """
    moved = {
        alias: {**cache, "LOCATION": tmp_path_factory.mktemp("state") / alias}
        if cache["BACKEND"].endswith(".SharedDiskCache")
        else cache
        for alias, cache in settings.CACHES.items()
    }
    with override_settings(CACHES=moved):
        yield


@pytest.fixture(autouse=True)
def _empty_caches():
    """
    Each test starts with empty caches, on disk or in Redis (REDIS_URL), and
    with no page in this process's memory, so no cached page leaks into the
    next test.
    """
    for cache in caches.all():
        cache.clear()
    page_cache.reset_local()
    tags._unrecorded.clear()


@pytest.fixture(autouse=True)
def _english_by_default():
    """Each test starts in English, whatever the previous one activated."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def initial_content(db):
    """The five real articles with their events, people and organisations."""
    call_command("load_initial_content", stdout=StringIO())


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to the test's own folder, not the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def without_page_cache():
    """
    Pages rendered as right after a change forgot them: no page cache, the
    parts they keep (``articles.parts``, ``articles.linked``) from their own
    cache or from the database.
    """
    caches["default"].clear()
    with override_settings(MIDDLEWARE=UNCACHED_MIDDLEWARE):
        yield
    caches["default"].clear()
