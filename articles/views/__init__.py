"""
The public reader pages, the same in both languages, one module per family
of pages: ``home``, ``articles`` (the news), ``events``, ``people`` (persons
and organisations), ``pages``, ``search`` and ``favorites``; ``base`` holds
what they share.

Every article a reader can reach comes from ``Article.objects.published()``.
The shape of each page's queries is decided by the models' querysets, named
for their use (``Event.objects.for_detail()``, ``participations.timeline()``);
a view reads what its page shows before the template renders, so that
templates only read what they are given and a page costs the same number of
queries whatever the amount of content.
"""

from articles.views.articles import ArticleDetailView, ArticleListView, ArticleYearView
from articles.views.events import EventCalendarView, EventDetailView, EventListView
from articles.views.favorites import FavoritesView
from articles.views.home import HomeView
from articles.views.pages import PageDetailView
from articles.views.people import (
    OrganizationDetailView,
    OrganizationEventsView,
    OrganizationPeopleView,
    PersonDetailView,
)
from articles.views.search import SearchView

__all__ = [
    "ArticleDetailView",
    "ArticleListView",
    "ArticleYearView",
    "EventCalendarView",
    "EventDetailView",
    "EventListView",
    "FavoritesView",
    "HomeView",
    "OrganizationDetailView",
    "OrganizationEventsView",
    "OrganizationPeopleView",
    "PageDetailView",
    "PersonDetailView",
    "SearchView",
]
