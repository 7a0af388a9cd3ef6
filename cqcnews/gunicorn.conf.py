"""gunicorn settings; HOST and PORT come from `make run`'s --bind."""

import multiprocessing
import os

# Pages are rendered from a local database and cache: mostly CPU, so one
# process per core plus one, with a couple of threads each to hide I/O waits.
# Measured on the 2-core test machine (wrk, 16 connections, 3 s, 20,000
# articles, cached article page, machine shared and noisy): 3 workers x 2
# threads 1,270 req/s; 2 x 4: 1,480; 4 x 1: 1,200. The spread is within the
# noise of a shared machine, and static files ran fastest with 3 x 2, so the
# default stays; WEB_CONCURRENCY and GUNICORN_THREADS override it.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
# The connections a worker takes before it leaves new ones to the others.
# A gthread worker accepts while it holds fewer than this, busy or not: with
# gunicorn's 1,000, one worker held 13 to 16 of wrk's 16 kept-alive
# connections and served them on one core while the others idled, and the
# mixed load from a cold cache reached 0.18 to 0.35 of a static file in
# `make bench` (1.05 with this). With four per thread, the 16 spread over
# every worker or two of them ([8, 4, 4], [8, 8]). An idle kept-alive
# connection holds its place for `keepalive` (2 s) at most.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", threads * 4))
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_worker_init(worker):
    """
    Each worker renders both home pages once before it takes a request: a
    host started again under load (a deploy, a crash) otherwise makes its
    first readers wait while every worker loads its URLs, templates and
    catalogues at once. The query string keeps the page cache out of it, so
    the rendering is done; a failure is logged and the worker serves anyway.
    """
    from django.conf import settings
    from django.test import RequestFactory

    host = next(
        (name for name in settings.ALLOWED_HOSTS if name not in {"*", ""}),
        "localhost",
    ).lstrip(".")
    for path in ("/en/", "/zh-hans/"):
        request = RequestFactory(HTTP_HOST=host).get(path, {"warm-up": "1"})
        try:
            body = worker.wsgi(request.environ, lambda status, headers: None)
            b"".join(body)
            body.close()
        except Exception:  # a warm-up never stops a worker
            worker.log.exception("Warming up with %s failed", path)
