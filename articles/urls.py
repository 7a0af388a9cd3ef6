"""The reader's site map, served under /en/ and /zh-hans/ (see cqcnews/urls.py)."""

from django.urls import path

from articles import views
from articles.feeds import LatestArticlesFeed
from articles.sitemaps import news_sitemap

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArticleListView.as_view(), name="article-list"),
    path("news/<int:year>/", views.ArticleYearView.as_view(), name="article-year"),
    path("news/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<slug:slug>/", views.EventDetailView.as_view(), name="event-detail"),
    path(
        "events/<slug:slug>/calendar.ics",
        views.EventCalendarView.as_view(),
        name="event-calendar",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "organizations/<slug:slug>/",
        views.OrganizationDetailView.as_view(),
        name="organization-detail",
    ),
    path(
        "organizations/<slug:slug>/people/",
        views.OrganizationPeopleView.as_view(),
        name="organization-people",
    ),
    path(
        "organizations/<slug:slug>/events/",
        views.OrganizationEventsView.as_view(),
        name="organization-events",
    ),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="page-detail"),
    path("favorites/", views.FavoritesView.as_view(), name="favorites"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", LatestArticlesFeed(), name="feed"),
    path("news-sitemap.xml", news_sitemap, name="news-sitemap"),
]
