"""
A faster search index (see articles.search.sqlite and .postgres for why).

SQLite: the FTS5 table is made again with a prefix index of three- and
four-character word beginnings, with the table of its terms that turns a
word typed in part into the words it begins, and the fts5vocab table that
refills it; then the index is rebuilt.

PostgreSQL: the vectors are kept in the table's rows, compressed, rather
than in its TOAST table (``STORAGE MAIN``): a search that reads the newest
articles first tests each one's vectors, and fetching them from TOAST cost
~30 µs an article. The GIN indexes stop queueing new entries in a pending
list (``fastupdate``), which every search would otherwise scan until the next
vacuum. The index is rebuilt, so every row is stored anew.
"""

from importlib import import_module

from django.db import migrations

COLUMNS = (
    "title_en, standfirst_en, body_en, title_zh_hans, standfirst_zh_hans, body_zh_hans"
)

FORWARD = {
    "sqlite": [
        "DROP TABLE articles_search",
        "CREATE VIRTUAL TABLE articles_search USING fts5("
        f"{COLUMNS}, tokenize = 'unicode61 remove_diacritics 0', prefix = '3 4')",
        "CREATE TABLE articles_search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID",
        "CREATE VIRTUAL TABLE articles_search_vocabulary "
        "USING fts5vocab(articles_search, row)",
    ],
    "postgresql": [
        "ALTER TABLE articles_search ALTER en SET STORAGE MAIN, "
        "ALTER zh_hans SET STORAGE MAIN",
        "ALTER INDEX articles_search_en SET (fastupdate = off)",
        "ALTER INDEX articles_search_zh_hans SET (fastupdate = off)",
    ],
}

BACKWARD = {
    "sqlite": [
        "DROP TABLE articles_search_vocabulary",
        "DROP TABLE articles_search_terms",
        "DROP TABLE articles_search",
        *import_module("articles.migrations.0002_search_index").CREATE["sqlite"],
    ],
    "postgresql": [
        "ALTER TABLE articles_search ALTER en SET STORAGE EXTENDED, "
        "ALTER zh_hans SET STORAGE EXTENDED",
        "ALTER INDEX articles_search_en RESET (fastupdate)",
        "ALTER INDEX articles_search_zh_hans RESET (fastupdate)",
    ],
}


def _run(statements):
    def operation(apps, schema_editor):
        from articles.search import rebuild_index

        for statement in statements[schema_editor.connection.vendor]:
            schema_editor.execute(statement)
        rebuild_index(
            apps.get_model("articles", "Article").objects.all(),
            using=schema_editor.connection.alias,
        )

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_editorial_groups"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
