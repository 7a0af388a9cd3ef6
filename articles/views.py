"""
The public reader pages, the same in both languages.

Every article a reader can reach comes from ``Article.objects.published()``;
each view decides the shape of its queries (``select_related``,
``prefetch_related``) so that templates only read what they are given and a
page costs the same number of queries whatever the amount of content.
"""

from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from articles import calendar, languages, seo
from articles.models import (
    Article,
    Event,
    Organization,
    Page,
    Participation,
    Person,
    TranslationStatus,
)
from articles.search import highlight, search, snippet

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
    translation is shown but not yet reviewed), or "" (nothing to say).
    """
    language = languages.current(language)
    if obj.translated_value("title", language):
        shown = language
        status = obj.translation_status(language)
        notice = status if status in NOTICED_STATUSES else ""
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


def participants():
    """An event's participations with the person and organisation each names."""
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("person", "organization"),
    )


def published_articles(lookup="articles"):
    """
    The published articles at the end of ``lookup``, newest first, as
    ``published_articles``: a plain ``.articles.all()`` would show drafts.
    """
    return Prefetch(
        lookup, queryset=Article.objects.published(), to_attr="published_articles"
    )


def neighbours(article):
    """
    The published articles just before and after ``article`` in reading order
    (``published_at``, then ``pk``), either ``None`` at an end: one query.
    """
    published = Article.objects.published()
    older = Q(published_at__lt=article.published_at) | Q(
        published_at=article.published_at, pk__lt=article.pk
    )
    newer = Q(published_at__gt=article.published_at) | Q(
        published_at=article.published_at, pk__gt=article.pk
    )
    previous_pk = published.filter(older).order_by("-published_at", "-pk")[:1]
    next_pk = published.filter(newer).order_by("published_at", "pk")[:1]
    found = list(
        published.filter(
            Q(pk__in=previous_pk.values("pk")) | Q(pk__in=next_pk.values("pk"))
        )
    )
    place = (article.published_at, article.pk)
    before = next((o for o in found if (o.published_at, o.pk) < place), None)
    after = next((o for o in found if (o.published_at, o.pk) > place), None)
    return before, after


class PaginatedListMixin:
    """
    Pages of ``paginate_by`` items through Django's paginator (a malformed or
    out-of-range page is a 404), with the pager's numbers elided around the
    current page so that a long archive keeps a short pager.
    """

    paginate_by = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["is_paginated"]:
            page = context["page_obj"]
            context["page_range"] = page.paginator.get_elided_page_range(page.number)
        return context


class PublishedArticleMixin:
    """What readers may see of the news: the one publication rule, nothing else."""

    model = Article

    def get_queryset(self):
        return Article.objects.published()


class HomeView(TemplateView):
    """The latest news beside what is coming up and what has just happened."""

    template_name = "articles/home.html"
    latest_count = 6
    events_count = 4

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest_articles=Article.objects.published()[: self.latest_count],
            upcoming_events=Event.objects.main().upcoming()[: self.events_count],
            recent_events=Event.objects.main().past()[: self.events_count],
            **kwargs,
        )


