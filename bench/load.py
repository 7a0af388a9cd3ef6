"""
A page under load: requests per second and latency, measured by ``wrk`` or,
when wrk is missing, by keep-alive connections in threads, and compared with
a static file served by the same server just before it.
"""

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
import urllib.request

from bench.config import (
    CONNECTIONS,
    PAGE_TIMEOUT,
    ROUNDS,
    SECONDS,
    SETTLE_SECONDS,
    STATIC_SECONDS,
)


def run_wrk(url, seconds, *options, connections=CONNECTIONS, timeout=PAGE_TIMEOUT):
    """wrk's report on ``url`` under load; a load that met errors is shown."""
    output = subprocess.run(
        [
            "wrk",
            "--threads",
            "2",
            "--connections",
            str(connections),
            "--duration",
            f"{seconds:g}s",
            "--timeout",
            f"{timeout}s",
            *options,
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses|Socket errors", output):
        print(f"{url} answered errors under load:\n{output}", flush=True)
    return output


def wrk_rate(output):
    """Requests per second in a wrk report."""
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def load_with_wrk(url, seconds):
    """``(requests per second, p50 ms, p99 ms)`` measured by wrk."""
    output = run_wrk(url, seconds, "--latency")
    return (
        wrk_rate(output),
        wrk_milliseconds(output, "50%"),
        wrk_milliseconds(output, "99%"),
    )


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


def measure(server, paths, floor=None):
    """
    ``{label: (req/s, p50 ms, p99 ms, ratio to the static file)}`` for the
    pages of ``paths`` (the static file first); with ``floor`` (a path),
    each page's figures end with its ratio to that floor as well.

    Each page is measured in ROUNDS rounds. In each, the static file is
    loaded just before the page and the page compared with that load: a busy
    moment of a shared machine then weighs on both sides of a ratio, not on
    one page's. A stall of a few seconds still spoils the round it falls in,
    so the round with the median ratio stands for the page. The static
    file's own row is its median load.

    The floor is loaded right after the page, in the same round, and the
    median of the rounds' ratios stands: a page and a floor measured a
    minute apart differed by the machine's mood of that minute (the floor
    alone measured from 438 to 1,288 requests a second across runs).
    """
    (static_label, static_path), *pages = paths.items()
    statics, figures = [], {}
    for label, path in pages:
        rounds, of_floor = [], []
        for _round in range(ROUNDS):
            static = load(server.url(static_path), STATIC_SECONDS)
            page = load(server.url(path))
            statics.append(static)
            rounds.append(page and static and (*page, page[0] / static[0]))
            if floor is not None and page:
                under = load(server.url(floor))
                of_floor.append(under and page[0] / under[0])
        if not all(rounds) or not all(of_floor):
            figures[label] = None
            continue
        figures[label] = sorted(rounds, key=lambda row: row[3])[ROUNDS // 2]
        if floor is not None:
            figures[label] += (statistics.median(of_floor),)
    answered = sorted(static for static in statics if static)
    median = answered[len(answered) // 2] if answered else None
    return {static_label: median and (*median, 1.0), **figures}
