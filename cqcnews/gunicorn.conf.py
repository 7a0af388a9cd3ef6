"""gunicorn settings; HOST and PORT come from `make run`'s --bind."""

import multiprocessing
import os

# Pages are rendered from a local database and cache: mostly CPU, so one
# process per core plus one, with a couple of threads each to hide I/O waits.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
accesslog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
