"""
The history of articles moves into django-reversion: each ``Revision`` row
gives way to a reversion ``Revision`` (who saved, when, and "Restored version
n" for a restore) holding one ``Version`` of the article, in the JSON that
``articles.revisions`` stores (``articles.stable_json``: links by id, in
order; times in UTC).

Versions are created article by article in the order of their numbers: a
version's number is its place in its article's history, so every version
keeps the number editors, open edit forms and the admin's addresses know it
by.

Backwards, the versions of articles become ``Revision`` rows again, numbered
by their place, and leave reversion.
"""

import datetime
import json
import re
from itertools import batched

from django.core.serializers.json import DjangoJSONEncoder
from django.db import migrations
from django.utils.dateparse import parse_datetime

FORMAT = "stable-json"
RESTORED = "Restored version {number}"
RESTORED_PATTERN = re.compile(r"Restored version (\d+)")
BATCH = 500


def stored_fields(snapshot, datetimes):
    """An old snapshot as a version's fields: its times in UTC, as Django writes them."""
    fields = dict(snapshot)
    for name in datetimes & fields.keys():
        if fields[name]:
            moment = parse_datetime(fields[name]).astimezone(datetime.UTC)
            fields[name] = DjangoJSONEncoder().default(moment)
    return fields


def create(model, objects, alias, connection):
    """Save ``objects``, in one query where the database returns their ids."""
    if connection.features.can_return_rows_from_bulk_insert:
        return model.objects.using(alias).bulk_create(objects)
    for obj in objects:
        obj.save(using=alias)
    return objects


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    alias = connection.alias
    OldRevision = apps.get_model("articles", "Revision")
    rows = OldRevision.objects.using(alias).order_by("article_id", "number")
    if not rows.exists():
        return
    Article = apps.get_model("articles", "Article")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    article_type, _ = ContentType.objects.using(alias).get_or_create(
        app_label="articles", model="article"
    )
    datetimes = {
        field.name
        for field in Article._meta.concrete_fields
        if field.get_internal_type() == "DateTimeField"
    }
    article_id, places = None, {}  # the article's old numbers → places
    for batch in batched(rows.iterator(chunk_size=BATCH), BATCH):
        comments = []
        for row in batch:
            if row.article_id != article_id:
                article_id, places = row.article_id, {}
            places[row.number] = len(places) + 1
            restored = places.get(row.restored_from, row.restored_from)
            comments.append(RESTORED.format(number=restored) if restored else "")
        revisions = create(
            Revision,
            [
                Revision(
                    date_created=row.created_at,
                    user_id=row.created_by_id,
                    comment=comment,
                )
                for row, comment in zip(batch, comments, strict=True)
            ],
            alias,
            connection,
        )
        Version.objects.using(alias).bulk_create(
            Version(
                revision=revision,
                content_type=article_type,
                object_id=str(row.article_id),
                db=alias,
                format=FORMAT,
                serialized_data=json.dumps(
                    [
                        {
                            "model": "articles.article",
                            "pk": row.article_id,
                            "fields": stored_fields(row.snapshot, datetimes),
                        }
                    ],
                    cls=DjangoJSONEncoder,
                    ensure_ascii=False,
                ),
                object_repr=(
                    row.snapshot.get("title_en") or row.snapshot.get("title_zh_hans") or ""
                ),
            )
            for row, revision in zip(batch, revisions, strict=True)
        )
    rows.delete()


def _blank(value):
    return None if value in ("", [], None) else value


def backwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    ContentType = apps.get_model("contenttypes", "ContentType")
    article_type = (
        ContentType.objects.using(alias)
        .filter(app_label="articles", model="article")
        .first()
    )
    if article_type is None:
        return
    Article = apps.get_model("articles", "Article")
    OldRevision = apps.get_model("articles", "Revision")
    Revision = apps.get_model("reversion", "Revision")
    Version = apps.get_model("reversion", "Version")
    articles = set(Article.objects.using(alias).values_list("pk", flat=True))
    versions = (
        Version.objects.using(alias)
        .filter(content_type=article_type)
        .select_related("revision")
        .order_by("object_id", "pk")
    )
    article_id, number, before = None, 0, {}
    for batch in batched(versions.iterator(chunk_size=BATCH), BATCH):
        rows = []
        for version in batch:
            if int(version.object_id) != article_id:
                article_id, number, before = int(version.object_id), 0, {}
            number += 1
            (record,) = json.loads(version.serialized_data)
            snapshot = record["fields"]
            changed = [
                name
                for name in snapshot
                if _blank(before.get(name)) != _blank(snapshot[name])
            ]
            before = snapshot
            if article_id not in articles:  # deleted: its history went with it
                continue
            restored = RESTORED_PATTERN.fullmatch(version.revision.comment)
            rows.append(
                OldRevision(
                    article_id=article_id,
                    number=number,
                    created_at=version.revision.date_created,
                    created_by_id=version.revision.user_id,
                    restored_from=int(restored[1]) if restored else None,
                    snapshot=snapshot,
                    changed_fields=changed,
                )
            )
        OldRevision.objects.using(alias).bulk_create(rows)
    Revision.objects.using(alias).filter(version__content_type=article_type).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0011_event_status"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
