"""
gunicorn as ``make run`` starts it, for the bench's servers and the tests
that start one. Apart from ``bench.server``: importing that module points
Django at the bench's database (``bench.config``), which a test must not.
"""

import sys
from pathlib import Path


def command(bind):
    """The command line serving the site on ``bind`` (``address:port``)."""
    return [
        str(Path(sys.executable).parent / "gunicorn"),
        "--config",
        "cqcnews/gunicorn.conf.py",
        "--bind",
        bind,
        "cqcnews.wsgi",
    ]
