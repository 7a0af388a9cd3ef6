"""
PostgreSQL: each GIN index of the search table holds the article's block of
ids (``articles.search.postgres.BLOCK``) beside the vector (``btree_gin``), so
that one index scan finds the matches among the newest articles; no parallel
workers for searches (starting one took longer than the search); and the
table of indexed words that turns a word typed in part into the words it
begins, as on SQLite since 0005. Why: articles.search.postgres and .terms.
SQLite: nothing changes.
"""

from django.db import migrations

GIN = "USING gin ({}) WITH (fastupdate = off)"
BLOCK = "(article_id / 64)"

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "DROP INDEX articles_search_en",
    "DROP INDEX articles_search_zh_hans",
    f"CREATE INDEX articles_search_en ON articles_search {GIN.format(BLOCK + ', en')}",
    "CREATE INDEX articles_search_zh_hans ON articles_search "
    + GIN.format(BLOCK + ", zh_hans"),
    "ALTER TABLE articles_search SET (parallel_workers = 0)",
    'CREATE TABLE articles_search_terms (term text COLLATE "C" PRIMARY KEY)',
    "INSERT INTO articles_search_terms (term) SELECT word FROM ts_stat("
    "'SELECT en FROM articles_search UNION ALL SELECT zh_hans FROM articles_search')",
]

BACKWARD = [
    "DROP TABLE articles_search_terms",
    "ALTER TABLE articles_search RESET (parallel_workers)",
    "DROP INDEX articles_search_en",
    "DROP INDEX articles_search_zh_hans",
    f"CREATE INDEX articles_search_en ON articles_search {GIN.format('en')}",
    f"CREATE INDEX articles_search_zh_hans ON articles_search {GIN.format('zh_hans')}",
    "DROP EXTENSION IF EXISTS btree_gin",
]


def _run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_linked_version"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False),
    ]
