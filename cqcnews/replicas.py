"""
Readers' queries on a streaming replica, everything else on the primary.

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database
beside ``default`` (the primary), this module's router and its middleware:

- ``ReplicaMiddleware`` marks a request as a *public read*: a GET or HEAD
  outside the admin, from a client without a session (editors have one) and
  not pinned to the primary by a write of its own. A response to a request
  that wrote sets the ``PIN_COOKIE`` cookie for ``REPLICA_MAX_LAG`` seconds,
  so that its client's next requests read what it has just written.
- ``ReplicaRouter`` sends a public read's queries to the replica while it is
  usable, and everything else to the primary: every write, the admin, every
  read outside a request (management commands, the shell) and migrations.

The replica is usable for a request when, checked at its first query:

- no write began anywhere in the last ``REPLICA_MAX_LAG`` seconds. Every
  host learns of a write through the shared cache before the write commits,
  so a page that an edit has just purged from the CDN is never rendered
  again from a replica that has not replayed the edit yet;
- the replica answers, has streamed from the primary for a second at
  least (a replica that has just reconnected may not have received the
  latest writes yet), and replays within ``REPLICA_MAX_LAG`` seconds of it.

Otherwise the request reads the primary. A replica that does not answer is
not asked again by this process for ``RETRY_SECONDS``. A replica that fails
in the middle of a request turns that request into the 503 of
``cqcnews.faults``; the load balancer retries it (a GET) on another host,
where it reads the primary.
"""

import contextlib
import contextvars
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.signals import connection_created
from django.urls import reverse

logger = logging.getLogger(__name__)

REPLICA = "replica"
#: The cookie that sends a client's requests to the primary after its write.
PIN_COOKIE = "cqcnews_primary"
#: The response header that names the database a public read used.
READ_FROM_HEADER = "X-Read-From"
#: The shared cache's key holding when readers may use the replica again.
PIN_KEY = "replicas:primary-until"
#: Seconds this process leaves a replica alone after it failed to answer.
RETRY_SECONDS = 2.0
#: A process refreshes the shared pin at most this often while it writes.
PIN_EVERY = 0.25
#: Apps whose tables are read from the primary alone: Django's database cache
#: must never answer from behind.
PRIMARY_ONLY = frozenset({"django_cache"})
#: Statements that change data; anything else leaves the replica usable.
WRITES = ("INSERT", "UPDATE", "DELETE", "TRUNCATE", "MERGE")

LAG_SQL = """
    SELECT
        pg_is_in_recovery(),
        receiver.status,
        extract(epoch FROM clock_timestamp() - activity.backend_start),
        CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
        ELSE extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp())
        END
    FROM (SELECT 1) AS one
    LEFT JOIN pg_stat_wal_receiver AS receiver ON true
    LEFT JOIN pg_stat_activity AS activity ON activity.pid = receiver.pid
"""
#: Seconds a replica must have streamed from the primary before it is read:
#: one that has just (re)connected may not have received the latest writes,
#: and then looks as if it were not behind at all.
SETTLE_SECONDS = 1.0

#: The current request's routing: None outside a request.
_request = contextvars.ContextVar("cqcnews_replica_request", default=None)
_down_until = 0.0
_pinned_at = 0.0


def replica_configured():
    return REPLICA in settings.DATABASES


def max_lag():
    return settings.REPLICA_MAX_LAG


def replica_lag():
    """
    Seconds the replica is behind the primary, or None when it is not known
    to be current: not streaming from the primary, or streaming for less
    than ``SETTLE_SECONDS``. Raises ``DatabaseError`` when it does not answer.
    The site's database user needs ``pg_read_all_stats`` (or ``pg_monitor``)
    on the replica to see its WAL receiver.
    """
    replica = connections[REPLICA]
    with replica.cursor() as cursor:
        if replica.vendor != "postgresql":
            return 0.0
        cursor.execute(LAG_SQL)
        in_recovery, receiver, streaming_for, lag = cursor.fetchone()
    if not in_recovery:
        return 0.0  # promoted, or itself a primary: as fresh as can be
    if receiver != "streaming" or streaming_for is None or lag is None:
        return None
    if streaming_for < SETTLE_SECONDS:
        return None
    return float(lag)


def replica_usable():
    """Whether a public read may use the replica now (see the module's docstring)."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    pinned_until = cache.get(PIN_KEY)
    if pinned_until is not None and time.time() < pinned_until:
        return False
    try:
        lag = replica_lag()
    except DatabaseError as error:
        if _down_until == 0.0 or time.monotonic() > _down_until + 60:
            logger.error("Replica unavailable, reading the primary: %s", error)
        _down_until = time.monotonic() + RETRY_SECONDS
        with contextlib.suppress(DatabaseError):
            connections[REPLICA].close()
        return False
    return lag is not None and lag <= max_lag()


def note_write():
    """
    A statement that changes data is about to run on the primary: pin this
    request's client, and for a while every reader, to the primary.
    """
    global _pinned_at
    state = _request.get()
    if state is not None:
        state["wrote"] = True
    now = time.monotonic()
    if now - _pinned_at < PIN_EVERY:
        return
    _pinned_at = now
    cache.set(PIN_KEY, time.time() + max_lag(), timeout=math.ceil(max_lag()) + 1)


def _watch_writes(execute, sql, params, many, context):
    if sql.lstrip()[:8].upper().startswith(WRITES):
        note_write()
    return execute(sql, params, many, context)


def _install_write_watch(sender, connection, **kwargs):
    if (
        connection.alias == DEFAULT_DB_ALIAS
        and _watch_writes not in connection.execute_wrappers
    ):
        connection.execute_wrappers.append(_watch_writes)


connection_created.connect(_install_write_watch, dispatch_uid="cqcnews.replicas")


class ReplicaRouter:
    """Public reads to the replica while it is usable; all else to the primary."""

    def __init__(self):
        _install_write_watch(None, connections[DEFAULT_DB_ALIAS])

    def db_for_read(self, model, **hints):
        state = _request.get()
        if (
            state is None
            or not state["public"]
            or model._meta.app_label in PRIMARY_ONLY
        ):
            return DEFAULT_DB_ALIAS
        if state["usable"] is None:
            state["usable"] = replica_usable()
        return REPLICA if state["usable"] else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # One database under two names: its rows may refer to each other.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica replays the primary's migrations; it takes none itself.
        return db == DEFAULT_DB_ALIAS


class ReplicaMiddleware:
    """
    Mark public reads for ``ReplicaRouter``, and pin a client that wrote to
    the primary for ``REPLICA_MAX_LAG`` seconds. A public read that queried
    says which database answered it (``X-Read-From: replica`` or
    ``primary``). Not used without a replica. Place it before anything that
    queries, the page cache included.
    """

    def __init__(self, get_response):
        if not replica_configured():
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.admin_prefix = None

    def is_public_read(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        return (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and PIN_COOKIE not in request.COOKIES
            and not request.path_info.startswith(self.admin_prefix)
        )

    def __call__(self, request):
        state = {"public": self.is_public_read(request), "usable": None}
        state["wrote"] = False
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if state["usable"] is not None:
            # Which database this response was read from, for operators.
            response.headers[READ_FROM_HEADER] = (
                REPLICA if state["usable"] else "primary"
            )
        if state["wrote"]:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=math.ceil(max_lag()),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
