"""
The two editorial groups and what each may do.

Editors write, publish and delete; Translators change the Chinese text and its
translation status of what exists, and cannot publish, add or delete (the
admin makes every other field read-only for users without
``articles.publish_article``: see articles/admin/editorial.py).

Permissions are created here rather than left to the post_migrate signal, which
runs only after every migration: on a new database they would not exist yet.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRANSLATED_MODELS = (
    "article",
    "page",
    "event",
    "person",
    "organization",
    "participation",
    "correction",
)
EDITED_MODELS = (*TRANSLATED_MODELS, "organizationalias", "personalias")

GROUPS = {
    "Editors": [
        *(
            f"{action}_{model}"
            for model in EDITED_MODELS
            for action in ("add", "change", "delete", "view")
        ),
        "publish_article",
    ],
    "Translators": [
        *(
            f"{action}_{model}"
            for model in TRANSLATED_MODELS
            for action in ("change", "view")
        ),
        "view_organizationalias",
        "view_personalias",
    ],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = Permission.objects.filter(
            content_type__app_label="articles", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions not found: {', '.join(sorted(missing))}")
        group.permissions.add(*permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
