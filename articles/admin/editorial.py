"""
The editorial workflow in the admin: who may change what, previews, versions,
corrections, the translator's side-by-side page and the import of press
releases.

``TranslatorRestrictionsMixin`` serves every translated model: a user without
``articles.publish_article`` (a translator) edits the text and status of the
item's translation language, when they translate into it, and sees
everything else read-only. ``EditorialArticleMixin``
adds the article's own pages; the rules themselves live outside the admin
(``articles.workflow``, ``articles.revisions``, ``articles.forms``), so that
the importer and the shell obey them too.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db import router, transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from modeltranslation.admin import TranslationTabularInline

from articles import comparing, revisions, workflow
from articles.forms import (
    TRANSLATED_ARTICLE_FIELDS,
    ArticleAdminForm,
    TranslationForm,
)
from articles.models import Article, Correction
from articles.views import ArticleDetailView

# How many versions the change page lists; the compare page reaches them all.
HISTORY_LENGTH = 30


class TranslatorRestrictionsMixin:
    """
    Without ``articles.publish_article``, only the text of the item's
    translation language and its translation status can be changed, and only
    by a translator into that language (``workflow.translator_fields``): the
    source text is the editors', and status and date decide what readers see.

    ``obj`` is the object of the page: for an inline, the parent (an event's
    participations, an article's corrections), whose source language its
    rows are written in.
    """

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if workflow.can_publish(request.user):
            return readonly
        fields = self._form_field_names(request, obj)
        editable = set(
            workflow.translator_fields(
                fields, request.user, workflow.source_language_of(obj)
            )
        )
        return [*readonly, *(name for name in fields if name not in editable)]

    def _form_field_names(self, request, obj):
        """
        The fields the page shows. Without declared fields, Django would build
        the form to find them, and building it asks for the read-only fields.
        """
        if self.fieldsets or self.fields:
            return flatten_fieldsets(self.get_fieldsets(request, obj))
        opts = self.opts
        return [
            field.name
            for field in (*opts.concrete_fields, *opts.many_to_many)
            if field.editable and not field.primary_key
        ]

    def get_prepopulated_fields(self, request, obj=None):
        """A read-only slug is not filled in from the title."""
        if workflow.can_publish(request.user):
            return super().get_prepopulated_fields(request, obj)
        return {}


class CorrectionInline(TranslatorRestrictionsMixin, TranslationTabularInline):
    """Dated notes readers see under the article: what was corrected."""

    model = Correction
    fields = ("date", "note")
    extra = 0


class UnpublishedArticlePreview(ArticleDetailView):
    """
    The reader's article page, for any article, published or not. A draft
    without a date shows today's: the date it would get if published now.
    """

    def get_object(self, queryset=None):
        article = get_object_or_404(Article, pk=self.kwargs["pk"])
        article.published_at = article.published_at or timezone.now()
        return article


class EditorialArticleMixin(TranslatorRestrictionsMixin):
    """The article admin's workflow: mix in before the ModelAdmin base."""

    form = ArticleAdminForm
    change_form_template = "admin/articles/article/editorial_change_form.html"
    change_list_template = "admin/articles/article/editorial_change_list.html"
    actions = ["unpublish_selected"]

    class Media:
        css = {"all": ("admin-workflow/workflow.css",)}

    # Permissions -------------------------------------------------------------

    def has_publish_permission(self, request, obj=None):
        return workflow.can_publish(request.user)

    def has_translate_permission(self, request, obj):
        """
        Whether the translator's page of ``obj`` is for this user: an editor,
        or a translator into the article's translation language.
        """
        if not self.has_change_permission(request, obj):
            return False
        return workflow.can_publish(request.user) or workflow.can_translate_into(
            request.user, obj.translation_language
        )

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), CorrectionInline]

    # Saving ------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """
        One transaction and one version per save: the article, its relations
        and its corrections are recorded together, with who saved them.
        """
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using), revisions.recording(request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Correction:
            return super().save_formset(request, form, formset, change)
        for correction in formset.save(commit=False):
            if correction.pk is None:
                correction.created_by = request.user
            correction.save()
        for correction in formset.deleted_objects:
            correction.delete()
        return None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        context = {"can_publish": workflow.can_publish(request.user)}
        if article is not None:
            context["versions"] = self._history(request, article)
            context["can_translate"] = self.has_translate_permission(request, article)
        return super().change_view(
            request, object_id, form_url, {**context, **(extra_context or {})}
        )

    def _history(self, request, article):
        """The latest versions, each with its changed fields and links."""
        can_restore = self.has_change_permission(
            request, article
        ) and workflow.can_publish(request.user)
        versions = revisions.history(article, HISTORY_LENGTH)
        latest = versions[0].number if versions else None
        return [
            {
                "description": revisions.describe(version),
                "changed": [
                    revisions.field_label(name) for name in version.changed_fields
                ],
                "compare_url": (
                    self._url("compare", article.pk)
                    + f"?a={version.number - 1}&b={version.number}"
                    if version.number > 1
                    else None
                ),
                "restore_url": (
                    self._url("restore", article.pk, version.number)
                    if can_restore and version.number != latest
                    else None
                ),
            }
            for version in versions
        ]

    # Pages -------------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        name = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/preview/<str:language>/",
                view(self.preview_view),
                name=f"{name}_preview",
            ),
            path(
                "<path:object_id>/translate/",
                view(self.translate_view),
                name=f"{name}_translate",
            ),
            path(
                "<path:object_id>/versions/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/versions/<int:number>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            path(
                "<path:object_id>/unpublish/",
                view(self.unpublish_view),
                name=f"{name}_unpublish",
            ),
            *super().get_urls(),
        ]

    def _url(self, page, *args):
        opts = self.opts
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_{page}",
            args=args,
            current_app=self.admin_site.name,
        )

    def _article(self, request, object_id, permission):
        """The article ``object_id``, or 404; PermissionDenied unless ``permission``."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(gettext("No article with this id."))
        if not permission(request, article):
            raise PermissionDenied
        return article

    def _render(self, request, template, article, title, **context):
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": article,
                "title": title,
                "subtitle": str(article) if article else None,
                "media": self.media,
                **context,
            },
        )

    def preview_view(self, request, object_id, language):
        """
        The article as readers would see it in ``language``, drafts included:
        for staff only, never cached (``admin_view`` adds ``never_cache``),
        never indexed.
        """
        article = self._article(request, object_id, self.has_view_or_change_permission)
        if language not in dict(revisions.LANGUAGE_NAMES):
            raise Http404(gettext("No such language."))
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = UnpublishedArticlePreview.as_view()(request, pk=article.pk)
            response.render()
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def translate_view(self, request, object_id):
        """
        The source text, read-only, beside the form of the translation: for
        translators. Which side is which follows the article's source
        language: English beside Chinese, or Chinese beside English.
        """
        article = self._article(request, object_id, self.has_translate_permission)
        using = router.db_for_write(self.model)
        with transaction.atomic(using=using), revisions.recording(request.user):
            form = TranslationForm(request.POST or None, instance=article)
            if request.method == "POST" and form.is_valid():
                form.save()
                self.log_change(
                    request, article, self.construct_change_message(request, form, None)
                )
                messages.success(
                    request,
                    gettext("The translation into %(language)s was saved.")
                    % {"language": revisions.LANGUAGE_NAMES[form.language]},
                )
                return HttpResponseRedirect(self._url("change", article.pk))
        source = article.source_language
        return self._render(
            request,
            "admin/articles/article/translate.html",
            article,
            gettext("Translate"),
            form=form,
            source={
                "language": source,
                "name": revisions.LANGUAGE_NAMES[source],
                **{
                    name: article.translated_value(name, source)
                    for name in TRANSLATED_ARTICLE_FIELDS
                },
            },
            target={
                "language": form.language,
                "name": revisions.LANGUAGE_NAMES[form.language],
            },
        )

    def compare_view(self, request, object_id):
        """Two versions side by side, field by field (text word by word)."""
        article = self._article(request, object_id, self.has_view_or_change_permission)
        latest = revisions.latest_number(article)
        if not latest:
            raise Http404(gettext("This article has no versions yet."))
        try:
            a = int(request.GET.get("a", latest - 1))
            b = int(request.GET.get("b", latest))
        except ValueError:
            raise Http404(gettext("No such version.")) from None
        old = revisions.get_version(article, a) if a else None
        new = revisions.get_version(article, b)
        if new is None or (a and old is None):
            raise Http404(gettext("No such version."))
        return self._render(
            request,
            "admin/articles/article/compare.html",
            article,
            gettext("Compare versions"),
            a=a,
            b=b,
            numbers=range(latest, 0, -1),
            changes=comparing.compare(old.snapshot if old else {}, new.snapshot),
        )

    def restore_view(self, request, object_id, number):
        """Confirm, then bring back version ``number`` as a new version."""
        article = self._article(request, object_id, self.has_change_permission)
        if not workflow.can_publish(request.user):
            raise PermissionDenied
        version = revisions.get_version(article, number)
        if version is None:
            raise Http404(gettext("No such version."))
        if request.method == "POST":
            revisions.restore(version, user=request.user)
            self.log_change(
                request,
                article,
                gettext("Restored version %(number)s.") % {"number": number},
            )
            messages.success(
                request,
                gettext(
                    "Version %(number)s was restored. Its publication status, date "
                    "and address were kept as they were."
                )
                % {"number": number},
            )
            return HttpResponseRedirect(self._url("change", article.pk))
        current = revisions.snapshot(article)
        return self._render(
            request,
            "admin/articles/article/restore.html",
            article,
            gettext("Restore version %(number)s") % {"number": number},
            version=version,
            changes=comparing.compare(current, version.snapshot),
            not_restored=[
                revisions.field_label(name) for name in revisions.NOT_RESTORED
            ],
        )

    @method_decorator(require_POST)
    def unpublish_view(self, request, object_id):
        """The change page's "Unpublish" button: back to draft, readers lose it."""
        article = self._article(request, object_id, self.has_publish_permission)
        with revisions.recording(request.user):
            workflow.unpublish(article)
        self.log_change(request, article, gettext("Unpublished."))
        messages.success(
            request,
            gettext("“%(title)s” is a draft again: readers no longer see it.")
            % {"title": article},
        )
        return HttpResponseRedirect(self._url("change", article.pk))

    @admin.action(
        description=_("Unpublish the selected articles (back to draft)"),
        permissions=["publish"],
    )
    def unpublish_selected(self, request, queryset):
        articles = list(queryset.exclude(status=Article.Status.DRAFT))
        with transaction.atomic(), revisions.recording(request.user):
            for article in articles:
                workflow.unpublish(article)
                self.log_change(request, article, gettext("Unpublished."))
        self.message_user(
            request,
            ngettext(
                "%(count)d article is a draft again.",
                "%(count)d articles are drafts again.",
                len(articles),
            )
            % {"count": len(articles)},
            messages.SUCCESS,
        )
