"""
What each uncached page costs in Python function calls, against the floor:
``python -m bench.calls`` (on ``make bench``'s database, made first).

Throughput on a shared 2-core machine moves from run to run: the static
file has measured 1,500 and 3,600 requests a second in two runs of
``make bench``. The number of function calls a request makes does not move, so
this is where a change to a page's cost is seen first; ``make bench`` then
says what it is worth in requests a second.

Each page of ``bench.pages`` is asked for through the whole middleware
without the page cache (``bench.uncached_settings``), in the test client,
``REQUESTS`` times after ``WARM_UP`` requests that fill the parts the page
keeps, and counted by ``cProfile``. The ratio is the floor's count (the
article's one query, no template) over the page's: how near the page is to
it, as ``make bench``'s uncached ratios say it in requests a second.
"""

import cProfile
import os
import pstats

WARM_UP = 20
REQUESTS = 50


def calls_per_request(client, path):
    """Python function calls per request for ``path``, with its parts kept."""
    for _ in range(WARM_UP):
        client.get(path)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(REQUESTS):
        client.get(path)
    profile.disable()
    return pstats.Stats(profile).total_calls // REQUESTS


def main():
    # Here, not at the top: bench.config points Django at the benchmark's
    # database, which the tests that import this module must not inherit.
    import bench.config  # noqa: F401

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.uncached_settings"
    from bench.server import manage, prepare_database

    prepare_database()
    manage("collectstatic", "--noinput", "--verbosity", "0")
    from django.test import Client

    from bench.pages import ARTICLE_FLOOR, floor_pages, pages

    paths = pages()
    paths = {**floor_pages(paths["article, English"]), **paths}
    paths.pop("static file (CSS)")
    client = Client()
    counts = {label: calls_per_request(client, path) for label, path in paths.items()}
    floor = counts[ARTICLE_FLOOR]
    print("| page | function calls per request | floor / page |")
    print("|---|--:|--:|")
    for label, count in counts.items():
        print(f"| {label} | {count:,} | {floor / count:.2f} |")


if __name__ == "__main__":
    main()
