"""
gunicorn as ``make run`` starts it (``cqcnews/gunicorn.conf.py``): kept-alive
connections are spread over its workers, not all taken by the first to wake.
"""

import os
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bench import gunicorn
from cqcnews import settings

#: As many connections as ``make bench`` loads with.
CONNECTIONS = 16


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def established_by_process(port):
    """{pid: connections to ``port`` it holds}, read from /proc."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        if local_port == port and fields[3] == "01":  # ESTABLISHED
            inodes.add(f"socket:[{fields[9]}]")
    held = {}
    for folder in Path("/proc").iterdir():
        if not folder.name.isdigit():
            continue
        try:
            links = [os.readlink(fd) for fd in (folder / "fd").iterdir()]
        except OSError:  # gone, or not ours to read
            continue
        count = sum(link in inodes for link in links)
        if count:
            held[int(folder.name)] = count
    return held


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cqcnews.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "CQCNEWS_STATE_DIR": str(tmp_path / "state"),
        "WEB_CONCURRENCY": "3",
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        gunicorn.command(f"127.0.0.1:{port}"),
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        time.sleep(2)  # every worker booted and warmed up
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_kept_alive_connections_are_spread_over_the_workers(server):
    connections = [
        socket.create_connection(("127.0.0.1", server)) for _ in range(CONNECTIONS)
    ]
    try:
        for connection in connections:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        for connection in connections:
            connection.settimeout(30)
            assert connection.recv(65536).startswith(b"HTTP/1.1 ")
        held = established_by_process(server)
        assert len(held) >= 2, held
        assert max(held.values()) <= CONNECTIONS // 2, held
    finally:
        for connection in connections:
            connection.close()
