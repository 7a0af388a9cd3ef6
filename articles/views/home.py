"""The home page."""

from django.views.generic import TemplateView

from articles import parts, seo
from articles.invalidation import EVENTS, NEWS, TODAY
from articles.models import Article, Event


class HomeView(TemplateView):
    """
    The latest news beside what is coming up and what has just happened:
    lists kept rendered (``articles.parts``) until one of them changes.
    """

    template_name = "articles/home.html"
    latest_count = 6
    events_count = 4

    def lists(self):
        events = Event.objects.public().main()
        return {
            "latest_articles": list(Article.objects.published()[: self.latest_count]),
            "upcoming_events": list(events.upcoming()[: self.events_count]),
            "recent_events": list(events.past()[: self.events_count]),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            lists=parts.kept(
                "articles/includes/home_lists.html",
                self.lists,
                tagged=[NEWS, EVENTS, TODAY],
            ),
            sharing={"description": seo.SITE_DESCRIPTION},
            **kwargs,
        )
