"""
The site under measurement: its populated database, and gunicorn serving it
as ``make run`` does.
"""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from bench import gunicorn
from bench.config import ARTICLES, DATABASE, LOGS, PAGE_TIMEOUT, ROOT


def manage(*args):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, check=True
    )


def prepare_database():
    """
    The populated database, made again when its size is not the one asked
    for, and migrated: a database made before a new index is measured with it.
    """
    import django

    django.setup()
    from articles.models import Article

    if DATABASE.exists():
        manage("migrate", "--noinput", "--verbosity", "0")
        if Article.objects.count() == ARTICLES:
            return
        from django.db import connection

        connection.close()
        for path in DATABASE.parent.glob(f"{DATABASE.name}*"):
            path.unlink()
    print(f"Populating {DATABASE.name} with {ARTICLES} articles…", flush=True)
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("populate", "--articles", str(ARTICLES), "--seed", "1")


class Server:
    """gunicorn as ``make run`` starts it, on a loopback port, until closed."""

    def __init__(self, port, settings_module):
        self.port = port
        LOGS.mkdir(exist_ok=True)
        self.log = open(LOGS / f"gunicorn-{port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            gunicorn.command(f"127.0.0.1:{port}"),
            cwd=ROOT,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": settings_module},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.wait_until_ready()

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def wait_until_ready(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=1):
                    return
            except urllib.error.HTTPError:
                return  # it answers; without a cache its health check says so
            except OSError:
                time.sleep(0.2)
        self.close()
        raise SystemExit(f"gunicorn did not start: see {self.log.name}")

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=PAGE_TIMEOUT + 5)
        except subprocess.TimeoutExpired:  # a worker stuck on a slow page
            self.process.kill()
            self.process.wait()
        self.log.close()
