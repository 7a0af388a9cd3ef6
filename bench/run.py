"""
The site's speed on this machine: ``make bench`` (or ``python -m bench.run``).

On a database of its own (``$BENCH_DATABASE``, made with ``manage.py
populate --articles $BENCH_ARTICLES`` and migrated on each run), it starts
the site as ``make run`` does, with gunicorn and ``cqcnews/gunicorn.conf.py``
on loopback ports: as configured, without the page cache
(``bench.uncached_settings``: right after an edit, when every page is rendered
again but the parts kept between edits, such as an article's linked part, are
still there), and, for the article pages only, with nothing cached at all
(``bench.cold_settings``). Each page type is
loaded for ``$BENCH_SECONDS`` seconds by ``wrk`` (or, when wrk is missing,
by the threaded loader below), and compared with a static file served by the
same server just before it, in ``$BENCH_ROUNDS`` rounds (``measure``), which
cancels out how busy the machine is. It prints:

- per page: SQL queries (uncached, counted in-process with the test client),
  requests per second, median and 99th-percentile latency, and throughput as
  a ratio to the static file, cached and uncached;
- the same for the floors under every uncached page (``bench.floor_urls``):
  the middleware alone, and the one query an article page cannot skip,
  neither with a template: the ceiling of an uncached page here;
- the search API's 95th-percentile latency over 200 queries (English and
  Chinese), called directly, without HTTP, once the index is in memory;
- an article page's weight (HTML and CSS, gzip-compressed) and whether any
  script blocks rendering;
- the reader's side of editing (``bench.editing``): a mixed load from a
  cold cache and warm, with a published edit and with a draft edit every
  second, and how long an edit takes to show;
- each figure against its target.

Environment: BENCH_DATABASE (bench/bench.sqlite3; a path elsewhere keeps a
database of each size), BENCH_ARTICLES (20000), BENCH_SECONDS (2),
BENCH_ROUNDS (3),
BENCH_CONNECTIONS (16), BENCH_PORT (8765; the other servers use the next ports),
BENCH_SEARCH_SECONDS (60: the search measurement stops there, however many
of its queries have run, and says so).
"""

import contextlib
import gzip
import http.client
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

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

# Everything below runs against the benchmark's database, never the site's,
# and its own shared cache (pages of another database must not be served).
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ["CQCNEWS_STATE_DIR"] = str(ROOT / "bench" / "state")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqcnews.settings")

#: Targets, as the "Speed and scale" issue and issue 15 set them: cached
#: pages and the mixed load against the static file, uncached pages against
#: their one-query floor, edits against the warm load.
CACHED_RATIO, MIXED_RATIO = 0.8, 0.8
ARTICLE_OF_FLOOR, PAGE_OF_FLOOR = 0.5, 0.3
PUBLISHED_EDIT_RATIO, DRAFT_EDIT_RATIO, FRESH_SECONDS = 0.8, 0.95, 1.0
SEARCH_P95_MS, WEIGHT_KB = 50, 30
#: The floor measured against the uncached target (``floor_pages``).
ARTICLE_FLOOR = "floor: the article's query, no template"

ENGLISH_TERMS = [
    "certification",
    "testing",
    "vehicles",
    "photovoltaic",
    "lithium",
    "Fuzhou",
    "laboratory",
    "toys",
    "carbon",
    "cooperation agreement",
]
CHINESE_TERMS = [
    "认证",
    "检验检测",
    "新能源汽车",
    "福州",
    "光伏组件",
    "实验室",
    "低碳",
    "合作协议",
    "锂电池",
    "玩具",
]


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


