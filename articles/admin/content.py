"""Editing what readers read: news articles and the standing footer pages."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles import workflow
from articles.admin.base import (
    TRANSLATION_FIELDSET,
    NeedsTranslationFilter,
    TranslatedAdmin,
)
from articles.admin.editorial import EditorialArticleMixin
from articles.admin.importing import ImportPressReleasesMixin
from articles.models import Article, Page


class PublicationStateFilter(admin.SimpleListFilter):
    """
    Draft, scheduled or published, as of now: a scheduled article leaves
    "Scheduled" for "Published" the moment its time comes, with nothing run
    (``ArticleQuerySet.in_state``). The counts beside each choice follow.
    """

    title = _("status")
    parameter_name = "publication"

    def lookups(self, request, model_admin):
        return Article.PublicationState.choices

    def queryset(self, request, queryset):
        if self.value() not in Article.PublicationState.values:
            return queryset
        return queryset.in_state(self.value())


@admin.register(Article)
class ArticleAdmin(ImportPressReleasesMixin, EditorialArticleMixin, TranslatedAdmin):
    list_display = (
        "title",
        "publication",
        "published_at",
        "source_language",
        "english_text",
        "chinese_text",
    )
    list_filter = (
        PublicationStateFilter,
        NeedsTranslationFilter,
        "source_language",
        "translation_status_en",
        "translation_status_zh_hans",
        ("events", admin.RelatedOnlyFieldListFilter),
        ("organizations", admin.RelatedOnlyFieldListFilter),
    )
    # Both languages, whatever the editor's admin language: an editor looking
    # for "合作协议" must find the article from the English admin too.
    search_fields = (
        "title_en",
        "title_zh_hans",
        "standfirst_en",
        "standfirst_zh_hans",
        "body_en",
        "body_zh_hans",
    )
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("events", "organizations")
    readonly_fields = ("source_checksum", "created_by", "created_at", "updated_at")
    fieldsets = (
        (
            _("Content"),
            {
                "fields": (
                    "title",
                    "slug",
                    "standfirst",
                    "body",
                    "cover_image",
                    "cover_alt",
                )
            },
        ),
        (_("Publication"), {"fields": ("status", "published_at")}),
        TRANSLATION_FIELDSET,
        (_("Relations"), {"fields": ("events", "organizations")}),
        (
            _("Source"),
            {
                "fields": (
                    "source_url",
                    "source_checksum",
                    ("created_by", "created_at", "updated_at"),
                )
            },
        ),
    )

    @admin.display(description=_("status"), ordering="status")
    def publication(self, article):
        """Draft, scheduled or published: what the article is now, by the clock."""
        return article.publication_state().label

    def get_fieldsets(self, request, obj=None):
        """
        Who cannot change the status sees what it amounts to now: a scheduled
        article reads "Scheduled", not the stored "Published".
        """
        fieldsets = super().get_fieldsets(request, obj)
        if workflow.can_publish(request.user):
            return fieldsets
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "publication" if field == "status" else field
                        for field in options["fields"]
                    ],
                },
            )
            for name, options in fieldsets
        ]

    def get_view_on_site_url(self, obj=None):
        """
        Offer "View on site" only where readers can see the article: a draft
        or a scheduled article not yet due is a 404 on the public site.
        """
        if obj is None or not obj.is_published:
            return None
        return super().get_view_on_site_url(obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Page)
class PageAdmin(TranslatedAdmin):
    list_display = ("title", "slug", "footer_order", "english_text", "chinese_text")
    list_editable = ("footer_order",)
    list_filter = (
        NeedsTranslationFilter,
        "source_language",
        "translation_status_en",
        "translation_status_zh_hans",
    )
    search_fields = ("title_en", "title_zh_hans", "body_en", "body_zh_hans", "slug")
    prepopulated_fields = {"slug": ("title",)}
    fieldsets = (
        (_("Content"), {"fields": ("title", "slug", "body", "footer_order")}),
        TRANSLATION_FIELDSET,
    )

    def get_changelist_instance(self, request):
        """
        The footer order is edited from the list only by those who may change
        it in the form: for a translator, the column is plain text. Django 6.1
        has no ``get_list_editable()``; the list's own ``list_editable`` is
        what both showing and saving the column go by.
        """
        changelist = super().get_changelist_instance(request)
        if not workflow.can_publish(request.user):
            changelist.list_editable = ()
        return changelist
