"""Editing events and who took part in them."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationTabularInline

from articles.admin.base import (
    ROLE_TRANSLATION_FIELDSET,
    TRANSLATION_FIELDSET,
    NeedsTranslationFilter,
    RoleNeedsTranslationFilter,
    TranslatedAdmin,
    linked_list,
)
from articles.admin.editorial import TranslatorRestrictionsMixin
from articles.models import Event, Participation


def describe_event(event):
    """An event as a related list shows it: its name and when it began."""
    return f"{event} ({date_format(event.start_date)})"


class YearListFilter(admin.SimpleListFilter):
    """Events by the year they began, listing only the years that have events."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = model_admin.get_queryset(request).dates("start_date", "year", "DESC")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(start_date__year=self.value())
        return queryset


class ParticipationInline(TranslatorRestrictionsMixin, TranslationTabularInline):
    model = Participation
    fields = (
        "person",
        "organization",
        "role",
        "part",
        "order",
        "translation_status_en",
        "translation_status_zh_hans",
    )
    autocomplete_fields = ("person", "organization")
    extra = 0


@admin.register(Event)
class EventAdmin(TranslatedAdmin):
    list_display = (
        "name",
        "status",
        "kind",
        "start_date",
        "end_date",
        "city",
        "attendance_display",
        "english_text",
        "chinese_text",
    )
    list_filter = (
        "status",
        "kind",
        YearListFilter,
        NeedsTranslationFilter,
        "source_language",
        "translation_status_en",
        "translation_status_zh_hans",
    )
    search_fields = (
        "name_en",
        "name_zh_hans",
        "city_en",
        "city_zh_hans",
        "venue_en",
        "venue_zh_hans",
        "summary_en",
        "summary_zh_hans",
        "slug",
    )
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent", "organisers")
    inlines = (ParticipationInline,)
    readonly_fields = ("sub_event_links",)
    fieldsets = (
        (_("Event"), {"fields": ("name", "slug", "status", "kind", "summary")}),
        (
            _("Date and place"),
            {"fields": (("start_date", "end_date"), "city", "venue")},
        ),
        (
            _("Attendance"),
            {"fields": (("attendance", "attendance_is_approximate"),)},
        ),
        (_("Relations"), {"fields": ("parent", "organisers")}),
        TRANSLATION_FIELDSET,
    )
    related_fieldsets = ((_("Sub-events"), {"fields": ("sub_event_links",)}),)

    @admin.display(description=_("attendance"), ordering="attendance")
    def attendance_display(self, event):
        if event.attendance is None:
            return None
        if event.attendance_is_approximate:
            return gettext("about %(count)s") % {"count": event.attendance}
        return event.attendance

    @admin.display(description=_("sessions held within this event"))
    def sub_event_links(self, event):
        return linked_list(
            event.sub_events.order_by("start_date", "pk"),
            _("No sub-events."),
            describe=describe_event,
        )


@admin.register(Participation)
class ParticipationAdmin(TranslatedAdmin):
    list_display = ("person", "event", "organization", "role", "part")
    list_select_related = ("person", "event", "organization")
    list_filter = (
        "part",
        RoleNeedsTranslationFilter,
        "translation_status_en",
        "translation_status_zh_hans",
    )
    search_fields = (
        "person__name_en",
        "person__name_zh_hans",
        "event__name_en",
        "event__name_zh_hans",
        "role_en",
        "role_zh_hans",
    )
    autocomplete_fields = ("event", "person", "organization")
    fieldsets = (
        (
            None,
            {"fields": ("event", "person", "organization", "role", "part", "order")},
        ),
        ROLE_TRANSLATION_FIELDSET,
    )
