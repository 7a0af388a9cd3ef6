"""
The site on many hosts (``bin/cluster``), and what readers and editors
notice when a part of it fails: nothing.

One cluster for the module, in a folder of its own: Varnish, HAProxy, two app
hosts, a PostgreSQL primary and its streaming replica, Redis. Each test breaks
a part under load and brings it back, so the next one starts from a whole
cluster. Marked ``cluster``, which the default run leaves out
(pyproject.toml); run it alone with ``pytest -m cluster tests/cluster``.
``.ci/run`` runs it after the SQLite and PostgreSQL passes. Each test prints
what it measured.
"""

import json
import os
import re
import socket
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg
import pytest

from tests.cluster.helpers import Editor, Timeline, cluster, get, wrk

pytestmark = pytest.mark.cluster

EDITOR, PASSWORD = "editor", "cluster-editor-password-2024"
#: What an editor reads when a save was refused: the balancer's page when
#: the host died while saving (bin/cluster), or the site's "come back" page.
REFUSAL_MESSAGES = ("may not have been saved", "Temporarily unavailable")
#: The seconds within which an edit must reach readers.
FRESH_WITHIN = 1.0


def report(capsys, name, figures):
    """Print what a test measured, past pytest's capture."""
    with capsys.disabled():
        print(f"\n[cluster] {name}: {json.dumps(figures)}")


