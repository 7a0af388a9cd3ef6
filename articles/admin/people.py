"""Editing people and organisations, with where each of them took part."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from articles.admin.base import (
    TRANSLATION_FIELDSET,
    NeedsTranslationFilter,
    TranslatedAdmin,
    linked_list,
)
from articles.admin.events import describe_event
from articles.models import Organization, OrganizationAlias, Person, PersonAlias


def participation_table(participations, *, show_person, show_organization):
    """
    The table of participations on a person's or an organisation's page. The
    caller hands over a queryset that already joins what the rows show, so the
    table costs one query however long it is.
    """
    return render_to_string(
        "admin/articles/participation_table.html",
        {
            "participations": list(participations),
            "show_person": show_person,
            "show_organization": show_organization,
        },
    )


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 1


class OrganizationAliasInline(admin.TabularInline):
    model = OrganizationAlias
    extra = 1


@admin.register(Person)
class PersonAdmin(TranslatedAdmin):
    list_display = ("name", "honorific", "slug", "english_text", "chinese_text")
    list_filter = (
        NeedsTranslationFilter,
        "source_language",
        "translation_status_en",
        "translation_status_zh_hans",
    )
    search_fields = ("name_en", "name_zh_hans", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (PersonAliasInline,)
    readonly_fields = ("participation_list",)
    fieldsets = (
        (None, {"fields": ("name", "honorific", "slug", "photo")}),
        TRANSLATION_FIELDSET,
    )
    related_fieldsets = ((_("Took part in"), {"fields": ("participation_list",)}),)

    @admin.display(description=_("events, with the role of the time"))
    def participation_list(self, person):
        return participation_table(
            person.participations.select_related("event", "organization").order_by(
                "-event__start_date", "event__pk"
            ),
            show_person=False,
            show_organization=True,
        )


@admin.register(Organization)
class OrganizationAdmin(TranslatedAdmin):
    list_display = (
        "name",
        "short_name",
        "country",
        "parent",
        "english_text",
        "chinese_text",
    )
    list_select_related = ("parent",)
    list_filter = (
        "country",
        NeedsTranslationFilter,
        "source_language",
        "translation_status_en",
        "translation_status_zh_hans",
    )
    search_fields = ("name_en", "name_zh_hans", "short_name", "slug", "aliases__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    inlines = (OrganizationAliasInline,)
    readonly_fields = ("branch_links", "organised_event_links", "participation_list")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "short_name",
                    "slug",
                    "country",
                    "website",
                    "description",
                    "parent",
                )
            },
        ),
        TRANSLATION_FIELDSET,
    )
    related_fieldsets = (
        (
            _("Related"),
            {"fields": ("branch_links", "organised_event_links", "participation_list")},
        ),
    )

    @admin.display(description=_("branches and departments"))
    def branch_links(self, organization):
        return linked_list(organization.branches.all(), _("No branches."))

    @admin.display(description=_("events organised"))
    def organised_event_links(self, organization):
        return linked_list(
            organization.organised_events.order_by("-start_date", "pk"),
            _("No events organised."),
            describe=describe_event,
        )

    @admin.display(description=_("where its people took part"))
    def participation_list(self, organization):
        return participation_table(
            organization.participations.select_related("event", "person").order_by(
                "-event__start_date", "event__pk", "order"
            ),
            show_person=True,
            show_organization=False,
        )
