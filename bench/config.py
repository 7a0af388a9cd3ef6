"""
What ``make bench`` measures with: the environment's settings, read once,
and the benchmark's own database and shared cache.

Importing this module points Django at the benchmark's database
(``DATABASE``), never the site's, and at a shared cache of its own: pages of
another database must not be served. It is imported before Django is set up.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATABASE = Path(os.environ.get("BENCH_DATABASE", ROOT / "bench" / "bench.sqlite3"))
LOGS = ROOT / "bench" / "logs"
ARTICLES = int(os.environ.get("BENCH_ARTICLES", "20000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
#: The static file's load before each page: enough for thousands of requests.
STATIC_SECONDS = 1
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SEARCH_QUERIES = 200
SEARCH_SECONDS = float(os.environ.get("BENCH_SEARCH_SECONDS", "60"))
#: A page slower than this under load counts as failed, not as a figure.
PAGE_TIMEOUT = 30
#: The pause before each load. A static file loaded right after a slow page
#: measured at times a third of its rate, at others its full rate: the
#: server was still working off the previous load. After a second's pause
#: it measured within a tenth of its rate every time.
SETTLE_SECONDS = 1

os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["CQCNEWS_STATE_DIR"] = str(ROOT / "bench" / "state")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqcnews.settings")
