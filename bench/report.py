"""
What ``make bench`` prints: the figures in Markdown tables, and each one
against its target.
"""

import os
import shutil

from bench.config import (
    ARTICLES,
    CONNECTIONS,
    ROUNDS,
    SEARCH_QUERIES,
    SEARCH_SECONDS,
    SECONDS,
)

#: Targets: cached pages and the mixed load against the static file,
#: uncached pages against their one-query floor, edits against the warm load.
CACHED_RATIO, MIXED_RATIO = 0.8, 0.8
ARTICLE_OF_FLOOR, PAGE_OF_FLOOR = 0.5, 0.3
PUBLISHED_EDIT_RATIO, DRAFT_EDIT_RATIO, FRESH_SECONDS = 0.8, 0.95, 1.0
SEARCH_P95_MS, WEIGHT_KB = 50, 30


def check(ok):
    return "yes" if ok else "NO"


def print_report(
    *, paths, floors, queries, cached, uncached, cold, search, weight, editing
):
    """
    Everything measured: ``paths`` and ``floors`` as ``bench.pages`` gives
    them, ``queries`` per label, the ``bench.load.measure`` figures of the
    ``cached``, ``uncached`` and ``cold`` servers, ``search`` and ``weight``
    as ``search_p95`` and ``page_weight`` give them, and ``editing`` as
    ``bench.editing.measure`` does.
    """
    workers = os.environ.get("WEB_CONCURRENCY", "gunicorn.conf.py default")
    loader = "wrk" if shutil.which("wrk") else "Python threads"
    print(
        f"\n{ARTICLES} articles; {loader}, {CONNECTIONS} connections, "
        f"{SECONDS:g} s a page in {ROUNDS} rounds; workers: {workers}.\n"
    )
    print_pages([*paths, *floors], queries, cached, uncached)
    print_cold(cold)
    search_ms, searches = search
    kilobytes, blocking = weight
    print(
        f"\nSearch API p95 over {searches} of {SEARCH_QUERIES} queries "
        f"(English and Chinese; {SEARCH_SECONDS:g} s at most): {search_ms:.1f} ms"
    )
    print(f"Article page, HTML + CSS gzip-compressed: {kilobytes:.1f} KB")
    print(f"Render-blocking scripts: {', '.join(blocking) or 'none'}\n")
    print_editing(editing)
    print_targets(paths, cached, uncached, search_ms, weight, editing)


def print_pages(labels, queries, cached, uncached):
    print(
        "| page | SQL queries | cached req/s | p50 ms | p99 ms | of static "
        "| uncached req/s | p50 ms | p99 ms | of static | of floor |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for label in labels:
        row = [label, str(queries[label])]
        for figures in (cached, uncached):
            if label not in figures:  # a floor: measured uncached only
                row += ["—", "", "", ""]
                continue
            if figures[label] is None:
                row += ["failed", "", "", ""]
                continue
            rate, p50, p99, ratio, *of_floor = figures[label]
            row += [f"{rate:.0f}", f"{p50:.1f}", f"{p99:.1f}", f"{ratio:.2f}"]
            row += [f"{value:.2f}" for value in of_floor]
        print("| " + " | ".join(row) + " |")


def print_cold(cold):
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


def print_targets(paths, cached, uncached, search_ms, weight, editing):
    article = "article, English"
    cached_ratio = cached[article][3] if cached[article] else 0

    def of_floor(label):
        """The page's ratio to the floor loaded right after it, in each round."""
        return uncached[label][4] if uncached[label] else 0

    kilobytes, blocking = weight
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
            f"{kilobytes:.1f} KB",
            kilobytes < WEIGHT_KB,
        ),
        ("no render-blocking JavaScript", str(len(blocking)), not blocking),
    ]:
        print(f"| {target} | {measured} | {check(ok)} |")
