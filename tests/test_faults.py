"""
Faults a reader may meet: the database or Redis unreachable, editors saving
while many readers load pages, and migrations taken back.
"""

import json
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from articles.models import Article
from cqcnews import tags
from cqcnews.faults import RETRY_AFTER, RequestContextFilter
from tests.commands import manage, site_environment
from tests.factories import ArticleFactory

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def database_down(monkeypatch):
    """Every new query fails the way it does when the server is unreachable."""

    def refuse():
        raise OperationalError("connection to server at 127.0.0.1 refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.fixture
def redis_down(settings):
    """Point the caches at a closed port, as when Redis has stopped."""
    unreachable = {
        "BACKEND": "cqcnews.cache_backends.ResilientRedisCache",
        "LOCATION": CLOSED_PORT_REDIS,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    settings.CACHES = {"default": unreachable, "invalidation": unreachable}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_database_outage_answers_503_in_the_readers_language(
    client, database_down, caplog, language
):
    with translation.override(language):
        url = ArticleFactory.build(slug="agreement-signed").get_absolute_url()
        title = gettext("Temporarily unavailable")
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER)
    assert response["Content-Language"] == language
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{translation.to_locale(language).replace("_", "-")}">' in html
    assert f"<h1>{title}</h1>" in html
    assert "Traceback" not in html
    [record] = [r for r in caplog.records if r.name == "cqcnews.faults"]
    assert record.levelno == logging.ERROR
    assert record.request.path == url
    assert "connection to server at 127.0.0.1 refused" in record.getMessage()


@pytest.mark.django_db
def test_other_database_errors_stay_server_errors(client, monkeypatch):
    """A bug (here a broken query) is not hidden behind "come back later"."""
    from django.db import ProgrammingError

    def broken():
        raise ProgrammingError("no such column")

    monkeypatch.setattr(connection, "ensure_connection", broken)
    client.raise_request_exception = False
    assert client.get(ArticleFactory.build().get_absolute_url()).status_code == 500


def test_log_lines_name_the_request_and_the_editor():
    request = RequestFactory().get("/en/news/?page=2")
    request.user = type("Editor", (), {"pk": 7})()
    record = logging.LogRecord("x", logging.ERROR, "", 0, "boom", (), None)
    record.request = request
    RequestContextFilter().filter(record)
    assert record.request_context == " [GET /en/news/?page=2 user=7]"


def test_log_lines_without_a_request_or_loaded_user_stay_plain():
    from django.utils.functional import SimpleLazyObject

    record = logging.LogRecord("x", logging.ERROR, "", 0, "boom", (), None)
    RequestContextFilter().filter(record)
    assert record.request_context == ""
    request = RequestFactory().post("/admin/login/")
    # Not loaded yet: reading it would query the database that may be failing.
    request.user = SimpleLazyObject(AnonymousUser)
    record.request = request
    RequestContextFilter().filter(record)
    assert record.request_context == " [POST /admin/login/ user=-]"


@pytest.mark.django_db
def test_site_serves_uncached_while_redis_is_down(client, redis_down, caplog):
    article = ArticleFactory()
    for _ in range(3):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert article.title_en in response.content.decode()
    cache.set("greeting", "hello")
    assert cache.get("greeting", "missed") == "missed"
    assert cache.get_many(["greeting"]) == {}
    outage_reports = [r for r in caplog.records if r.name == "cqcnews.cache_backends"]
    assert len(outage_reports) == 1  # logged once, not once per request


@pytest.mark.django_db
def test_an_edit_while_redis_is_down_is_saved_and_forgotten_later(
    redis_down, django_capture_on_commit_callbacks
):
    """
    A change that cannot mark its tags (Redis down) is saved all the same,
    and this process marks them with its next change, once Redis is back.
    """
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Saved while Redis was down"
        article.save()
    assert Article.objects.get(pk=article.pk).title_en == "Saved while Redis was down"
    assert f"article-{article.pk}" in tags._unrecorded


@pytest.mark.django_db
def test_healthz_reports_ok_when_everything_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.django_db
def test_healthz_names_the_cache_when_redis_is_down(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "down"}


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_down(client, database_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "down", "cache": "ok"}


@pytest.mark.django_db(transaction=True)
def test_article_migrations_reverse_and_apply_again():
    call_command("migrate", "articles", "zero", verbosity=0)
    assert "articles_article" not in connection.introspection.table_names()
    call_command("migrate", "articles", verbosity=0)
    assert "articles_article" in connection.introspection.table_names()
    ArticleFactory()  # the schema is whole again


WORKLOAD = """
import json, threading
from django.db import connection
from django.test import Client
from articles.models import Article
from tests.factories import ArticleFactory

WRITERS, SAVES, READERS, READS = 4, 15, 64, 3
articles = [ArticleFactory() for _ in range(WRITERS)]
urls = [article.get_absolute_url() for article in articles]
connection.close()
start = threading.Barrier(WRITERS + READERS)
saves, statuses, errors = [], [], []

def writer(pk):
    start.wait()
    try:
        for n in range(SAVES):
            article = Article.objects.get(pk=pk)
            article.standfirst_en = f"Revision {n}"
            article.save()
            saves.append(pk)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

def reader(number):
    client = Client()
    start.wait()
    try:
        for n in range(READS):
            statuses.append(client.get(urls[(number + n) % WRITERS]).status_code)
    except Exception as error:
        errors.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=writer, args=(a.pk,)) for a in articles]
threads += [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
final = list(Article.objects.filter(pk__in=[a.pk for a in articles])
             .values_list("standfirst_en", flat=True))
print(json.dumps({"saves": len(saves), "statuses": statuses, "errors": errors,
                  "final": final, "expected_saves": WRITERS * SAVES,
                  "last": f"Revision {SAVES - 1}"}))
"""


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="tests SQLite's WAL and locking settings"
)
def test_concurrent_editor_saves_all_land_while_64_readers_load_pages(tmp_path):
    """
    On a file-based SQLite database with the production settings (WAL, busy
    timeout, IMMEDIATE transactions), run in its own process.
    """
    env = site_environment(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)

    manage("migrate", "--verbosity", "0", env=env, timeout=300, check=True)
    workload = manage(
        "shell", "--no-imports", "-c", WORKLOAD, env=env, timeout=300, check=True
    )
    result = json.loads(workload.stdout.splitlines()[-1])
    assert result["errors"] == []
    assert result["saves"] == result["expected_saves"]
    assert result["final"] == [result["last"]] * 4
    assert len(result["statuses"]) == 64 * 3
    assert set(result["statuses"]) == {200}
