"""
What the reader's pages share: an object's text in one language, groups in
order, the publication rule, and the one way a list is paged.
"""

from django.db import models
from django.views.generic.detail import SingleObjectMixin
from django.views.generic.list import MultipleObjectMixin

from articles import languages, parts
from articles.models import Article, TranslationStatus
from cqcnews.page_cache import remember

#: The translation states a reader is told about; "reviewed" needs no notice.
NOTICED_STATUSES = {TranslationStatus.DRAFT, TranslationStatus.OUTDATED}


def display_text(obj, fields, language=None):
    """
    The text of ``obj`` as a reader of ``language`` gets it, never a mix.

    modeltranslation falls back field by field, so a Chinese title could sit
    above an English body. Here the whole text comes from one language: the
    reader's when the object has a title in it, the other one otherwise. The
    result says which language that is and what the reader must be told:
    "missing" (shown in the other language), "draft" or "outdated" (the
    translation is shown but not yet reviewed), or "" (nothing to say). Which
    text is a translation follows ``obj.source_language``: the source text,
    English or Chinese, is the original and needs no notice.
    """
    language = languages.current(language)
    if obj.translated_value("title", language):
        shown = language
        status = obj.translation_status(language)
        is_translation = language != obj.source_language
        notice = status if is_translation and status in NOTICED_STATUSES else ""
    else:
        shown, notice = languages.other(language), "missing"
    return {
        "language": shown,
        "notice": notice,
        **{field: obj.translated_value(field, shown) for field in fields},
    }


def group_by(items, key):
    """``items`` as ``[(key, [item, …]), …]``, groups in order of first appearance."""
    groups = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return list(groups.items())


class PublishedArticleMixin:
    """What readers may see of the news: the one publication rule, nothing else."""

    model = Article

    def get_queryset(self):
        return Article.objects.published()


class PaginatedMixin(MultipleObjectMixin):
    """
    A ``ListView``'s pages of ``paginate_by`` items, the one way the site
    pages a list: Django's paginator through ``ListView`` (a malformed or
    out-of-range page is a 404), the page's items read before the template
    renders (or kept rendered, ``items_template``), and the pager's numbers
    elided around the current page (``includes/pagination.html``), so that
    a long archive keeps a short pager.
    """

    paginate_by = 10
    #: The include that shows the page's items, when they are kept rendered
    #: (``articles.parts``): the items are then read only to render it, and
    #: the page's template shows its HTML, ``items``, in their place.
    items_template = None

    def item_count(self):
        """
        How many items there are, when the view knows without a query: for
        items kept rendered, their count is kept too, until the list changes
        (counting a long list costs more than the rest of its page).
        """
        if self.items_template is None or not isinstance(
            self.object_list, models.QuerySet
        ):
            return None
        key = ":".join(map(str, ["count", type(self).__name__, *self.items_key()]))
        return remember(
            key, self.object_list.count, tagged=self.list_tags(), track=False
        )

    def list_tags(self):
        """The lists this page is a page of (``articles.invalidation``)."""
        return []

    def items_key(self):
        """What the page's items depend on besides the language and page number."""
        return ()

    def items_context(self, items):
        """What ``items_template`` is given: the page's items, read."""
        return {self.get_context_object_name(items): items}

    def kept_part(self, template_name, read, *key, tagged=()):
        """A part of this page, kept rendered (``articles.parts.kept``)."""
        return parts.kept(template_name, read, *key, tagged=tagged)

    def kept_items(self, page):
        """The page's items, rendered by ``items_template`` and kept."""
        return self.kept_part(
            self.items_template,
            lambda: self.items_context(list(page.object_list)),
            *self.items_key(),
            page.number,
            tagged=self.list_tags(),
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        count = self.item_count()
        if count is not None:
            paginator.count = count  # told, so the database is not asked
        return paginator

    def paginate_queryset(self, queryset, page_size):
        paginator, page, items, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        if self.items_template is None:
            page.object_list = list(items)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None and self.items_template is not None:
            context["items"] = self.kept_items(page)
        if page is not None and page.has_other_pages():
            context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class RecordListMixin(SingleObjectMixin, PaginatedMixin):
    """
    A record's page with a paged list of what links to it (an event's news,
    a person's parts), as Django's documentation pairs ``SingleObjectMixin``
    with ``ListView``: the record is ``self.object``, from
    ``get_object_queryset()``, known to the template by its model's name
    (``event``); the list is ``get_queryset()``, known as ``list_name``.
    """

    list_name = None

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(self.get_object_queryset())
        return super().get(request, *args, **kwargs)

    def get_object_queryset(self):
        return self.model._default_manager.all()

    def get_context_object_name(self, obj):
        if isinstance(obj, models.Model):
            return super().get_context_object_name(obj)
        return self.list_name

    def items_key(self):
        return (self.object.pk,)

    def kept_part(self, template_name, read, *key, tagged=()):
        """A part of the record's page, forgotten with the record too."""
        return parts.of_record(self.object, template_name, read, *key, tagged=tagged)


class RelatedNewsMixin(RecordListMixin):
    """
    A record's page that pages the published news linked to it (its
    ``articles``), newest first: an organisation can be mentioned in
    thousands of articles, too many for one page.
    """

    list_name = "news"
    items_template = "articles/includes/related_news_items.html"

    def get_queryset(self):
        return self.object.articles.published()
