"""
Tags: what a cached page shows, and what a change forgets.

A *tag* names something pages show ("article-12", "event-3", "news" for the
news in reading order, "footer"). While a page is rendered, everything it
shows adds its tags to the page (``tag``; the app decides what adds which,
see ``articles.invalidation``); a change *forgets* the tags of what it
touched (``forget``), and so exactly the pages that show it, in every
language and on every host that shares the cache.

Forgetting deletes nothing. The shared ``invalidation`` cache keeps:

- ``counter``: a number raised by each forgetting (one atomic ``incr``);
- ``tag:<tag>``: the counter's value when the tag was last forgotten;
- ``change:<n>``: the tags forgotten by the change that raised the counter
  to ``n``, so that each process can forget its own copies of the pages
  that show them without reading every tag of every page it keeps;
- ``clock``: when time alone changes pages next (``Clock``).

A cached value records the counter as it was *before* it was rendered
(``since``); it is fresh while none of its tags was forgotten after that:
``tag:<t> <= since`` for each. A page rendered while an editor's transaction
was still open reads the data from before the commit, and the commit
forgets its tags again (``forget`` runs at once and on commit), so the page
is never kept past the commit.

The ``invalidation`` cache must never evict what it keeps (a lost tag would
make old pages fresh): a diskcache without eviction on one host, or Redis
with ``maxmemory-policy volatile-lru`` (only keys with a timeout are
evicted; tags have none). See docs/deploy.md.
"""

import contextlib
import importlib
import logging
import sqlite3
import threading
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.utils import timezone

from cqcnews import cdn

logger = logging.getLogger(__name__)

#: The cache alias of the counter, tags, changes, clock and locks.
STORE = "invalidation"
#: The tag every cached value carries: forgetting it forgets everything.
EVERYTHING = "site"
#: How long a change is kept for the processes that have not read it yet;
#: one that falls further behind forgets all its own copies instead.
CHANGE_SECONDS = 10 * 60
#: How long a lock (a page being rendered, the clock being moved) is held at
#: most, should its holder die.
LOCK_SECONDS = 30

_collectors = ContextVar("cqcnews_tag_collectors", default=())


class StoreUnavailable(OSError):
    """The shared cache does not answer (Redis down): nothing is cached."""


def store():
    return caches[STORE]


# Collecting a page's tags --------------------------------------------------


def tag(*tags):
    """Add ``tags`` to everything being rendered now (pages, kept values)."""
    for collected in _collectors.get():
        collected.update(tags)


@contextlib.contextmanager
def collecting():
    """
    The tags added inside the block, as a set; they reach the enclosing
    collections too (the page a kept fragment is rendered into).
    """
    collected = set()
    token = _collectors.set((*_collectors.get(), collected))
    try:
        yield collected
    finally:
        _collectors.reset(token)


@contextlib.contextmanager
def untracked():
    """Add no tag inside the block (what is read for a different purpose)."""
    token = _collectors.set(())
    try:
        yield
    finally:
        _collectors.reset(token)


def is_collecting():
    return bool(_collectors.get())


# The counter and the tags' versions -----------------------------------------


#: The counter as the present request first read it: a one-item list, an
#: empty one until it is read, ``None`` outside a request (see ``counter``).
_read_in_request = ContextVar("cqcnews_counter_in_request", default=None)


def counter():
    """
    The present value of the counter, read from the shared cache once per
    request.

    A page asks for it for itself and for each value it keeps (an event's
    page, five times), and with Redis each read is a round trip. The value
    read first stands for the rest of the request, as if the request had
    come a moment earlier: what it keeps is kept as of then, which can only
    make it expire sooner. A change made by the request itself is read
    again (``record_change``).
    """
    read = _read_in_request.get()
    if read:
        return read[0]
    value = _read_counter()
    if read is not None:
        read.append(value)
    return value


def _request_started(**kwargs):
    _read_in_request.set([])


def _request_finished(**kwargs):
    _read_in_request.set(None)


request_started.connect(_request_started, dispatch_uid="cqcnews.tags.started")
request_finished.connect(_request_finished, dispatch_uid="cqcnews.tags.finished")