class Site:
    def __init__(self, env):
        self.env = env
        output = cluster("up", "--hosts", "2", env=env, timeout=900)
        self.info = json.loads(output.strip().splitlines()[-1])
        self.url = self.info["url"].rstrip("/")
        self.hosts = self.info["hosts"]
        self.host_urls = {
            name: url.rstrip("/") for name, url in self.info["host_urls"].items()
        }

    def status(self):
        return json.loads(cluster("status", env=self.env))

    def stop(self, part):
        cluster("stop", part, env=self.env)

    def start(self, part):
        cluster("start", part, env=self.env, timeout=180)

    def manage(self, *arguments, **env):
        return cluster("manage", *arguments, env={**self.env, **env})

    def query(self, database, sql, *params):
        with psycopg.connect(self.info[database], autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()

    def editor(self):
        editor = Editor(self.url, EDITOR, PASSWORD)
        editor.log_in()
        return editor

    def failed_requests(self):
        """
        What the logs say of requests that went wrong: the balancer's and the
        hosts' access lines with a 4xx or 5xx status, and the hosts' errors
        with their tracebacks. A load's failure names its requests and their
        cause, not only a count. The health checks are left out: the
        balancer reads their body, and a host without Redis answers them 503
        and stays in.
        """
        logs = Path(self.info["dir"]) / "logs"
        lines = []
        for name in ("balancer", *self.hosts):
            in_traceback = False
            for line in _read(logs / f"{name}.log"):
                if NEW_LINE.match(line):
                    in_traceback = False
                in_traceback = in_traceback or line.startswith("Traceback")
                failed = FAILED_LINE.search(line) and not HEALTH_CHECK.search(line)
                if failed or in_traceback:
                    lines.append(f"{name}: {line}")
        return lines[-80:]


#: A log line of a request answered 4xx or 5xx (HAProxy's timers then status,
#: or gunicorn's request then status), or of an error.
FAILED_LINE = re.compile(
    r"(/[+0-9-]+ [45][0-9]{2} )|(HTTP/[0-9.]+\" [45][0-9]{2} )|ERROR|Traceback"
)
HEALTH_CHECK = re.compile(r"/healthz|Health check: cache down")
#: The start of a log record or of an access line: a traceback has ended.
NEW_LINE = re.compile(r"(DEBUG|INFO|WARNING|ERROR|CRITICAL) |[0-9.:]+ - |\[")


def _read(path):
    try:
        return path.read_text(errors="replace").splitlines()
    except FileNotFoundError:
        return []


@pytest.fixture(scope="module")
def site():
    folder = Path(tempfile.gettempdir()) / f"cqcnews-cluster-test-{os.getpid()}"
    env = {**os.environ, "CQCNEWS_CLUSTER_DIR": str(folder)}
    site = Site(env)
    try:
        site.manage(
            "createsuperuser",
            "--noinput",
            f"--username={EDITOR}",
            "--email=editor@example.com",
            DJANGO_SUPERUSER_PASSWORD=PASSWORD,
        )
        yield site
    finally:
        cluster("down", env=env)


@pytest.fixture(scope="module")
def articles(site):
    """The published articles: (id, slug), oldest first."""
    return site.query(
        "primary",
        "SELECT id, slug FROM articles_article WHERE status = 'published' "
        "AND published_at <= now() ORDER BY id",
    )


@pytest.fixture(scope="module")
def load_paths(site, articles):
    """
    The reader's mix for wrk: every page linked from the home pages in both
    languages that answers 200, and as many searches, each for a term of
    its own ("{n}"), which no cache has and an app host must answer.
    """
    pages = {"/en/", "/zh-hans/"}
    for home in ("/en/", "/zh-hans/"):
        _, _, html = get(site.url + home)
        pages |= set(re.findall(r'href="(/(?:en|zh-hans)/[^"#?]*)"', html))
    pages = sorted(path for path in pages if get(site.url + path)[0] == 200)
    assert len(pages) >= 10, pages
    searches = [
        "/en/search/?q=quality{n}",
        "/zh-hans/search/?q=" + urllib.parse.quote("认证") + "{n}",
    ]
    return pages + searches * (len(pages) // 2)


def load_during(site, load_paths, seconds, faults):
    """
    wrk through the front for ``seconds`` while ``faults`` (second, action)
    run in turn: wrk's result, and when each action ended.
    """
    result = {}
    thread = threading.Thread(
        target=lambda: result.update(wrk(site.url, load_paths, seconds))
    )
    timeline = Timeline()
    thread.start()
    done = []
    try:
        for second, action in faults:
            timeline.wait_until(second)
            action()
            done.append(round(timeline.now(), 2))
    finally:
        thread.join()
    return result, done


#: The slowest answer (99th percentile) a reader may get while a part fails:
#: a few hundred milliseconds under this load when nothing waits for a dead
#: host; a request held by a lock that a dead host took is held for seconds.
SLOWEST_MS = 3000


def assert_no_failure(result, site):
    failures = {
        key: result[key] for key in ("non_2xx", "connect", "read", "write", "timeout")
    }
    assert failures == dict.fromkeys(failures, 0), (result, site.failed_requests())
    assert result["requests"] > 500, result
    assert result["p99_ms"] < SLOWEST_MS, result


def wait_for_title(urls, title, timeout=10.0):
    """
    For each of ``urls``, polled side by side: seconds from now until the
    first request that shows ``title`` was sent. When the request was sent,
    not when its answer came: under load an answer waits its turn, and the
    page was fresh when it was asked for.
    """
    started = time.monotonic()
    seen = {}

    def poll(name, url):
        while time.monotonic() - started < timeout:
            sent = time.monotonic()
            if title in get(url)[2]:
                seen[name] = round(sent - started, 3)
                return
            time.sleep(0.02)

    threads = [threading.Thread(target=poll, args=item) for item in urls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return seen


def test_up_serves_the_site_through_varnish_balancer_and_every_host(site, capsys):
    assert site.url.startswith("http://127.0.0.1:")
    assert site.hosts == ["web1", "web2"]
    status = site.status()
    assert all(part["running"] for part in status["parts"].values()), status
    assert status["balancer_view"] == {"web1": "UP", "web2": "UP"}
    assert status["replica_state"]["receiver"] == "streaming"

    served_by = set()
    for _ in range(6):
        code, headers, html = get(site.url + "/healthz")
        assert code == 200
        served_by.add(headers["X-Served-By"])
    assert served_by == {"web1", "web2"}
    for url in site.host_urls.values():
        assert get(url + "/healthz")[0] == 200

    code, headers, html = get(site.url + "/en/")
    assert code == 200 and "<h1" in html
    assert get(site.url + "/en/")[1]["X-Cache"] == "hit"
    report(capsys, "up", {"parts": sorted(status["parts"])})


def test_public_reads_use_the_replica_and_the_admin_the_primary(site, articles, capsys):
    def read_from(term):
        return get(f"{site.url}/en/search/?q={term}")[1].get("X-Read-From")

    time.sleep(2.5)  # past the pin to the primary that setup's writes set
    readers = [read_from(f"replica{number}") for number in range(20)]
    editor = site.editor()
    editors = [
        editor.request(path)[1].get("X-Read-From")
        for path in ("/admin/articles/article/", "/en/", "/en/news/")
    ]
    # A save pins every reader to the primary until the replica has surely
    # replayed it (CQCNEWS_REPLICA_MAX_LAG, 2 s), then they read the replica.
    article_id, _ = articles[0]
    assert editor.save_article(article_id, f"Pinned {time.time():.0f}")[0] == 302
    after_save = read_from(f"pinned{time.time():.0f}")
    time.sleep(2.5)
    later = read_from(f"later{time.time():.0f}")
    report(
        capsys,
        "replica",
        {
            "readers": f"{readers.count('replica')} of 20 on the replica",
            "editors": editors,
            "after_a_save": after_save,
            "2.5_s_later": later,
        },
    )
    assert readers == ["replica"] * 20
    assert editors == [None] * 3  # never routed to the replica
    assert get(site.url + "/healthz")[1].get("X-Read-From") is None
    assert (after_save, later) == ("primary", "replica")


def test_a_host_killed_under_load_costs_no_request(site, load_paths, capsys):
    result, done = load_during(
        site,
        load_paths,
        seconds=14,
        faults=[(3, lambda: site.stop("web1")), (7, lambda: site.start("web1"))],
    )
    report(capsys, "host killed", {**result, "killed_at": done[0], "back_at": done[1]})
    assert_no_failure(result, site)
    assert site.status()["balancer_view"] == {"web1": "UP", "web2": "UP"}


def test_replica_then_redis_stopped_under_load_costs_no_request_nor_freshness(
    site, load_paths, articles, capsys
):
    editor = site.editor()
    article_id, slug = articles[0]
    title = f"Edited while the replica and Redis are down {time.time():.0f}"
    path = f"/en/news/{slug}/"
    pages = {name: url + path for name, url in site.host_urls.items()}
    pages["front"] = site.url + path
    fresh = {}

    def edit():
        assert editor.save_article(article_id, title)[0] == 302
        fresh.update(wait_for_title(pages, title))

    result, _ = load_during(
        site,
        load_paths,
        seconds=20,
        faults=[
            (2, lambda: site.stop("replica")),
            (5, lambda: site.stop("redis")),
            (8, edit),
            (11, lambda: site.start("redis")),
            (13, lambda: site.start("replica")),
        ],
    )
    # Back on the replica and Redis, every reader still sees the edit.
    time.sleep(2.5)
    after = {name: title in get(url)[2] for name, url in pages.items()}
    report(capsys, "replica and Redis", {**result, "fresh_seconds": fresh})
    assert_no_failure(result, site)
    assert set(fresh) == set(pages), fresh
    assert max(fresh.values()) <= FRESH_WITHIN, fresh
    assert all(after.values()), after


def test_editors_saves_land_or_are_refused_with_a_message_while_a_host_dies(
    site, articles, capsys
):
    stop_at = time.monotonic() + 12
    outcomes = []
    problems = []

    def edit(article_id):
        editor = site.editor()
        number = 0
        while time.monotonic() < stop_at:
            number += 1
            title = f"Saved by an editor, version {number} of {article_id}"
            status, body = editor.save_article(article_id, title)
            stored = site.query(
                "primary",
                "SELECT title_en FROM articles_article WHERE id = %s",
                article_id,
            )[0][0]
            if status == 302:
                outcomes.append("landed")
                if stored != title:
                    problems.append(f"save {title!r} answered 302, stored {stored!r}")
            else:
                outcomes.append("refused")
                if not any(message in body for message in REFUSAL_MESSAGES):
                    problems.append(f"save answered {status}: {body[:300]!r}")

    threads = [
        threading.Thread(target=edit, args=(article_id,))
        for article_id, _ in articles[1:5]
    ]
    timeline = Timeline()
    for thread in threads:
        thread.start()
    timeline.wait_until(3)
    site.stop("web2")
    killed = timeline.now()
    timeline.wait_until(6)
    site.start("web2")
    back = timeline.now()
    for thread in threads:
        thread.join()
    figures = {
        "saves": len(outcomes),
        "landed": outcomes.count("landed"),
        "refused_with_message": outcomes.count("refused"),
        "lost": len(problems),
        "killed_at": round(killed, 2),
        "back_at": round(back, 2),
    }
    report(capsys, "editors", figures)
    assert not problems, problems
    assert outcomes.count("landed") >= len(threads) * 5, figures


def test_an_edit_reaches_readers_through_varnish_and_every_host_within_a_second(
    site, articles, capsys
):
    article_id, slug = articles[-1]
    path = f"/en/news/{slug}/"
    pages = {"front": site.url + path}
    pages.update({name: url + path for name, url in site.host_urls.items()})
    for url in pages.values():
        get(url)
    code, headers, _ = get(pages["front"])
    assert code == 200 and headers["X-Cache"] == "hit"
    tags = get(pages["web1"])[1].get("xkey", "")
    assert tags, "the app host's page carries no xkey tags"

    title = f"Fresh through Varnish {time.time():.0f}"
    status, _ = site.editor().save_article(article_id, title)
    assert status == 302
    fresh = wait_for_title(pages, title)
    report(capsys, "purge", {"fresh_seconds": fresh, "tags": tags})
    assert set(fresh) == set(pages), fresh
    assert max(fresh.values()) <= FRESH_WITHIN, fresh


def test_down_leaves_nothing_running_or_listening(site, capsys):
    state_file = Path(site.info["dir"]) / "state.json"
    state = json.loads(state_file.read_text())
    processes = {
        name: (part["pid"], part["started"])
        for name, part in state["parts"].items()
        if part.get("pid")
    }
    listening = [("127.0.0.1", port) for port in state["ports"].values()]
    listening += [
        (part["address"], part["port"])
        for part in state["parts"].values()
        if "address" in part
    ]
    assert len(processes) == len(state["parts"])

    cluster("down", env=site.env)

    def alive(pid, started):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            return False
        fields = stat.rsplit(")", 1)[1].split()
        return fields[0] not in {"Z", "X"} and fields[19] == started

    running = [
        name for name, (pid, started) in processes.items() if alive(pid, started)
    ]
    answering = []
    for address in listening:
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex(address) == 0:
                answering.append(address)
    report(capsys, "down", {"running": running, "listening": answering})
    assert running == []
    assert answering == []
    assert not Path(site.info["dir"]).exists()
