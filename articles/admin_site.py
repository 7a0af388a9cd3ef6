"""
The editors' admin site: Django's own, with the newsroom's dashboard on its
index page (``NewsroomAdminConfig`` in ``articles.apps`` makes it the default
site, so ``admin.site`` is this one).

Kept apart from the ``articles.admin`` package on purpose: Django imports the
default site's class while it builds ``admin.site``, before the ModelAdmins
register with it, and importing that package registers them.
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode

from articles.languages import field_suffix


def newsroom(now=None):
    """
    The dashboard's figures: the articles by state as of ``now`` (by the
    one publication rule, so a scheduled article counts as published from
    its first second) and the translators' work in each language, each with
    the address of the article list it counts. Two queries. (Imports
    inside: this module is loaded before the models and the ModelAdmins.)
    """
    from articles import workflow
    from articles.admin.base import NeedsTranslationFilter
    from articles.models import Article

    changelist = reverse("admin:articles_article_changelist")
    counts = Article.objects.state_counts(now)
    rows = [
        (state.label, counts[state.value], {"publication": state.value})
        for state in Article.PublicationState
    ]
    targets = NeedsTranslationFilter.CHOICES
    waiting = Article.objects.aggregate(
        **{
            field_suffix(language): Count(
                "pk", filter=workflow.needs_translation(language)
            )
            for language in targets
        }
    )
    rows += [
        (label, waiting[field_suffix(language)], {"needs_translation": language})
        for language, label in targets.items()
    ]
    return [
        {"label": label, "count": count, "url": f"{changelist}?{urlencode(query)}"}
        for label, count, query in rows
    ]


class NewsroomAdminSite(admin.AdminSite):
    site_header = settings.SITE_NAME
    site_title = settings.SITE_NAME
    index_template = "admin/newsroom_index.html"

    def index(self, request, extra_context=None):
        """The index, with the dashboard for those who may see the articles."""
        context = dict(extra_context or {})
        if request.user.has_perm("articles.view_article"):
            context["newsroom"] = newsroom()
        return super().index(request, context)