def _read_counter():
    """The counter in the shared cache, starting it when there is none."""
    shared = store()
    value = shared.get("counter")
    if value is None:
        # Started from the clock in microseconds, so that a counter lost (a
        # flushed Redis) starts again above any value it had reached.
        shared.add("counter", time.time_ns() // 1000, timeout=None)
        value = shared.get("counter")
    if value is None:
        raise StoreUnavailable("the invalidation cache keeps no counter")
    return value


def _raise_counter():
    shared = store()
    try:
        return shared.incr("counter")
    except ValueError:  # no counter yet, or lost
        _read_counter()
        return shared.incr("counter")


def versions(tags):
    """``{tag: counter when last forgotten}`` of the ``tags`` ever forgotten."""
    found = store().get_many([f"tag:{name}" for name in tags])
    return {key.removeprefix("tag:"): value for key, value in found.items()}


def is_fresh(tags, since, now=None):
    """
    Whether nothing of ``tags`` was forgotten after the counter was ``since``,
    as of the counter at ``now`` (read afresh when not given).

    While the counter is no further than ``since``, nothing was forgotten
    after it, and the tags need not be read (the disk cache reads them one
    by one): a tag is forgotten at a value the counter has reached
    (``record_change``).
    """
    if since >= (_read_counter() if now is None else now):
        return True
    return all(version <= since for version in versions(tags).values())


#: Tags this process could not mark (the shared cache was down), marked
#: with its next change: pages kept through an outage must not outlive it.
_unrecorded = set()


def record_change(tags):
    """
    Forget ``tags`` now, in the shared cache: raise the counter, mark each
    tag with its new value, then publish the change for the processes'
    own copies. Returns the counter's new value, or ``None`` when the
    shared cache is down: a change never fails for the cache's sake.
    """
    shared = store()
    tags = frozenset(tags) | _unrecorded
    read = _read_in_request.get()
    if read:
        read.clear()  # what the request reads next must follow this change
    try:
        number = _raise_counter()
        if tags:
            shared.set_many({f"tag:{name}": number for name in tags}, timeout=None)
        shared.set(f"change:{number}", sorted(tags), timeout=CHANGE_SECONDS)
    except (ValueError, OSError, sqlite3.Error) as error:
        logger.warning("Could not forget %s for now: %s", " ".join(sorted(tags)), error)
        _unrecorded.update(tags)
        return None
    _unrecorded.difference_update(tags)
    return number


def forget(tags):
    """
    Forget the pages showing ``tags``: at once, and again when the present
    transaction commits (see the module's docstring), then ask the CDN to
    purge them (``cqcnews.cdn``). Nothing to forget, nothing done.
    """
    tags = frozenset(tags)
    if not tags:
        return
    record_change(tags)

    def committed():
        record_change(tags)
        cdn.purge(tags)

    transaction.on_commit(committed)


def forget_everything():
    """Forget every cached page: after a bulk write that sent no signals."""
    forget({EVERYTHING})


# The clock --------------------------------------------------------------------


@dataclass
class Clock:
    """
    When time alone changes pages next (a scheduled article going live, a
    new day): ``checked`` is the moment up to which the time's changes were
    forgotten, ``next`` the moment the next one is due. The app says what
    those are: ``settings.PAGE_CACHE_CLOCK`` names the module with
    ``next_change(now)`` and ``changes_between(start, end)`` (the tags that
    time changed in between).
    """

    checked: float
    next: float

    @staticmethod
    def rules():
        return importlib.import_module(settings.PAGE_CACHE_CLOCK)

    @classmethod
    def read(cls):
        """The shared clock, set from now when there is none."""
        stored = store().get("clock")
        if stored is not None:
            return cls(**stored)
        now = timezone.now()
        clock = cls(now.timestamp(), cls.rules().next_change(now).timestamp())
        store().add("clock", clock.__dict__, timeout=None)
        return cls(**store().get("clock", clock.__dict__))

    def is_due(self):
        return time.time() >= self.next


@contextlib.contextmanager
def locked(name, wait=LOCK_SECONDS):
    """
    Hold the shared lock ``name``; yields whether it was had within ``wait``
    seconds (``wait=0``: only if free now).
    """
    shared, key = store(), f"lock:{name}"
    deadline = time.monotonic() + wait
    while not (had := shared.add(key, 1, timeout=LOCK_SECONDS)):
        if time.monotonic() >= deadline:
            break
        time.sleep(0.005)
    try:
        yield had
    finally:
        if had:
            shared.delete(key)


def tick():
    """
    Forget what time has changed since the clock was last checked, once,
    by whichever process finds it due first; the others carry on meanwhile.
    """
    with locked("clock", wait=0) as had:
        if not had:
            return
        clock = Clock.read()
        if not clock.is_due():
            return
        rules = Clock.rules()
        now = timezone.now()
        start = datetime.fromtimestamp(clock.checked, tz=UTC)
        tags = rules.changes_between(start, now)
        store().set(
            "clock",
            {
                "checked": now.timestamp(),
                "next": rules.next_change(now).timestamp(),
            },
            timeout=None,
        )
        # Raised even with no tag to forget, so every process reads the clock.
        record_change(tags)
        if tags:
            cdn.purge(tags)


def reschedule(moment):
    """
    Time changes pages at ``moment`` (an article scheduled for then): the
    clock is due by then at the latest. Called once the schedule is
    committed.
    """
    # Waits a little for a tick in progress; a lock left by a dead process
    # must not hold up an editor's save (a race can only make it due early).
    with locked("clock", wait=2):
        clock = Clock.read()
        if moment.timestamp() < clock.next:
            store().set(
                "clock",
                {"checked": clock.checked, "next": moment.timestamp()},
                timeout=None,
            )
            record_change(frozenset())


def rescheduled(moment):
    """
    ``reschedule(moment)`` at once (the clock may only be due early) and
    again once the present transaction commits, as ``forget`` does; a cache
    that fails only logs a warning, and never fails the save.
    """

    def now():
        try:
            reschedule(moment)
        except (ValueError, OSError, sqlite3.Error) as error:
            logger.warning("Could not move the clock to %s: %s", moment, error)

    now()
    transaction.on_commit(now)


class Changes:
    """
    One process's view of the changes: the counter it has applied to its
    own copies, the clock it knows, and the tags forgotten since then.
    """

    #: A process further behind than this many changes forgets all its copies.
    MAX_REPLAY = 200
    #: A change announced by the counter but not yet published is waited for
    #: this long, then taken as lost (its writer died): all copies go.
    LATE_SECONDS = 1.0

    def __init__(self, follows_clock=True):
        #: Whether the clock is read with the changes: the page cache asks it
        #: when a page expires, a process's kept values need not.
        self.follows_clock = follows_clock
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.applied = None
        self.clock = None
        self.late_since = None

    def catch_up(self, drop, drop_all):
        """
        Read the counter; for each change since the last call, ``drop(tags)``
        the process's copies showing its tags (``drop_all()`` when they
        cannot be known). Returns the counter as read.

        Another thread of the process that finds the counter applied returns
        at once, without the lock, and reads the clock: so ``applied`` is set
        only once the clock it goes with has been read.
        """
        current = counter()
        if current == self.applied:
            return current
        with self.lock:
            if current == self.applied:
                return current  # applied by another thread meanwhile
            if (
                self.applied is None
                or not 0 < current - self.applied <= self.MAX_REPLAY
            ):
                drop_all()
                self.read_clock()
                self.applied = current
                return current
            numbers = range(self.applied + 1, current + 1)
            found = store().get_many([f"change:{n}" for n in numbers])
            for number in numbers:
                tags = found.get(f"change:{number}")
                if tags is None:
                    if self.late_since is None:
                        self.late_since = time.monotonic()
                    if time.monotonic() - self.late_since < self.LATE_SECONDS:
                        break
                    drop_all()
                    self.applied, self.late_since = current, None
                    break
                drop(set(tags))
                self.applied = number
            else:
                self.late_since = None
            self.read_clock()
        return current

    def read_clock(self):
        if self.follows_clock:
            self.clock = Clock.read()
