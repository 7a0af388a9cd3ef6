"""The reader's site map, served under /en/ and /zh-hans/ (see cqcnews/urls.py)."""

from django.urls import path

from articles.feeds import LatestArticlesFeed
from articles.sitemaps import news_sitemap
from articles.views import articles, events, favorites, home, pages, people, search

app_name = "articles"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("news/", articles.ArticleListView.as_view(), name="article-list"),
    path("news/<int:year>/", articles.ArticleYearView.as_view(), name="article-year"),
    path(
        "news/<slug:slug>/",
        articles.ArticleDetailView.as_view(),
        name="article-detail",
    ),
    path("events/", events.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", events.EventDetailView.as_view(), name="event-detail"),
    path(
        "events/<slug:slug>/calendar.ics",
        events.EventCalendarView.as_view(),
        name="event-calendar",
    ),
    path(
        "people/<slug:slug>/", people.PersonDetailView.as_view(), name="person-detail"
    ),
    path(
        "organizations/<slug:slug>/",
        people.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<slug:slug>/people/",
        people.OrganizationPeopleView.as_view(),
        name="organization-people",
    ),
    path(
        "organizations/<slug:slug>/events/",
        people.OrganizationEventsView.as_view(),
        name="organization-events",
    ),
    path("pages/<slug:slug>/", pages.PageDetailView.as_view(), name="page-detail"),
    path("favorites/", favorites.FavoritesView.as_view(), name="favorites"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("news-sitemap.xml", news_sitemap, name="news-sitemap"),
]
