from axes import apps as axes_apps
from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("News")

    def ready(self):
        # Everything a save sets off, connected from one map.
        from articles import signals

        signals.connect()


class NewsroomAdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site shows the editors' dashboard."""

    default = False  # the app's own configuration stays ArticlesConfig
    default_site = "articles.admin_site.NewsroomAdminSite"


class LoginProtectionConfig(axes_apps.AppConfig):
    """
    django-axes, which stops password guessers, under a name editors read
    ("Login protection", "登录保护") rather than "Axes". Axes ships no
    Chinese: its labels are translated in the project's catalogue
    (``articles.upstream_messages``).
    """

    default = False  # the articles app's own configuration stays ArticlesConfig
    verbose_name = _("Login protection")
