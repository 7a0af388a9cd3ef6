"""
What ``make bench`` measures besides the pages under load: the search API
called directly, and the reader's side of editing (``bench.editing``) on a
server of its own.
"""

import random
import statistics
import time

from bench.config import CONNECTIONS, PORT, ROUNDS, SEARCH_QUERIES, SEARCH_SECONDS
from bench.server import Server

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


def measure_editing(static_path):
    """The reader's side of editing (``bench.editing``), on an empty cache."""
    from django.core.cache import caches

    from bench import editing

    def server_for():
        caches["default"].clear()  # the pages; the tags and counter stay
        return Server(PORT + 3, "cqcnews.settings")

    return editing.measure(server_for, static_path, CONNECTIONS, ROUNDS)
