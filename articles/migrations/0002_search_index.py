"""
The full-text search index of articles (see articles.search).

SQLite: an FTS5 table, rowid = article id. PostgreSQL: a table of one
GIN-indexed tsvector per language. Neither has a foreign key: a deleted
article's entry is removed by articles.signals, and a constraint would make
PostgreSQL refuse to TRUNCATE the articles table (as ``flush`` does). Either
way the index is filled from the articles already there.
"""

from django.db import migrations

SQLITE_COLUMNS = (
    "title_en, standfirst_en, body_en, title_zh_hans, standfirst_zh_hans, body_zh_hans"
)

CREATE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE articles_search USING fts5("
        f"{SQLITE_COLUMNS}, tokenize = 'unicode61 remove_diacritics 0')",
    ],
    "postgresql": [
        "CREATE TABLE articles_search ("
        " article_id bigint PRIMARY KEY,"
        " en tsvector NOT NULL,"
        " zh_hans tsvector NOT NULL)",
        "CREATE INDEX articles_search_en ON articles_search USING gin (en)",
        "CREATE INDEX articles_search_zh_hans ON articles_search USING gin (zh_hans)",
    ],
}


def create_index(apps, schema_editor):
    from articles.search import rebuild_index

    for statement in CREATE[schema_editor.connection.vendor]:
        schema_editor.execute(statement)
    rebuild_index(
        apps.get_model("articles", "Article").objects.all(),
        using=schema_editor.connection.alias,
    )


def drop_index(apps, schema_editor):
    schema_editor.execute("DROP TABLE articles_search")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
