"""
Translators per language: "Translators into Chinese" (the former
"Translators", renamed so that its members keep their work) and
"Translators into English", each with the permission to translate into its
language (``articles.workflow.translator_fields``). Their other permissions
are the former Translators' own: change and view the translated models.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

OLD_NAME = "Translators"
TRANSLATED_MODELS = (
    "article",
    "page",
    "event",
    "person",
    "organization",
    "participation",
    "correction",
)
COMMON = [
    *(
        f"{action}_{model}"
        for model in TRANSLATED_MODELS
        for action in ("change", "view")
    ),
    "view_organizationalias",
    "view_personalias",
]
GROUPS = {
    "Translators into Chinese": [*COMMON, "translate_into_zh_hans"],
    "Translators into English": [*COMMON, "translate_into_en"],
}


def permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    found = Permission.objects.filter(
        content_type__app_label="articles", codename__in=codenames
    )
    missing = set(codenames) - set(found.values_list("codename", flat=True))
    if missing:
        raise RuntimeError(f"Permissions not found: {', '.join(sorted(missing))}")
    return found


def create_groups(apps, schema_editor):
    # The new permissions, now rather than after every migration (post_migrate).
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=OLD_NAME).update(name="Translators into Chinese")
    for name, codenames in GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, codenames))


def restore_translators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name="Translators into English").delete()
    Group.objects.filter(name="Translators into Chinese").update(name=OLD_NAME)
    for group in Group.objects.filter(name=OLD_NAME):
        group.permissions.remove(*permissions(apps, ["translate_into_zh_hans"]))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_source_language_and_publication"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, restore_translators)]
