from django.apps import AppConfig
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
