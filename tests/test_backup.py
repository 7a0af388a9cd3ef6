"""
Backups: a round trip from the site's database to a fresh one that serves the
same article, and the refusals that keep a restore from destroying content.

Backups are made with committed data (``transaction=True``): ``pg_dump``
reads through its own connection, which sees nothing uncommitted.
"""

import secrets

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.commands import manage, site_environment
from tests.factories import ArticleFactory


def database_url(name):
    """A DATABASE_URL for database ``name`` on the test database's server."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    database = connection.settings_dict
    credentials = database["USER"] + (
        f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    )
    return (
        f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def empty_database_url(tmp_path):
    """A new, empty database of the same engine as the test database."""
    if connection.vendor == "sqlite":
        yield database_url(tmp_path / "restored.sqlite3")
        return
    name = f"cqcnews_restore_{secrets.token_hex(4)}"
    server = database_url("postgres")
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def manage_on(database, *arguments):
    """``manage.py`` in a process of its own, on the database at ``database``."""
    return manage(*arguments, env=site_environment(database))


RENDER = """
from django.test import Client
from articles.models import Article
article = Article.objects.get(slug="{slug}")
response = Client().get(article.get_absolute_url())
print(response.status_code)
print(response.content.decode())
"""


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_that_serves_the_same_article(
    tmp_path, empty_database_url
):
    article = ArticleFactory(title_en="CQC and JQA renew their agreement")
    call_command("backup", output_dir=tmp_path / "backups", verbosity=0)
    [backup] = [p for p in (tmp_path / "backups").iterdir() if p.name != ".gitignore"]
    assert backup.name.startswith("cqcnews-")
    assert (tmp_path / "backups" / ".gitignore").read_text() == "*\n"

    restored = manage_on(empty_database_url, "restore", str(backup))
    assert restored.returncode == 0, restored.stderr

    page = manage_on(
        empty_database_url,
        "shell",
        "--no-imports",
        "-c",
        RENDER.format(slug=article.slug),
    )
    assert page.returncode == 0, page.stderr
    status, html = page.stdout.split("\n", 1)
    assert status == "200"
    assert "CQC and JQA renew their agreement" in html

    # The restored database now has content: a second restore is refused…
    again = manage_on(empty_database_url, "restore", str(backup))
    assert again.returncode != 0
    assert "not empty" in again.stderr
    # …unless the operator says so.
    forced = manage_on(empty_database_url, "restore", "--force", str(backup))
    assert forced.returncode == 0, forced.stderr


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(tmp_path):
    ArticleFactory()
    backup = tmp_path / "cqcnews-old.sqlite3"
    backup.write_bytes(b"SQLite format 3\x00")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup))
    assert connection.introspection.table_names()  # untouched


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup files")
def test_restore_rejects_a_file_that_is_not_a_backup(tmp_path):
    target = tmp_path / "empty.sqlite3"
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    result = manage_on(f"sqlite:///{target}", "restore", str(not_a_backup))
    assert result.returncode != 0
    assert "is not a SQLite backup" in result.stderr


def test_restore_of_a_missing_file_says_so(tmp_path):
    result = manage_on(
        f"sqlite:///{tmp_path / 'empty.sqlite3'}", "restore", "nowhere.dump"
    )
    assert result.returncode != 0
    assert "No backup file at nowhere.dump" in result.stderr
