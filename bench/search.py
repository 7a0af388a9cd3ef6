"""
How fast search answers on a populated database: ``python -m bench.search``.

Runs a fixed set of English and Chinese queries, in groups that stress the
index differently (words in nearly every article, rare words, two words,
short prefixes typed so far, two-character Chinese words, long Chinese
phrases, mixed), through ``articles.search.search`` with the first page of
results loaded, as the search page does. A warm-up pass runs first unless
``--cold``; then it prints the 50th, 95th and 99th percentile per group and
overall, in milliseconds. The target is a warm 95th percentile under 50 ms.

    DATABASE_URL=sqlite:////tmp/searchbench.sqlite3 python -m bench.search
    DATABASE_URL=sqlite:////tmp/searchbench.sqlite3 python -m bench.search --cold

``--cold`` measures the first pass instead: on SQLite the database file is
first dropped from the operating system's cache (``posix_fadvise``), so the
figures include reading the index from disk; on PostgreSQL only the new
connection is cold (its shared buffers stay as they are).

Other scripts call ``measure()`` with their own queries or language.
"""

import argparse
import os
import statistics
import time

#: Results loaded per query: the search page's first page.
PAGE_SIZE = 10

CITIES = ["Fuzhou", "Qingdao", "Shenzhen", "Xiamen", "Chongqing", "Wuhan"]
PRODUCTS = ["toys", "lithium", "photovoltaic", "vehicles", "bicycles", "lighting"]

#: Query groups: name -> (site language, queries).
QUERIES = {
    # Words in most articles: their matches are counted in tens of thousands.
    "en common": (
        "en",
        [
            "certification",
            "CQC",
            "the",
            "cooperation",
            "enterprises",
            "testing",
            "laboratory",
            "delegation",
            "standards",
            "products",
            "representatives",
            "visited",
            "international",
            "quality",
            "centre",
            "agreement",
            "forum",
            "training",
            "report",
            "markets",
            "samples",
            "development",
            "carbon",
            "green",
            "low",
            "both",
            "parties",
            "meeting",
            "exchanged",
            "views",
        ],
    ),
    # Words in few articles, or none.
    "en rare": (
        "en",
        [
            "Argentine",
            "IRAM",
            "Rheinland",
            "JQA",
            "Korea",
            "Japan",
            "Standardisation",
            "Chongqing",
            "Qingdao",
            "photovoltaic",
            "lithium",
            "bicycles",
            "appliances",
            "footprint",
            "verification",
            "piles",
            "Xiamen",
            "Tianjin",
            "Hangzhou",
            "household",
            "zeppelin",
            "quasar",
            "blockchain",
            "2017",
            "870",
            "Bureau",
            "Supervision",
            "Materials",
            "Society",
            "Assurance",
        ],
    ),
    "en two words": (
        "en",
        [f"{product} {city}" for product in PRODUCTS for city in CITIES[:4]]
        + [
            "cooperation agreement",
            "carbon footprint",
            "new energy",
            "CQC laboratory",
            "quality report",
            "green product",
        ],
    ),
    # What a reader has typed so far: two to five letters of a word.
    "en prefix": (
        "en",
        [
            "ce",
            "te",
            "la",
            "co",
            "ter",
            "cer",
            "lab",
            "pho",
            "qin",
            "coo",
            "ent",
            "sam",
            "cert",
            "test",
            "vehi",
            "coop",
            "stan",
            "inte",
            "certif",
            "labor",
            "photov",
            "fuzh",
            "shen",
            "deleg",
            "toys q",
            "lithium fu",
            "cqc la",
            "green pro",
            "new ener",
            "quality man",
        ],
    ),
    "zh two characters": (
        "zh-hans",
        [
            "福州",
            "上海",
            "北京",
            "深圳",
            "厦门",
            "重庆",
            "认证",
            "检测",
            "合作",
            "企业",
            "玩具",
            "标准",
            "论坛",
            "报告",
            "低碳",
            "节能",
            "双方",
            "市场",
            "会议",
            "专家",
            "中国",
            "质量",
            "样品",
            "日本",
            "韩国",
            "器械",
            "材料",
            "照明",
            "股票",
            "足球",
        ],
    ),
    "zh phrase": (
        "zh-hans",
        [
            "新能源汽车",
            "光伏组件",
            "锂电池",
            "家用电器",
            "充电桩",
            "医疗器械",
            "智能家居产品",
            "电动自行车",
            "食品接触材料",
            "建筑材料",
            "质量管理体系认证",
            "绿色产品认证",
            "碳足迹核查",
            "中国质量认证中心",
            "检验检测",
            "国际合作处",
            "日本品质保证机构",
            "阿根廷标准化与认证研究院",
            "德国莱茵",
            "签署合作协议",
            "代表团参观",
            "交换了意见",
            "开拓国际市场",
            "生产线和检测中心",
            "最新标准",
            "质量报告",
            "培训班在",
            "市场监督管理局",
            "人工智能芯片",
            "量子计算",
        ],
    ),
    "zh two words": (
        "zh-hans",
        [
            "福州 玩具",
            "上海 锂电池",
            "深圳 新能源汽车",
            "厦门 光伏组件",
            "认证 合作",
            "重庆 医疗器械",
            "北京 论坛",
            "青岛 充电桩",
            "杭州 家用电器",
            "武汉 培训班",
            "成都 低碳认证",
            "天津 质量报告",
            "南京 建筑材料",
            "西安 电动自行车",
            "广州 节能认证",
            "CQC 福州",
            "LED照明产品",
            "CCC认证",
            "TÜV 认证",
            "2020年 报告",
        ],
    ),
}


