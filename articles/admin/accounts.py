"""
Editors' accounts, their groups and the login protection, as Django and
django-axes register them, with what those leave in English put in the
admin's language.

- A permission's name is stored in English when it is created ("Can add
  article"), so Django's user and group pages list "新闻 | 文章 | Can add
  article" to a Chinese editor. Here each permission is named when it is
  shown: Django's four from their action and the model's name, the
  project's own through the catalogue.
- django-axes heads its lockout column with the method's name ("Status") and
  counts the attempts left in a string it cannot translate.
"""

from axes import admin as axes_admin
from axes.conf import settings as axes_settings
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

#: Django's default permissions, by the action their codename starts with.
DEFAULT_PERMISSIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission):
    """
    "新闻 | 文章 | 可以添加文章": where the permission applies and what it
    allows, in the active language (``Permission.__str__`` gives the name as
    stored, in English).
    """
    content_type = permission.content_type
    model = content_type.model_class()
    action, _underscore, model_name = permission.codename.partition("_")
    if (
        model is not None
        and action in DEFAULT_PERMISSIONS
        and model_name == model._meta.model_name
    ):
        name = DEFAULT_PERMISSIONS[action] % {"model": model._meta.verbose_name}
    else:
        name = gettext(permission.name)
    return f"{content_type} | {name}"


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class PermissionsInTheAdminsLanguage:
    """The permission choices of a user's or a group's page, named as above."""

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in {"permissions", "user_permissions"}:
            kwargs["form_class"] = PermissionChoiceField
            queryset = kwargs.get("queryset", db_field.remote_field.model.objects)
            kwargs["queryset"] = queryset.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(User)
admin.site.unregister(Group)
admin.site.unregister(AccessAttempt)


@admin.register(User)
class UserAdmin(PermissionsInTheAdminsLanguage, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(PermissionsInTheAdminsLanguage, auth_admin.GroupAdmin):
    pass


@admin.register(AccessAttempt)
class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, obj):
        left = axes_settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        if left > 0:
            return ngettext(
                "%(count)d attempt left", "%(count)d attempts left", left
            ) % {"count": left}
        return gettext("Locked Out")

    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d expired attempt cleaned up.",
                "%(count)d expired attempts cleaned up.",
                count,
            )
            % {"count": count},
        )
