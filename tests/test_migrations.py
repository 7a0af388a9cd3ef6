"""
Migrations that move data: the history of articles, kept by the project's own
``Revision`` model before django-reversion, moved into reversion's versions
(``articles`` 0012) and back, with every version's number, author, date and
restore kept; then the old model removed, its permissions with it (0013).
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models.fields.files import FieldFile
from reversion.models import Version

from articles import revisions
from articles.models import Article

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("articles", "0011_event_status"),
    ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
]


def migrate(targets=None):
    """Migrate to ``targets`` (the latest without), and return the models there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def old_snapshot(apps, article):
    """The article as the project's ``Revision`` stored it, before reversion."""
    model = apps.get_model("articles", "Article")
    names = {field.name for field in model._meta.concrete_fields}
    values = {}
    for field in model._meta.concrete_fields:
        translated = f"{field.name}_en" in names
        if not field.editable or field.primary_key or translated:
            continue
        value = field.value_from_object(article)
        if isinstance(value, FieldFile):
            value = value.name or ""
        elif isinstance(value, datetime.datetime):
            value = value.isoformat()
        values[field.name] = value
    for field in model._meta.many_to_many:
        values[field.name] = sorted(
            getattr(article, field.name).values_list("pk", flat=True)
        )
    return values


@pytest.fixture
def old_history():
    """
    An article with three versions in the old model: the first by an editor,
    the second by nobody, the third restoring the first. Its present state is
    the third's.
    """
    apps = migrate(BEFORE)
    user = apps.get_model("auth", "User").objects.create(username="wang")
    article = apps.get_model("articles", "Article").objects.create(
        title="First",
        title_en="First",
        title_zh_hans="第一",
        slug="first",
        status="published",
        published_at=datetime.datetime(
            2024, 3, 1, 9, 30, 0, 123456, tzinfo=datetime.UTC
        ),
    )
    first = old_snapshot(apps, article)
    # As the old snapshot wrote a time set by a form: in the editor's zone.
    first["published_at"] = "2024-03-01T17:30:00.123456+08:00"
    saved = datetime.datetime(2024, 3, 2, 8, 0, tzinfo=datetime.UTC)
    Revision = apps.get_model("articles", "Revision")
    for number, title, by, restored_from in [
        (1, "First", user, None),
        (2, "Second", None, None),
        (3, "First", user, 1),
    ]:
        Revision.objects.create(
            article_id=article.pk,
            number=number,
            created_at=saved + datetime.timedelta(days=number),
            created_by=by,
            restored_from=restored_from,
            snapshot={**first, "title_en": title},
            changed_fields=["title_en"],
        )
    return article.pk


def test_old_versions_become_reversions_versions_with_their_numbers(old_history):
    migrate()
    article = Article.objects.get(pk=old_history)

    third, second, first = revisions.history(article, 30)
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert first.created_by.username == "wang"
    assert second.created_by is None
    assert first.created_at == datetime.datetime(2024, 3, 3, 8, 0, tzinfo=datetime.UTC)
    assert (second.snapshot["title_en"], second.changed_fields) == (
        "Second",
        ["title_en"],
    )
    assert third.restored_from == 1
    assert "restored version 1" in revisions.describe(third)
    # Times are stored as reversion's own versions store them.
    assert first.snapshot["published_at"] == "2024-03-01T09:30:00.123Z"
    assert Version.objects.get_for_object(article)[0].field_dict["title_en"] == "First"


def test_the_first_save_after_the_move_changes_only_what_changed(old_history):
    migrate()
    article = Article.objects.get(pk=old_history)
    article.save()
    assert revisions.latest_number(article) == 3  # nothing new: no version

    article.title_en = "Fourth"
    article.save()
    (latest,) = revisions.history(article, 1)
    assert (latest.number, latest.changed_fields) == (4, ["title_en"])


def test_going_back_returns_the_history_to_the_old_model(old_history):
    migrate()
    article = Article.objects.get(pk=old_history)
    article.title_en = "Fourth"
    article.save()

    apps = migrate(BEFORE)
    rows = apps.get_model("articles", "Revision").objects.order_by("number")
    assert [(row.number, row.snapshot["title_en"]) for row in rows] == [
        (1, "First"),
        (2, "Second"),
        (3, "First"),
        (4, "Fourth"),
    ]
    assert rows[0].created_by.username == "wang"
    assert [row.restored_from for row in rows] == [None, None, 1, None]
    assert rows[3].changed_fields == ["title_en"]
    assert not Version.objects.exists()

    migrate()
    assert revisions.latest_number(Article.objects.get(pk=old_history)) == 4


def test_the_old_models_permissions_go_with_it():
    apps = migrate(BEFORE)
    content_type = apps.get_model("contenttypes", "ContentType").objects.create(
        app_label="articles", model="revision"
    )
    apps.get_model("auth", "Permission").objects.create(
        content_type=content_type, codename="view_revision", name="Can view version"
    )
    migrate()
    old = {"content_type__app_label": "articles", "content_type__model": "revision"}
    assert not Permission.objects.filter(**old).exists()
    assert not ContentType.objects.filter(app_label="articles", model="revision")
