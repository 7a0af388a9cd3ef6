"""
The cache backends: a Redis cache that the site survives losing, and the
SQLite-backed cache that all the workers of one host share without a server.

The cache only makes pages faster: when Redis is unreachable the site must
serve every page uncached rather than fail. ``ResilientRedisCache`` is
Django's ``RedisCache`` whose every operation, when Redis does not answer,
behaves as a miss (reads) or does nothing (writes). It logs the outage once
and its recovery once, and skips Redis for ``RETRY_SECONDS`` after a failure
so that each request does not wait for another connection timeout.
"""

import functools
import logging
import os
import threading
import time

from diskcache.djangocache import DjangoCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


def _degrades_to(fallback):
    """Run the operation, or answer ``fallback(*args)`` while Redis is down."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args):
            if self.skipping():
                return fallback(*args)
            try:
                result = method(self, *args)
            except (RedisConnectionError, RedisTimeoutError) as error:
                self.went_down(error)
                return fallback(*args)
            self.came_back()
            return result

        return wrapper

    return decorator


def _nothing(*args):
    return None


def _false(*args):
    return False


def _default(key, default):
    return default


def _no_keys(keys):
    return {}


def _missing(key, delta):
    raise ValueError(f"Key '{key}' not found.")


class ResilientRedisCacheClient(RedisCacheClient):
    # Outages by server, shared by every client of the process (one per
    # thread and cache alias), so an outage is logged and waited for once.
    _down_until = {}
    _lock = threading.Lock()

    def skipping(self):
        down_until = self._down_until.get(self._key)
        return down_until is not None and time.monotonic() < down_until

    def went_down(self, error):
        with self._lock:
            first = self._key not in self._down_until
            self._down_until[self._key] = time.monotonic() + RETRY_SECONDS
        if first:
            logger.error("Redis unavailable, serving uncached: %s", error)

    def came_back(self):
        if self._key not in self._down_until:
            return
        with self._lock:
            recovered = self._down_until.pop(self._key, None) is not None
        if recovered:
            logger.warning("Redis is back, caching again.")

    @property
    def _key(self):
        return tuple(self._servers)

    add = _degrades_to(_false)(RedisCacheClient.add)
    get = _degrades_to(_default)(RedisCacheClient.get)
    set = _degrades_to(_nothing)(RedisCacheClient.set)
    touch = _degrades_to(_false)(RedisCacheClient.touch)
    delete = _degrades_to(_false)(RedisCacheClient.delete)
    get_many = _degrades_to(_no_keys)(RedisCacheClient.get_many)
    has_key = _degrades_to(_false)(RedisCacheClient.has_key)
    incr = _degrades_to(_missing)(RedisCacheClient.incr)
    set_many = _degrades_to(_nothing)(RedisCacheClient.set_many)
    delete_many = _degrades_to(_nothing)(RedisCacheClient.delete_many)
    clear = _degrades_to(_false)(RedisCacheClient.clear)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis is down."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient


class SharedDiskCache(DjangoCache):
    """
    diskcache's Django backend, kept in the site's own state directory: one
    cache for every gunicorn worker of a host, in SQLite (WAL), with no
    server to start. Chosen over Django's ``DatabaseCache`` by measurement
    (``python -m bench.cache_backends``, figures in docs/deploy.md).

    - Values are pickles, and unpickling runs code: the directory is created
      readable and writable by the site's user alone (0700), as Django's
      own file cache does, never in the shared temporary folder.
    - Each thread keeps its SQLite connection between requests: Django
      closes every cache at the end of a request, and reopening the shards
      (with their pragmas) cost more than the reads they serve.
    - Pages stay inside SQLite (``disk_min_file_size``): one read, not a
      read and a file opened.
    """

    def __init__(self, directory, params):
        # makedirs gives its mode to the last folder only: the umask covers
        # the state directory above it too.
        umask = os.umask(0o077)
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        finally:
            os.umask(umask)
        params = {**params}
        params["OPTIONS"] = {"disk_min_file_size": 2**20, **params.get("OPTIONS", {})}
        # Seconds a write waits for another process's before it retries.
        params.setdefault("DATABASE_TIMEOUT", 1.0)
        super().__init__(str(directory), params)

    def close(self, **kwargs):
        """Kept open between requests; see the class's docstring."""
