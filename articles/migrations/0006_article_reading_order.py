"""
One index in reading order for the published news (see ``Article.Meta``),
in place of the indexes on the status and on the publication date alone.

On SQLite, dropping a field's index rebuilds the articles table (Django's way
of altering a SQLite table): rows, ids and the search index are kept.
"""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_search_index_speed"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="published_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When readers first see it; a future time schedules the article.",
                null=True,
                verbose_name="publication date",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="status",
            field=models.CharField(
                choices=[
                    ("draft", "Draft"),
                    ("scheduled", "Scheduled"),
                    ("published", "Published"),
                ],
                default="draft",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["-published_at", "-id", "status"], name="article_reading_order"
            ),
        ),
    ]
