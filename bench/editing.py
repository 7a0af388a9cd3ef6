"""
The reader's side of editing, measured by ``make bench`` (``bench.run``).

A mixed load, as readers bring it: the home page and the news list in both
languages, and ``MIXED_ARTICLES`` articles in both languages, each request
picked at random (``wrk`` with a Lua script). Against the site as
configured, started afresh on an empty shared cache:

- **cold**: seconds 5-10 of the load after the start (the second phase of
  ``PHASE_SECONDS``), when pages are being rendered for the first time;
- **warm**: the same load once every page of it is cached;
- **published edit**: the same while an editor saves a published article
  of the load (a new title) once a second;
- **draft edit**: the same while an editor saves a draft once a second;
- **freshness**: how long a published edit takes to show on its page and
  on the home page.

Each load is compared with the static file loaded just before it (as the
page figures are), in rounds; the edits are also given as a ratio to the
warm load (see ``measure``).
The editor is this process, saving through the ORM in a transaction as the
admin does: the same signals, so the same pages are forgotten.
"""

import os
import random
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

MIXED_ARTICLES = 300
#: Seconds of the static file's load before each measured load.
STATIC_SECONDS = 2
#: Seconds of each phase of the load (BENCH_PHASE_SECONDS).
PHASE_SECONDS = float(os.environ.get("BENCH_PHASE_SECONDS", "5"))
EDIT_EVERY = 1.0
#: How long a change may take to show before the freshness check gives up.
FRESHNESS_LIMIT = 10.0


def mixed_paths():
    """The load's paths: home and news list, and articles, in both languages."""
    from django.urls import reverse
    from django.utils import translation

    from articles.models import Article

    articles = list(
        Article.objects.published()
        .exclude(title_en="")
        .exclude(title_zh_hans="")
        .values_list("slug", flat=True)[:MIXED_ARTICLES]
    )
    paths = []
    for language in ("en", "zh-hans"):
        with translation.override(language):
            paths += [reverse("articles:home"), reverse("articles:article-list")]
            paths += [
                reverse("articles:article-detail", kwargs={"slug": slug})
                for slug in articles
            ]
    return paths, articles


LUA = """
paths = {%s}
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""


def wrk_mixed(url, script, seconds, connections):
    """Requests per second of the mixed load, as wrk measures it."""
    # Here, not at the top: bench.load's settings point Django at the bench's
    # database, which the tests that import this module must not inherit.
    from bench.load import run_wrk, wrk_rate

    output = run_wrk(
        url, seconds, "--script", script, connections=connections, timeout=30
    )
    return wrk_rate(output)


class Editor(threading.Thread):
    """Saves one of ``slugs`` (a new title) every EDIT_EVERY seconds until stopped."""

    def __init__(self, slugs):
        super().__init__(daemon=True)
        self.slugs = slugs
        self.stopped = threading.Event()
        self.saves = 0

    def run(self):
        from django.db import connection, transaction

        from articles.models import Article

        rng = random.Random(2)
        while not self.stopped.wait(EDIT_EVERY):
            with transaction.atomic():
                article = Article.objects.get(slug=rng.choice(self.slugs))
                article.title_en = f"{article.title_en.split(' · ')[0]} · {time.time()}"
                article.save()
            self.saves += 1
        connection.close()

    def stop(self):
        self.stopped.set()
        self.join()


def draft_slugs():
    from articles.models import Article

    drafts = list(Article.objects.drafts().values_list("slug", flat=True)[:20])
    if drafts:
        return drafts
    raise SystemExit("The benchmark's database has no draft to edit.")


def freshness(server, slug):
    """
    Seconds from a published edit of the newest article (committed) until
    its page and the home page both show it.
    """
    from django.db import transaction
    from django.urls import reverse
    from django.utils import translation

    from articles.models import Article

    with translation.override("en"):
        pages = [
            server.url(reverse("articles:article-detail", kwargs={"slug": slug})),
            server.url(reverse("articles:home")),
        ]
    marker = f"Fresh {time.time_ns()}"
    for page in pages:  # both cached before the edit
        urllib.request.urlopen(page, timeout=30).read()
    started = time.monotonic()
    with transaction.atomic():
        article = Article.objects.get(slug=slug)
        article.title_en = marker
        article.save()
    waiting = set(pages)
    while waiting and time.monotonic() - started < FRESHNESS_LIMIT:
        for page in list(waiting):
            if marker in urllib.request.urlopen(page, timeout=30).read().decode():
                waiting.discard(page)
        time.sleep(0.005)
    return None if waiting else time.monotonic() - started


def in_turns(loads, rounds):
    """The order of ``loads`` in each of ``rounds`` rounds: each comes first in turn."""
    for number in range(rounds):
        turn = number % len(loads)
        yield loads[turn:] + loads[:turn]


def measure(server_for, static_path, connections, rounds):
    """
    ``{figure: value}`` of the reader's side of editing. ``server_for()``
    starts the site on an empty cache.

    The static file is loaded through the same Lua script as the mixed load
    (one path instead of many), so that the script's own cost weighs on
    both sides of each ratio. The warm load and each editing load are
    measured in ``rounds`` rounds, each right after a static load, and the
    median ratio to the static file stands for each. The loads take turns
    at coming first in a round, so that none is always measured after the
    others' half a minute of load. An edit's ratio to the warm load is the
    quotient of those medians, so that a busy moment of a shared machine
    does not pass for the edits' cost.
    """

    from articles.models import Article

    paths, slugs = mixed_paths()
    newest = Article.objects.published().values_list("slug", flat=True).first()
    drafts = draft_slugs()
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        mixed_script = Path(folder) / "mixed.lua"
        quoted = ", ".join(f'"{path}"' for path in paths)
        mixed_script.write_text(LUA % (quoted, 1))
        static_script = Path(folder) / "static.lua"
        static_script.write_text(LUA % (f'"{static_path}"', 1))
        server = server_for()
        try:
            url = server.url("/")

            def mixed(seconds=PHASE_SECONDS):
                return wrk_mixed(url, str(mixed_script), seconds, connections)

            def static():
                time.sleep(1)  # the server works off the previous load first
                return wrk_mixed(url, str(static_script), STATIC_SECONDS, connections)

            # Cold: the first seconds fill the cache, seconds 5-10 are measured.
            mixed()
            cold = mixed()
            figures["cold"] = (cold, cold / static())
            for path in paths:  # every page in the cache, however cold it was
                urllib.request.urlopen(server.url(path), timeout=30).read()
            loads = [("warm", None), ("published edit", slugs), ("draft edit", drafts)]
            measured = {label: [] for label, _edited in loads}
            for order in in_turns(loads, rounds):
                for label, edited in order:
                    reference = static()
                    editor = Editor(edited) if edited else None
                    if editor:
                        editor.start()
                    try:
                        rate = mixed()
                    finally:
                        if editor:
                            editor.stop()
                    measured[label].append(
                        (rate / reference, rate, editor.saves if editor else 0)
                    )
            for label, rows in measured.items():
                ratio, rate, saves = sorted(rows)[len(rows) // 2]
                figures[label] = (rate, ratio, saves)
            warm_ratio = figures["warm"][1]
            for label in ("published edit", "draft edit"):
                rate, ratio, saves = figures[label]
                figures[label] = (rate, ratio, ratio / warm_ratio, saves)
            figures["warm"] = figures["warm"][:2]
            figures["freshness"] = freshness(server, newest)
        finally:
            server.close()
    return figures
