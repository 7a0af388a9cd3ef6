from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News")

    def ready(self):
        # Connect the search index, the versions and the save rules.
        from articles import linked, revisions, signals, workflow  # noqa: F401
        from cqcnews.caching import connect_signals

        connect_signals()
        linked.connect_signals()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site shows the editors' dashboard."""

    default = False  # the app's own configuration stays ArticlesConfig
    default_site = "articles.admin_site.NewsroomAdminSite"