def pages():
    """``{label: path}`` of one page of each type, with a hashed static file."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.urls import reverse
    from django.utils import translation

    from articles.models import Article, Organization, Page, Participation

    participation = (
        Participation.objects.filter(event__articles__isnull=False)
        .select_related("event", "person")
        .first()
    )
    article = (
        Article.objects.published()
        .exclude(title_en="")
        .exclude(title_zh_hans="")
        .filter(events=participation.event)
        .first()
    )
    organization = Organization.objects.filter(articles__isnull=False).first()

    def url(name, language="en", **kwargs):
        with translation.override(language):
            return reverse(f"articles:{name}", kwargs=kwargs or None)

    return {
        "static file (CSS)": staticfiles_storage.url("css/site.css"),
        "home": url("home"),
        "news list": url("article-list"),
        "article, English": url("article-detail", slug=article.slug),
        "article, Chinese": url("article-detail", "zh-hans", slug=article.slug),
        "event": url("event-detail", slug=participation.event.slug),
        "person": url("person-detail", slug=participation.person.slug),
        "organisation": url("organization-detail", slug=organization.slug),
        # The plainest page with the site's header and footer: a floor.
        "footer page": url("page-detail", slug=Page.objects.first().slug),
        # Two words, as readers search; one word common to every synthetic
        # article ranks thousands of matches (the search API figure below).
        "search, English": url("search") + "?" + urlencode({"q": "toys Qingdao"}),
        "search, Chinese": url("search", "zh-hans")
        + "?"
        + urlencode({"q": "青岛 玩具"}),
    }


def floor_pages(article_path):
    """``{label: path}`` of the floors, in English, for the article at that path."""
    from django.urls import resolve, reverse
    from django.utils import translation

    from bench.uncached_settings import ROOT_URLCONF

    slug = resolve(article_path).kwargs["slug"]
    with translation.override("en"):
        return {
            "floor: middleware, no query, no template": reverse(
                "floor-middleware", urlconf=ROOT_URLCONF
            ),
            ARTICLE_FLOOR: reverse(
                "floor-article", urlconf=ROOT_URLCONF, kwargs={"slug": slug}
            ),
        }


def query_counts(paths):
    """SQL queries per page, uncached, through the whole middleware stack."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from bench.uncached_settings import MIDDLEWARE, ROOT_URLCONF

    counts = {}
    with override_settings(MIDDLEWARE=MIDDLEWARE, ROOT_URLCONF=ROOT_URLCONF):
        client = Client()
        for label, path in paths.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{label}: {path} answered {response.status_code}")
            counts[label] = len(queries)
    return counts


class Server:
    """gunicorn as ``make run`` starts it, on a loopback port, until closed."""

    def __init__(self, port, settings_module):
        self.port = port
        LOGS.mkdir(exist_ok=True)
        self.log = open(LOGS / f"gunicorn-{port}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "--config",
                "cqcnews/gunicorn.conf.py",
                "--bind",
                f"127.0.0.1:{port}",
                "cqcnews.wsgi",
            ],
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


def load_with_wrk(url, seconds):
    """``(requests per second, p50 ms, p99 ms)`` measured by wrk."""
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(CONNECTIONS),
            "--duration",
            f"{seconds:g}s",
            "--latency",
            "--timeout",
            f"{PAGE_TIMEOUT}s",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses|Socket errors", output):
        print(f"{url} answered errors under load:\n{output}", flush=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return rate, wrk_milliseconds(output, "50%"), wrk_milliseconds(output, "99%")


def wrk_milliseconds(output, percentile):
    value, unit = re.search(
        rf"^\s+{re.escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", output, re.M
    ).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def load_with_threads(url, seconds):
    """The same figures from keep-alive connections in threads, without wrk."""
    host, _, rest = url.removeprefix("http://").partition("/")
    path = "/" + rest
    latencies = []
    deadline = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(host, timeout=10)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url} answered {response.status}")
            mine.append(time.perf_counter() - started)
        connection.close()
        latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    cut = statistics.quantiles(latencies, n=100)
    return len(latencies) / seconds, cut[49] * 1000, cut[98] * 1000


def load(url, seconds=SECONDS):
    """The page's figures under load, or None when it does not even answer once."""
    time.sleep(SETTLE_SECONDS)
    try:  # warms the cache, checks the page
        urllib.request.urlopen(url, timeout=PAGE_TIMEOUT).read()
    except OSError as error:
        print(f"{url}: {error}", flush=True)
        return None
    return (load_with_wrk if shutil.which("wrk") else load_with_threads)(url, seconds)