class ArticleListView(PublishedArticleMixin, PaginatedListMixin, ListView):
    """All the news, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_context_data(self, **kwargs):
        years = Article.objects.published().datetimes("published_at", "year", "DESC")
        return super().get_context_data(
            archive_years=[moment.year for moment in years], **kwargs
        )


class ArticleYearView(ArticleListView):
    """One year of news; a year without published news does not exist."""

    allow_empty = False

    def get_queryset(self):
        return super().get_queryset().filter(published_at__year=self.kwargs["year"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)


class ArticleDetailView(PublishedArticleMixin, DetailView):
    context_object_name = "article"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=Event.objects.order_by("start_date").prefetch_related(
                        participants()
                    ),
                ),
                "organizations",
                "corrections",
            )
        )

    def get_context_data(self, **kwargs):
        article = self.object
        previous_article, next_article = neighbours(article)
        text = display_text(article, ["title", "standfirst", "body", "cover_alt"])
        absolute = self.request.build_absolute_uri
        image = seo.preview_image(article.cover_image, text["cover_alt"], absolute)
        return super().get_context_data(
            text=text,
            previous_article=previous_article,
            next_article=next_article,
            sharing={
                "title": text["title"],
                "description": text["standfirst"],
                "language": text["language"],
                "kind": "article",
                "image": image,
            },
            structured_data=seo.news_article(
                article, text, absolute=absolute, image=image
            ),
            **kwargs,
        )


class EventListView(PaginatedListMixin, ListView):
    """Every event, latest first; sessions within an event are listed on its page."""

    queryset = Event.objects.main()
    template_name = "articles/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class EventDetailView(DetailView):
    model = Event
    context_object_name = "event"

    def get_queryset(self):
        return Event.objects.select_related("parent").prefetch_related(
            Prefetch(
                "sub_events", queryset=Event.objects.order_by("start_date", "name")
            ),
            "organisers",
            participants(),
            published_articles(),
        )

    def get_context_data(self, **kwargs):
        event = self.object
        return super().get_context_data(
            participant_groups=group_by(
                event.participations.all(), lambda part: part.organization
            ),
            sharing={"title": event.name, "description": event.summary},
            structured_data=seo.event(event, absolute=self.request.build_absolute_uri),
            **kwargs,
        )


class EventCalendarView(DetailView):
    """An event as an iCalendar file the reader adds to their own calendar."""

    model = Event

    def render_to_response(self, context):
        event = self.object
        place = ", ".join(part for part in (event.venue, event.city) if part)
        body = calendar.event_calendar(
            uid=f"event-{event.slug}@{self.request.get_host()}",
            stamp=timezone.now(),
            summary=event.name,
            start=event.start_date,
            end=event.last_date,
            location=place,
            description=event.summary,
            url=self.request.build_absolute_uri(event.get_absolute_url()),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
        return response


class PersonDetailView(DetailView):
    """A person and each part they took: a role belongs to the event, not the person."""

    model = Person
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "event", "organization"
                ).order_by("-event__start_date", "order"),
                to_attr="history",
            ),
            published_articles("history__event__articles"),
        )

    def get_context_data(self, **kwargs):
        person = self.object
        return super().get_context_data(
            sharing={"title": person.display_name},
            structured_data=seo.person(
                person, absolute=self.request.build_absolute_uri
            ),
            **kwargs,
        )


class OrganizationDetailView(DetailView):
    """An organisation: its place in a hierarchy, its people, events and news."""

    model = Organization
    context_object_name = "organization"

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related(
            "branches",
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "person", "event"
                ).order_by("-event__start_date", "order"),
                to_attr="representations",
            ),
            Prefetch(
                "organised_events", queryset=Event.objects.order_by("-start_date")
            ),
            published_articles(),
        )

    def get_context_data(self, **kwargs):
        organization = self.object
        organised = list(organization.organised_events.all())
        attended = [part.event for part in organization.representations]
        events = {event.pk: event for event in organised + attended}
        return super().get_context_data(
            representatives=group_by(
                organization.representations, lambda part: part.person
            ),
            events=sorted(events.values(), key=lambda e: e.start_date, reverse=True),
            organised_event_ids={event.pk for event in organised},
            sharing={
                "title": organization.name,
                "description": organization.description,
            },
            structured_data=seo.organization(
                organization, absolute=self.request.build_absolute_uri
            ),
            **kwargs,
        )


class PageDetailView(DetailView):
    """A footer page ("Introduction of Website", "Exception Clause")."""

    model = Page
    context_object_name = "page"

    def get_context_data(self, **kwargs):
        text = display_text(self.object, ["title", "body"])
        return super().get_context_data(
            text=text,
            sharing={"title": text["title"], "language": text["language"]},
            **kwargs,
        )


def favorites_url(slugs):
    """The favorites page listing the articles ``slugs``, in that order."""
    address = reverse("articles:favorites")
    query = urlencode([("a", slug) for slug in slugs])
    return f"{address}?{query}" if query else address


class FavoritesView(TemplateView):
    """
    The reader's saved articles, without an account or a cookie.

    The list lives in the reader's browser (``static/js/favorites.js`` keeps
    it in localStorage) and reaches the server only as the page's address,
    ``?a=slug&a=slug``: the page is the same for everyone who asks for the
    same list, and without JavaScript it still works as a bookmark. Unknown
    and unpublished slugs are left out; a list is cut at ``max_articles``.
    """

    template_name = "articles/favorites.html"
    max_articles = 100

    def get_context_data(self, **kwargs):
        asked = list(dict.fromkeys(self.request.GET.getlist("a")))
        asked = asked[: self.max_articles]
        found = Article.objects.published().in_bulk(asked, field_name="slug")
        articles = [found[slug] for slug in asked if slug in found]
        slugs = [article.slug for article in articles]
        return super().get_context_data(
            favorites=[
                (article, favorites_url(s for s in slugs if s != article.slug))
                for article in articles
            ],
            **kwargs,
        )


#: Longer queries are cut here, with a notice: nobody types more, and the cap
#: keeps a hostile query from costing more than a real one.
MAX_QUERY_LENGTH = 200


def clean_query(raw):
    """
    The words a reader searched for, as searched and shown again: control
    characters (NUL bytes, …) dropped, runs of white space made one space,
    cut at ``MAX_QUERY_LENGTH``. Returns the query and whether it was cut.
    """
    printable = "".join(c if c.isprintable() else " " for c in raw)
    query = " ".join(printable.split())
    return query[:MAX_QUERY_LENGTH].strip(), len(query) > MAX_QUERY_LENGTH


class SearchView(PaginatedListMixin, ListView):
    """
    Published articles matching the reader's words, best first, those in the
    page's language ahead (``articles.search``), with the words marked.
    """

    template_name = "articles/search.html"
    context_object_name = "articles"

    def get_queryset(self):
        self.query, self.query_truncated = clean_query(self.request.GET.get("q", ""))
        return search(self.query, language=languages.current())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            query=self.query,
            query_truncated=self.query_truncated,
            max_query_length=MAX_QUERY_LENGTH,
            **kwargs,
        )
        context["results"] = [
            {
                "article": article,
                "title": highlight(article.title, self.query),
                "snippet": snippet(article.body, self.query),
            }
            for article in context["articles"]
        ]
        return context
