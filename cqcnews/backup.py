"""
Backing up and restoring the database (``make backup``, ``make restore``).

SQLite is copied with SQLite's online backup API, which reads a consistent
snapshot while the site keeps serving and editors keep saving (a plain file
copy of a WAL database can catch it half-written). PostgreSQL goes through
``pg_dump`` / ``pg_restore`` in their custom format. A restore goes into an
empty database only, unless told to overwrite: restoring over live content by
mistake is the one way a backup tool loses data.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone
from django.utils.translation import gettext as _

BACKUP_DIR = settings.BASE_DIR / "backups"
SQLITE_HEADER = b"SQLite format 3\x00"


class BackupError(Exception):
    pass


def backup(directory=BACKUP_DIR, using="default"):
    """Write a timestamped backup of database ``using`` into ``directory``."""
    connection = connections[using]
    directory = Path(directory)
    _make_backup_dir(directory)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    if connection.vendor == "sqlite":
        target = directory / f"cqcnews-{stamp}.sqlite3"
    elif connection.vendor == "postgresql":
        target = directory / f"cqcnews-{stamp}.dump"
    else:
        raise BackupError(_("No backup method for %s databases.") % connection.vendor)
    if target.exists():
        raise BackupError(_("%s already exists: try again in a second.") % target)
    # Written under another name and renamed when complete, so a file named
    # like a backup is never a half-written one.
    partial = target.with_name(target.name + ".partial")
    try:
        if connection.vendor == "sqlite":
            _backup_sqlite(connection, partial)
        else:
            _run_postgres_tool(
                connection, "pg_dump", "--format=custom", f"--file={partial}"
            )
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)
    return target


def restore(source, force=False, using="default"):
    """
    Load the backup file ``source`` into database ``using``.

    Refuses a database that already has tables unless ``force``: then SQLite
    is replaced whole and PostgreSQL's objects are dropped before loading.
    """
    connection = connections[using]
    source = Path(source)
    if not source.is_file():
        raise BackupError(_("No backup file at %s.") % source)
    if not force and not is_empty(using):
        raise BackupError(
            _(
                "The database %s is not empty: restore into an empty database, "
                "or pass --force to overwrite it."
            )
            % connection.settings_dict["NAME"]
        )
    if connection.vendor == "sqlite":
        _restore_sqlite(connection, source)
    elif connection.vendor == "postgresql":
        clean = ["--clean", "--if-exists"] if force else []
        _run_postgres_tool(connection, "pg_restore", "--exit-on-error", *clean, source)
    else:
        raise BackupError(_("No restore method for %s databases.") % connection.vendor)


def is_empty(using="default"):
    """True when database ``using`` has no tables at all (not even migrations)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _make_backup_dir(directory):
    """Create the directory, git-ignored: a backup holds editors' data."""
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")


def _backup_sqlite(connection, target):
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def _restore_sqlite(connection, source):
    with source.open("rb") as file:
        if file.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(_("%s is not a SQLite backup.") % source)
    backup_file = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    connection.ensure_connection()
    try:
        backup_file.backup(connection.connection)
    finally:
        backup_file.close()


def _run_postgres_tool(connection, tool, *arguments):
    """Run ``pg_dump`` or ``pg_restore`` against ``connection``'s database."""
    database = connection.settings_dict
    command = [tool, "--no-owner", "--no-privileges", f"--dbname={database['NAME']}"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command.append(f"{option}={database[key]}")
    # The password goes through the environment, never the visible command line.
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    try:
        subprocess.run(
            [*command, *map(str, arguments)],
            env=environment,
            check=True,
            capture_output=True,
            text=True,
        )
    except FileNotFoundError as error:
        raise BackupError(_("%s is not installed.") % tool) from error
    except subprocess.CalledProcessError as error:
        raise BackupError(f"{tool}: {error.stderr.strip()}") from error
