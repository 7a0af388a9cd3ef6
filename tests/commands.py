"""
Running management commands from tests: in this process, where the test's
database and settings apply, or in a process of their own, for what only a
fresh start shows (settings read from the environment, another database).
"""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import call_command


def output_of(command, *args, **options):
    """Run ``command`` here; its standard output and error, as text."""
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def manage(*arguments, env, timeout=120, check=False):
    """
    ``manage.py`` in a process of its own, with ``env`` as its whole
    environment: the finished process, its output as text.
    """
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=Path(settings.BASE_DIR),
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


def site_environment(database_url):
    """
    This environment, on the database at ``database_url``: quiet logs, and
    static files named without collectstatic's manifest.
    """
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_DEBUG": "1",
    }
