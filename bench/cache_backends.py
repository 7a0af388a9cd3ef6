"""
Which shared cache serves the workers of one host best, with no server to
start: ``python -m bench.cache_backends``.

Each candidate is a Django cache backend on a fresh directory. The load is the
page cache's own, in ``PROCESSES`` processes of ``THREADS`` threads each (as
gunicorn runs the site), for ``SECONDS`` seconds: for every page served, one
read of the invalidation counter and one of a page of ``PAGE_BYTES``; every
``WRITE_EVERY``-th page is rendered again and written (a cold or edited
cache), and one in ``ADD_EVERY`` takes a lock (``add``) and frees it. It
prints pages served per second and the slowest 1 % of operations.

Candidates:

- ``diskcache``: diskcache's ``DjangoCache`` (SQLite in WAL mode, eight
  shards), as ``cqcnews.settings`` configures it;
- ``database``: Django's ``DatabaseCache`` in a SQLite database of its own
  (in the site's own database it would also count in every page's queries
  and share the editors' write lock);
- ``file``: Django's ``FileBasedCache``, the content version's old home, for
  reference.
"""

import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

PROCESSES = int(os.environ.get("BENCH_PROCESSES", "3"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "5"))
PAGE_BYTES = 30_000
PAGES = 600
WRITE_EVERY = 20
ADD_EVERY = 50


def configure(name, directory):
    import django
    from django.conf import settings

    databases = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    }
    if name == "diskcache":
        backend = {
            "BACKEND": "cqcnews.cache_backends.SharedDiskCache",
            "LOCATION": str(directory / "cache"),
        }
    elif name == "database":
        databases["cache"] = {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(directory / "cache.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
        backend = {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "page_cache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    else:
        backend = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory / "files"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    settings.configure(
        DATABASES=databases,
        DATABASE_ROUTERS=["bench.cache_backends.CacheRouter"],
        CACHES={"default": backend},
        INSTALLED_APPS=[],
        USE_TZ=True,
    )
    django.setup()


class CacheRouter:
    """DatabaseCache's table in its own SQLite file."""

    def db_for_read(self, model, **hints):
        return "cache" if model._meta.app_label == "django_cache" else None

    db_for_write = db_for_read

    def allow_migrate(self, db, app_label, **hints):
        return None


def worker(name, directory, results):
    configure(name, directory)
    from django.core.cache import cache

    page = os.urandom(PAGE_BYTES)
    served, latencies = [0], []
    deadline = time.monotonic() + SECONDS

    def serve(seed):
        n = seed
        while time.monotonic() < deadline:
            n += 1
            key = f"page:{n * 7919 % PAGES}"
            started = time.perf_counter()
            cache.get("counter")
            if cache.get(key) is None or n % WRITE_EVERY == 0:
                cache.set(key, page, 3600)
            if n % ADD_EVERY == 0 and cache.add(f"lock:{key}", 1, 30):
                cache.delete(f"lock:{key}")
            latencies.append(time.perf_counter() - started)
            served[0] += 1

    threads = [
        threading.Thread(target=serve, args=(i * 100_003 + os.getpid(),))
        for i in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((served[0], statistics.quantiles(latencies, n=100)[98]))


def measure(name):
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        if name == "database":
            setup = multiprocessing.Process(target=create_table, args=(directory,))
            setup.start()
            setup.join()
        results = multiprocessing.Queue()
        processes = [
            multiprocessing.Process(target=worker, args=(name, directory, results))
            for _ in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        figures = [results.get() for _ in processes]
        for process in processes:
            process.join()
    pages = sum(served for served, _p99 in figures) / SECONDS
    p99 = max(p99 for _served, p99 in figures) * 1000
    return pages, p99


def create_table(directory):
    configure("database", directory)
    from django.core.management import call_command

    call_command("createcachetable", database="cache")


def main():
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(
        f"{PROCESSES} processes x {THREADS} threads, {SECONDS:g} s, pages of "
        f"{PAGE_BYTES // 1000} KB, one in {WRITE_EVERY} written again\n"
    )
    print("| cache | pages/s | p99 ms |\n|---|--:|--:|")
    for name in sys.argv[1:] or ["diskcache", "database", "file"]:
        pages, p99 = measure(name)
        print(f"| {name} | {pages:.0f} | {p99:.2f} |", flush=True)


if __name__ == "__main__":
    main()
