"""
Reads on the replica, writes on the primary (cqcnews/replicas.py), without a
replica: which database each request is routed to, decided from the request
and from what is known of the replica. Part of the default run; the cluster
tests (test_cluster.py) check the same against a real streaming replica.
"""

import pytest
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from articles.models import Article
from cqcnews import replicas

router = replicas.ReplicaRouter()


@pytest.fixture(autouse=True)
def _replica_known_good(monkeypatch, settings):
    """A replica that is configured, answering, and 0.1 s behind."""
    settings.REPLICA_MAX_LAG = 2.0
    monkeypatch.setattr(replicas, "replica_configured", lambda: True)
    monkeypatch.setattr(replicas, "replica_lag", lambda: 0.1)
    monkeypatch.setattr(replicas, "_down_until", 0.0)
    monkeypatch.setattr(replicas, "_pinned_at", 0.0)


def routed(request, during=None):
    """The database ``Article`` is read from while ``request`` is handled."""
    seen = {}

    def view(request):
        if during:
            during()
        seen["read"] = router.db_for_read(Article)
        return HttpResponse("ok")

    response = replicas.ReplicaMiddleware(view)(request)
    return seen["read"], response


def test_a_readers_page_is_read_from_the_replica():
    database, response = routed(RequestFactory().get("/en/news/"))
    assert database == replicas.REPLICA
    assert response[replicas.READ_FROM_HEADER] == "replica"


@pytest.mark.parametrize(
    "request_",
    [
        RequestFactory().post("/en/news/"),
        RequestFactory().get("/admin/articles/article/"),
        RequestFactory(headers={"cookie": "sessionid=abc"}).get("/en/news/"),
        RequestFactory(headers={"cookie": f"{replicas.PIN_COOKIE}=1"}).get("/en/"),
    ],
    ids=["a write", "the admin", "an editor", "a reader just after a write"],
)
def test_everything_but_a_readers_page_is_read_from_the_primary(request_):
    database, response = routed(request_)
    assert database == DEFAULT_DB_ALIAS
    assert replicas.READ_FROM_HEADER not in response


def test_outside_a_request_everything_uses_the_primary():
    assert router.db_for_read(Article) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Article) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "articles")
    assert not router.allow_migrate(replicas.REPLICA, "articles")


def test_a_request_that_writes_pins_its_client_and_every_reader_to_the_primary():
    _, response = routed(RequestFactory().post("/admin/"), during=replicas.note_write)
    cookie = response.cookies[replicas.PIN_COOKIE]
    assert cookie["max-age"] == 2 and cookie["httponly"]
    # Any other reader, on any host, reads the primary until the replica
    # has surely replayed the write.
    database, response = routed(RequestFactory().get("/en/"))
    assert database == DEFAULT_DB_ALIAS
    assert response[replicas.READ_FROM_HEADER] == "primary"


def test_a_replica_lagging_beyond_the_bound_is_not_read(monkeypatch):
    monkeypatch.setattr(replicas, "replica_lag", lambda: 2.5)
    assert routed(RequestFactory().get("/en/"))[0] == DEFAULT_DB_ALIAS


def test_a_replica_not_streaming_from_the_primary_is_not_read(monkeypatch):
    monkeypatch.setattr(replicas, "replica_lag", lambda: None)
    assert routed(RequestFactory().get("/en/"))[0] == DEFAULT_DB_ALIAS


def test_a_replica_that_does_not_answer_is_left_alone_for_a_while(monkeypatch):
    asked = []

    def down():
        asked.append(1)
        raise OperationalError("connection refused")

    class Connections(dict):
        def __getitem__(self, alias):
            return type("Closed", (), {"close": lambda self: None})()

    monkeypatch.setattr(replicas, "replica_lag", down)
    monkeypatch.setattr(replicas, "connections", Connections())
    assert routed(RequestFactory().get("/en/"))[0] == DEFAULT_DB_ALIAS
    assert routed(RequestFactory().get("/en/"))[0] == DEFAULT_DB_ALIAS
    assert len(asked) == 1


def test_the_replica_is_checked_once_per_request(monkeypatch):
    checks = []
    monkeypatch.setattr(replicas, "replica_lag", lambda: checks.append(1) or 0.0)
    routed(RequestFactory().get("/en/"), during=lambda: router.db_for_read(Article))
    assert len(checks) == 1


def test_the_pin_expires(monkeypatch):
    cache.set(replicas.PIN_KEY, 0.0)  # a pin whose time has passed
    assert routed(RequestFactory().get("/en/"))[0] == replicas.REPLICA
