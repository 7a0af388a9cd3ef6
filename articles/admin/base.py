"""
What every editing page shares: English / 中文 tabs, the translation-status
columns and fieldset, and read-only lists of related objects.

The tabs come from modeltranslation's ``TabbedTranslationAdmin``; its jQuery UI
is our own static copy (``settings.JQUERY_UI_URL``), so no admin page depends
on a host outside the site.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin
from modeltranslation.fields import TranslationField

from articles import workflow
from articles.admin.editorial import TranslatorRestrictionsMixin
from articles.forms import SourceTextForm
from articles.languages import field_suffix
from articles.models import TranslationStatus

TRANSLATION_FIELDSET = (
    _("Translation"),
    {
        "fields": [
            "source_language",
            ("translation_status_en", "translation_status_zh_hans"),
        ],
        "description": _(
            "Where each language's text stands. Mark a language Reviewed only "
            "once an editor has read it. A change to the text in the source "
            "language marks a reviewed translation into the other language "
            "Outdated."
        ),
    },
)

#: A participation's role is written in its event's source language.
ROLE_TRANSLATION_FIELDSET = (
    _("Translation"),
    {
        "fields": [("translation_status_en", "translation_status_zh_hans")],
        "description": _(
            "Where each language's text stands. The role is written in the "
            "event's source language and translated into the other one."
        ),
    },
)


class NeedsTranslationFilter(admin.SimpleListFilter):
    """
    The translators' work: items written in the other language whose text in
    the chosen one is missing, a draft or outdated (``workflow.needs_translation``).
    """

    title = _("translation work")
    parameter_name = "needs_translation"
    #: How the filtered model reaches its source language.
    source_lookup = "source_language"
    #: Each choice: the language translated into, and its label.
    CHOICES = {
        "en": _("Needs translation into English"),
        "zh-hans": _("Needs translation into Chinese"),
    }

    def lookups(self, request, model_admin):
        return list(self.CHOICES.items())

    def queryset(self, request, queryset):
        if self.value() not in dict(self.lookup_choices):
            return queryset
        return queryset.filter(
            workflow.needs_translation(self.value(), self.source_lookup)
        )


class RoleNeedsTranslationFilter(NeedsTranslationFilter):
    source_lookup = "event__source_language"


def translation_status_column(language):
    """
    A changelist column with the status of ``language``'s text, as a coloured
    label that also says the status in words (colour alone tells nothing to a
    reader who cannot see it). The column is headed by the language's name in
    itself ("English", "简体中文"), as the form's language tabs are.
    """
    field = f"translation_status_{field_suffix(language)}"
    name = get_language_info(language)["name_local"]

    @admin.display(description=name, ordering=field)
    def column(self, obj):
        status = TranslationStatus(getattr(obj, field))
        return format_html(
            '<span class="translation-status translation-status--{}">{}</span>',
            status.value,
            status.label,
        )

    return column


def change_url(obj):
    """The admin change page of ``obj``."""
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def linked_list(objects, empty_message, describe=str):
    """
    A read-only list of links to the change pages of ``objects``, each labelled
    by ``describe(obj)``: how an edit page shows the rows that point at it.
    """
    items = [(change_url(obj), describe(obj)) for obj in objects]
    if not items:
        return empty_message
    return format_html(
        '<ul class="related-links">{}</ul>',
        format_html_join("", '<li><a href="{}">{}</a></li>', items),
    )


class TranslatedAdmin(TranslatorRestrictionsMixin, TabbedTranslationAdmin):
    """
    Base for every translated model: tabs, status columns, the fieldsets that
    only make sense once the object exists, and a translator's limits (only
    the text of the item's translation language and its status are theirs to
    change, and only when they translate into that language).

    ``related_fieldsets`` hold read-only lists computed from saved rows; the add
    page leaves them out, since an unsaved object has no relations to list.
    """

    form = SourceTextForm
    related_fieldsets = ()

    english_text = translation_status_column("en")
    chinese_text = translation_status_column("zh-hans")

    class Media:
        css = {"all": ("admin-extra/admin.css",)}
        # Listed after the script it relabels, so the two keep that order.
        js = (
            "modeltranslation/js/tabbed_translation_fields.js",
            "admin-extra/language-tabs.js",
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """
        No text field is required in English as such: modeltranslation makes
        the default language's required, but the text an item cannot do
        without is required in its source language (``SourceTextForm``).
        """
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, TranslationField):
            field.required = False
        return field

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, *self.related_fieldsets]
