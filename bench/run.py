"""
The site's speed on this machine: ``make bench`` (or ``python -m bench.run``).

On a database of its own (``$BENCH_DATABASE``, made with ``manage.py
populate --articles $BENCH_ARTICLES`` and migrated on each run), it starts
the site as ``make run`` does, with gunicorn and ``cqcnews/gunicorn.conf.py``
on loopback ports: as configured, without the page cache
(``bench.uncached_settings``: right after an edit, when every page is rendered
again but the parts kept between edits, such as an article's linked part, are
still there), and, for the article pages only, with nothing cached at all
(``bench.cold_settings``). Each page type is loaded for ``$BENCH_SECONDS``
seconds by ``wrk`` (or, when wrk is missing, by Python threads), and
compared with a static file served by the same server just before it, in
``$BENCH_ROUNDS`` rounds (``bench.load.measure``), which cancels out how
busy the machine is. It prints (``bench.report``):

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
BENCH_ROUNDS (3), BENCH_CONNECTIONS (16), BENCH_PORT (8765; the other servers
use the next ports), BENCH_SEARCH_SECONDS (60: the search measurement stops
there, however many of its queries have run, and says so).

Its parts, one job each:

- ``bench.config``: the settings above, and the benchmark's own database;
- ``bench.server``: the populated database, and gunicorn serving it;
- ``bench.pages``: the pages measured, their queries and weight;
- ``bench.load``: a page under load, against the static file;
- ``bench.scenarios``: the search API, and the reader's side of editing;
- ``bench.report``: the tables, and the targets.
"""

import contextlib

from bench.config import PORT
from bench.load import measure
from bench.pages import ARTICLE_FLOOR, floor_pages, page_weight, pages, query_counts
from bench.report import print_report
from bench.scenarios import measure_editing, search_p95
from bench.server import Server, manage, prepare_database


def main():
    prepare_database()
    manage("collectstatic", "--noinput", "--verbosity", "0")
    paths = pages()
    floors = floor_pages(paths["article, English"])
    queries = query_counts({**paths, **floors})
    search = search_p95()

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
        uncached = measure(
            uncached_server, {**paths, **floors}, floor=floors[ARTICLE_FLOOR]
        )
        cold = measure(cold_server, cold_paths)
        weight = page_weight(cached_server, paths["article, English"])
    editing = measure_editing(paths["static file (CSS)"])
    print_report(
        paths=paths,
        floors=floors,
        queries=queries,
        cached=cached,
        uncached=uncached,
        cold=cold,
        search=search,
        weight=weight,
        editing=editing,
    )


if __name__ == "__main__":
    main()
