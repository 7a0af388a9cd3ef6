"""
A source language for each item editors write, and publication states that
cannot go stale.

- ``source_language`` ("en" or "zh-hans") on articles, pages, events, people
  and organisations. Everything written so far was written in English first:
  the column's default gives every existing row "en" as it is added, which
  is the whole of the data migration it needs.
- Articles store "draft" or "published" only. "Scheduled" was a stored state
  that stayed "scheduled" after the article went live; it is now what a
  published article with a date ahead *is* (``ArticleQuerySet``), so the
  rows that said "scheduled" become "published", their dates kept, and the
  database refuses any other state.
- Two permissions to translate, one into each language (see
  ``articles.workflow``).
"""

from django.db import migrations, models

SOURCE_LANGUAGE = models.CharField(
    choices=[("en", "English"), ("zh-hans", "Simplified Chinese")],
    default="en",
    help_text=(
        "The language this is written in first; the other language's text is "
        "its translation. A change to the text in this language marks a "
        "reviewed translation Outdated."
    ),
    max_length=7,
    verbose_name="source language",
)


def scheduled_to_published(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="scheduled").update(status="published")


def published_to_scheduled(apps, schema_editor):
    """Back to the old states: a published article with a date ahead was "scheduled"."""
    from django.utils import timezone

    Article = apps.get_model("articles", "Article")
    Article.objects.filter(status="published", published_at__gt=timezone.now()).update(
        status="scheduled"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_search_index_windows"),
    ]

    operations = [
        *(
            migrations.AddField(
                model_name=model_name,
                name="source_language",
                field=SOURCE_LANGUAGE.clone(),
            )
            for model_name in ("article", "event", "organization", "page", "person")
        ),
        migrations.RunPython(scheduled_to_published, published_to_scheduled),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(status__in=["draft", "published"]),
                name="article_status_is_draft_or_published",
            ),
        ),
        migrations.AlterModelOptions(
            name="article",
            options={
                "get_latest_by": "published_at",
                "ordering": ["-published_at", "-pk"],
                "permissions": [
                    ("publish_article", "Can publish, schedule and unpublish articles"),
                    ("translate_into_en", "Can translate into English"),
                    ("translate_into_zh_hans", "Can translate into Simplified Chinese"),
                ],
                "verbose_name": "article",
                "verbose_name_plural": "articles",
            },
        ),
    ]
