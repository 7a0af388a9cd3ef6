"""
The project's own ``Revision`` model goes, its rows moved into
django-reversion by 0012, and its content type and permissions with it:
Django leaves those behind, and the pages of users and groups would go on
offering "Can change version" for a model that no longer exists.
"""

from django.db import migrations


def remove_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.using(schema_editor.connection.alias).filter(
        app_label="articles", model="revision"
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_article_history_in_reversion'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='revision',
            name='revision_number_once_per_article',
        ),
        migrations.DeleteModel(
            name='Revision',
        ),
        # Created again, with its permissions, by ``migrate`` going back.
        migrations.RunPython(remove_content_type, migrations.RunPython.noop),
    ]