def measure(server, paths):
    """
    ``{label: (req/s, p50 ms, p99 ms, ratio to the static file)}`` for the
    pages of ``paths`` (the static file first).

    Each page is measured in ROUNDS rounds. In each, the static file is
    loaded just before the page and the page compared with that load: a busy
    moment of a shared machine then weighs on both sides of a ratio, not on
    one page's. A stall of a few seconds still spoils the round it falls in,
    so the round with the median ratio stands for the page. The static
    file's own row is its median load.
    """
    (static_label, static_path), *pages = paths.items()
    statics, figures = [], {}
    for label, path in pages:
        rounds = []
        for _round in range(ROUNDS):
            static = load(server.url(static_path), STATIC_SECONDS)
            page = load(server.url(path))
            statics.append(static)
            rounds.append(page and static and (*page, page[0] / static[0]))
        if all(rounds):
            figures[label] = sorted(rounds, key=lambda row: row[3])[ROUNDS // 2]
        else:
            figures[label] = None
    answered = sorted(static for static in statics if static)
    median = answered[len(answered) // 2] if answered else None
    return {static_label: median and (*median, 1.0), **figures}


def search_p95():
    """
    ``(95th-percentile milliseconds, queries run)`` of the search API, with
    the first page of results loaded; at most SEARCH_SECONDS are spent. The
    queries run twice and the second pass counts: the first reads the index
    from disk, as a server does once after it starts (``python -m
    bench.search --cold`` measures that pass).
    """
    from articles.search import search

    for _pass in range(2):
        rng = random.Random(1)
        timings = []
        deadline = time.monotonic() + SEARCH_SECONDS
        for n in range(SEARCH_QUERIES):
            if time.monotonic() > deadline:
                break
            language, terms = (
                ("en", ENGLISH_TERMS) if n % 2 == 0 else ("zh-hans", CHINESE_TERMS)
            )
            query = " ".join(rng.sample(terms, rng.choice([1, 1, 2])))
            started = time.perf_counter()
            results = search(query, language=language)
            list(results[:10])
            timings.append(time.perf_counter() - started)
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    return p95 * 1000, len(timings)


#: Script types a browser runs before rendering; "module" is deferred anyway,
#: and data blocks (application/ld+json) are not run at all.
JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript"}


class Assets(HTMLParser):
    """The stylesheets a page links and the scripts that block its rendering."""

    def __init__(self):
        super().__init__()
        self.stylesheets, self.blocking_scripts = [], []
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        elif tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets.append(attrs["href"])
        elif (
            tag == "script"
            and self.in_head
            and not {"defer", "async"} & attrs.keys()
            and attrs.get("type", "text/javascript") in JAVASCRIPT_TYPES
        ):
            self.blocking_scripts.append(attrs.get("src", "inline"))


def page_weight(server, path):
    """``(KB of HTML and CSS, gzip-compressed; render-blocking scripts)``."""
    html = urllib.request.urlopen(server.url(path)).read()
    assets = Assets()
    assets.feed(html.decode())
    files = [html] + [
        urllib.request.urlopen(server.url(href)).read() for href in assets.stylesheets
    ]
    size = sum(len(gzip.compress(content, compresslevel=9)) for content in files)
    return size / 1024, assets.blocking_scripts


def check(ok):
    return "yes" if ok else "NO"


def main():
    prepare_database()
    manage("collectstatic", "--noinput", "--verbosity", "0")
    paths = pages()
    floors = floor_pages(paths["article, English"])
    queries = query_counts({**paths, **floors})
    search_ms, searches = search_p95()

    cold_paths = {
        label: path
        for label, path in paths.items()
        if label.startswith(("static", "article"))
    }
    with contextlib.ExitStack() as servers:
        cached_server, uncached_server, cold_server = (
            servers.enter_context(contextlib.closing(Server(PORT + n, settings)))
            for n, settings in enumerate(
                ["cqcnews.settings", "bench.uncached_settings", "bench.cold_settings"]
            )
        )
        cached = measure(cached_server, paths)
        uncached = measure(uncached_server, {**paths, **floors})
        cold = measure(cold_server, cold_paths)
        weight, blocking = page_weight(cached_server, paths["article, English"])
    editing = measure_editing(paths["static file (CSS)"])

    workers = os.environ.get("WEB_CONCURRENCY", "gunicorn.conf.py default")
    loader = "wrk" if shutil.which("wrk") else "Python threads"
    print(
        f"\n{ARTICLES} articles; {loader}, {CONNECTIONS} connections, "
        f"{SECONDS:g} s a page in {ROUNDS} rounds; workers: {workers}.\n"
    )
    print(
        "| page | SQL queries | cached req/s | p50 ms | p99 ms | of static "
        "| uncached req/s | p50 ms | p99 ms | of static |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for label in [*paths, *floors]:
        row = [label, str(queries[label])]
        for figures in (cached, uncached):
            if label not in figures:  # a floor: measured uncached only
                row += ["—", "", "", ""]
                continue
            if figures[label] is None:
                row += ["failed", "", "", ""]
                continue
            rate, p50, p99, ratio = figures[label]
            row += [f"{rate:.0f}", f"{p50:.1f}", f"{p99:.1f}", f"{ratio:.2f}"]
        print("| " + " | ".join(row) + " |")

    print(
        "\nNothing cached (the first rendering of a page):\n\n"
        "| page | req/s | p50 ms | p99 ms | of static |\n|---|--:|--:|--:|--:|"
    )
    for label, figures in cold.items():
        if figures is None:
            print(f"| {label} | failed | | | |")
            continue
        rate, p50, p99, ratio = figures
        print(f"| {label} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {ratio:.2f} |")

    article = "article, English"
    cached_ratio = cached[article][3] if cached[article] else 0
    floor = uncached[ARTICLE_FLOOR][0] if uncached[ARTICLE_FLOOR] else 0

    def of_floor(label):
        return uncached[label][0] / floor if uncached[label] and floor else 0

    print(
        f"\nSearch API p95 over {searches} of {SEARCH_QUERIES} queries "
        f"(English and Chinese; {SEARCH_SECONDS:g} s at most): {search_ms:.1f} ms"
    )
    print(f"Article page, HTML + CSS gzip-compressed: {weight:.1f} KB")
    print(f"Render-blocking scripts: {', '.join(blocking) or 'none'}\n")
    print_editing(editing)
    page_labels = [
        label for label in paths if not label.startswith(("static", "search"))
    ]
    slowest = min(page_labels, key=of_floor)
    fresh = editing["freshness"]
    print("| target | measured | met |")
    print("|---|--:|:-:|")
    for target, measured, ok in [
        (
            f"cached article ≥ {CACHED_RATIO} of static",
            f"{cached_ratio:.2f}",
            cached_ratio >= CACHED_RATIO,
        ),
        (
            f"uncached article ≥ {ARTICLE_OF_FLOOR} of its one-query floor",
            f"{of_floor(article):.2f}",
            of_floor(article) >= ARTICLE_OF_FLOOR,
        ),
        (
            f"every uncached page type ≥ {PAGE_OF_FLOOR} of that floor",
            f"{of_floor(slowest):.2f} ({slowest})",
            of_floor(slowest) >= PAGE_OF_FLOOR,
        ),
        (
            f"mixed load, warm, ≥ {MIXED_RATIO} of static",
            f"{editing['warm'][1]:.2f}",
            editing["warm"][1] >= MIXED_RATIO,
        ),
        (
            f"mixed load, cold cache (s 5-10), ≥ {MIXED_RATIO} of static",
            f"{editing['cold'][1]:.2f}",
            editing["cold"][1] >= MIXED_RATIO,
        ),
        (
            f"a published edit a second keeps ≥ {PUBLISHED_EDIT_RATIO} of warm",
            f"{editing['published edit'][2]:.2f}",
            editing["published edit"][2] >= PUBLISHED_EDIT_RATIO,
        ),
        (
            f"a draft edit a second keeps ≥ {DRAFT_EDIT_RATIO} of warm",
            f"{editing['draft edit'][2]:.2f}",
            editing["draft edit"][2] >= DRAFT_EDIT_RATIO,
        ),
        (
            f"an edit shows on its page and the home page ≤ {FRESH_SECONDS:g} s",
            "never" if fresh is None else f"{fresh:.3f} s",
            fresh is not None and fresh <= FRESH_SECONDS,
        ),
        (
            f"search p95 < {SEARCH_P95_MS} ms",
            f"{search_ms:.1f} ms",
            search_ms < SEARCH_P95_MS,
        ),
        (
            f"article HTML + CSS < {WEIGHT_KB} KB",
            f"{weight:.1f} KB",
            weight < WEIGHT_KB,
        ),
        ("no render-blocking JavaScript", str(len(blocking)), not blocking),
    ]:
        print(f"| {target} | {measured} | {check(ok)} |")


def measure_editing(static_path):
    """The reader's side of editing (``bench.editing``), on an empty cache."""
    from django.core.cache import caches

    from bench import editing

    def server_for():
        caches["default"].clear()  # the pages; the tags and counter stay
        return Server(PORT + 3, "cqcnews.settings")

    return editing.measure(server_for, static_path, CONNECTIONS, ROUNDS)


def print_editing(figures):
    print(
        "The reader's side of editing: a mixed load (home, news list and "
        f"articles, both languages), {CONNECTIONS} connections, the median of "
        f"{ROUNDS} rounds:\n\n"
        "| load | req/s | of static | of warm | saves |\n|---|--:|--:|--:|--:|"
    )
    for label in ("cold", "warm"):
        rate, ratio = figures[label]
        name = "cold cache, seconds 5-10" if label == "cold" else label
        print(f"| {name} | {rate:.0f} | {ratio:.2f} | | |")
    for label in ("published edit", "draft edit"):
        rate, ratio, of_warm, saves = figures[label]
        print(
            f"| a {label} every second | {rate:.0f} | {ratio:.2f} "
            f"| {of_warm:.2f} | {saves} |"
        )
    fresh = figures["freshness"]
    shown = "never" if fresh is None else f"{fresh:.3f} s"
    print(f"\nA published edit shows on its page and the home page after {shown}.\n")


if __name__ == "__main__":
    main()