def _groups(queries, language):
    """``QUERIES``, or the caller's: a list of queries, or groups like it."""
    if queries is None:
        queries = QUERIES
    if not isinstance(queries, dict):
        return {"queries": (language or "en", list(queries))}
    return {
        name: (language or group_language, list(group_queries))
        for name, (group_language, group_queries) in queries.items()
    }


def _percentiles(timings):
    """p50, p95, p99 and the worst, in milliseconds."""
    ms = sorted(timing * 1000 for timing in timings)
    cuts = (
        statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else ms * 99
    )
    return {
        "n": len(ms),
        "p50": cuts[49],
        "p95": cuts[94],
        "p99": cuts[98],
        "max": ms[-1],
    }


def _time_query(search, query, language):
    started = time.perf_counter()
    list(search(query, language=language)[:PAGE_SIZE])
    return time.perf_counter() - started


def measure(queries=None, language=None, warm_up=True) -> dict:
    """
    Search latency: ``{"groups": {name: figures}, "overall": figures}``, each
    ``figures`` a dict of ``n`` and ``p50``, ``p95``, ``p99``, ``max`` in ms.

    ``queries`` is ``QUERIES`` by default, else a list of queries (one group,
    "queries") or a dict like ``QUERIES``; ``language`` (a site language code)
    overrides each group's. With ``warm_up``, every query runs once untimed
    first, so the figures are those of a warm cache.
    """
    from articles.search import search

    groups = _groups(queries, language)
    if warm_up:
        for group_language, group_queries in groups.values():
            for query in group_queries:
                _time_query(search, query, group_language)
    timings = {
        name: [_time_query(search, query, group_language) for query in group_queries]
        for name, (group_language, group_queries) in groups.items()
    }
    return {
        "groups": {name: _percentiles(times) for name, times in timings.items()},
        "overall": _percentiles([t for times in timings.values() for t in times]),
    }


def evict_from_os_cache():
    """Drop the SQLite database's files from the OS page cache (others: no-op)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict["NAME"])
    for path in (name, f"{name}-wal"):
        if os.path.exists(path):
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def report(figures) -> str:
    lines = [f"{'group':<20}{'n':>5}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}  (ms)"]
    rows = [*figures["groups"].items(), ("overall", figures["overall"])]
    for name, row in rows:
        lines.append(
            f"{name:<20}{row['n']:>5}{row['p50']:>9.1f}{row['p95']:>9.1f}"
            f"{row['p99']:>9.1f}{row['max']:>9.1f}"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cold",
        action="store_true",
        help="Measure the first pass, the database file out of the OS cache.",
    )
    arguments = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cqcnews.settings")
    import django
    from django.db import connection

    django.setup()
    if arguments.cold:
        evict_from_os_cache()
    figures = measure(warm_up=not arguments.cold)
    print(
        f"{connection.vendor}, {'cold' if arguments.cold else 'warm'}, "
        f"{sum(row['n'] for row in figures['groups'].values())} queries"
    )
    print(report(figures))


if __name__ == "__main__":
    main()
