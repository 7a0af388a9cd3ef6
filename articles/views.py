"""
The public reader pages, the same in both languages.

Every article a reader can reach comes from ``Article.objects.published()``;
each view decides the shape of its queries (``select_related``,
``prefetch_related``) so that templates only read what they are given and a
page costs the same number of queries whatever the amount of content.
"""

from datetime import MAXYEAR, MINYEAR
from urllib.parse import urlencode

from django.core.paginator import InvalidPage, Paginator
from django.core.validators import slug_re
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Window
from django.db.models.functions import ExtractYear, RowNumber
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from articles import calendar, languages, seo
from articles.invalidation import (
    EVENTS,
    NEWS,
    NEWS_YEARS,
    SEARCH,
    TODAY,
    neighbours_of,
    news_of_event,
    news_of_organization,
    news_of_year,
    own_page,
    parts_of_organization,
    parts_of_person,
    people_of_event,
)
from articles.linked import participants
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
from cqcnews.caching import remember
from cqcnews.tags import tag, untracked

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


def published_articles(lookup, limit):
    """
    The ``limit`` latest published articles at the end of ``lookup``, as
    ``published_articles``: a plain ``.articles.all()`` would show drafts,
    and every one of them, however many years of news there are.
    """
    return Prefetch(
        lookup,
        queryset=Article.objects.published()[:limit],
        to_attr="published_articles",
    )


def neighbours(article):
    """
    The published articles just before and after ``article`` in reading order
    (``published_at``, then ``pk``), either ``None`` at an end: one query, in
    which each side walks the reading-order index from the article's date and
    stops at the first row. Only what the links show is read.
    """
    moment, pk = article.published_at, article.pk
    previous_pk = (
        Article.objects.published(until=moment)
        .filter(Q(published_at__lt=moment) | Q(pk__lt=pk))
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    next_pk = (
        Article.objects.published()
        .filter(published_at__gte=moment)
        .filter(Q(published_at__gt=moment) | Q(pk__gt=pk))
        .order_by("published_at", "pk")
        .values("pk")[:1]
    )
    found = list(
        Article.objects.filter(Q(pk__in=previous_pk) | Q(pk__in=next_pk)).only(
            "slug", "title", "published_at"
        )
    )
    place = (article.published_at, article.pk)
    before = next((o for o in found if (o.published_at, o.pk) < place), None)
    after = next((o for o in found if (o.published_at, o.pk) > place), None)
    return before, after


def kept_neighbours(article):
    """
    ``neighbours(article)``, kept until an article enters, leaves or moves
    next to it, or one of the two changes (``articles.invalidation``):
    building their query costs more than the rest of the article's queries.
    """
    if not article.is_published:  # an editor's preview: never kept
        return neighbours(article)
    return remember(
        f"neighbours:{article.pk}",
        lambda: neighbours(article),
        tagged=[neighbours_of(article.pk)],
    )


def archive_counts():
    """
    ``{year: number of published articles}``, newest year first: the news
    list's links to each year and its pager's counts.

    Counting reads the whole reading-order index, far too much for every
    page of news; the figures change only when an article enters or leaves
    the news (a publication, a scheduled article going live), so they are
    kept until then (``cqcnews.caching.remember``).
    """

    def count():
        years = (
            Article.objects.published()
            .annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return {row["year"]: row["count"] for row in years}

    return remember("archive-counts", count, tagged=[NEWS])


class CountedPaginator(Paginator):
    """Django's paginator, told the number of items rather than asking the database."""

    def __init__(self, object_list, per_page, *, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.count = count


def pager(page):
    """The pager's context (``includes/pagination.html``) for ``page``."""
    context = {"page_obj": page, "is_paginated": page.has_other_pages()}
    if context["is_paginated"]:
        # Numbers elided around the current page: a long archive keeps a
        # short pager.
        context["page_range"] = page.paginator.get_elided_page_range(page.number)
    return context


def page_of(request, items, per_page):
    """
    The page of ``items`` that ``?page=`` asks for, ``per_page`` to a page,
    through Django's paginator: a malformed or out-of-range page is a 404,
    as on the news list.
    """
    try:
        return Paginator(items, per_page).page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from error


def first(items, count):
    """
    The first ``count`` of ``items`` and whether there are more, read in one
    query: one item more than is shown, not a count of them all.
    """
    found = list(items[: count + 1])
    return found[:count], len(found) > count


class PaginatedListMixin:
    """
    Pages of ``paginate_by`` items through Django's paginator (a malformed or
    out-of-range page is a 404), with the pager of ``pager()``.
    """

    paginate_by = 10

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"] is not None:
            context.update(pager(context["page_obj"]))
        return context


class RelatedNewsMixin:
    """
    A detail page that lists the published news linked to its object (its
    ``articles``), newest first, ``news_per_page`` at a time through
    ``?page=`` with the news list's pager: an organisation can be mentioned
    in thousands of articles, too many for one page. A malformed or
    out-of-range page is a 404, as on the news list.
    """

    news_per_page = 10

    def get_context_data(self, **kwargs):
        page = page_of(
            self.request, self.object.articles.published(), self.news_per_page
        )
        return super().get_context_data(
            news=list(page.object_list), **pager(page), **kwargs
        )


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
        tag(NEWS, EVENTS, TODAY)
        return super().get_context_data(
            latest_articles=Article.objects.published()[: self.latest_count],
            upcoming_events=Event.objects.public()
            .main()
            .upcoming()[: self.events_count],
            recent_events=Event.objects.public().main().past()[: self.events_count],
            sharing={"description": seo.SITE_DESCRIPTION},
            **kwargs,
        )


class ArticleListView(PublishedArticleMixin, PaginatedListMixin, ListView):
    """All the news, newest first."""

    template_name = "articles/article_list.html"
    context_object_name = "articles"

    def get_paginator(self, queryset, per_page, **kwargs):
        return CountedPaginator(
            queryset, per_page, count=self.article_count(), **kwargs
        )

    def list_tags(self):
        """The lists this page is a page of (``articles.invalidation``)."""
        return [NEWS]

    def counts(self):
        """
        ``archive_counts()``, and the page tagged as the list it is: a year's
        page changes with that year's news and the years, not with all news.
        """
        with untracked():
            counts = archive_counts()
        tag(*self.list_tags())
        return counts

    def article_count(self):
        """How many articles the list pages through, from ``archive_counts()``."""
        return sum(self.counts().values())

    def get_context_data(self, **kwargs):
        return super().get_context_data(archive_years=list(self.counts()), **kwargs)


class ArticleYearView(ArticleListView):
    """One year of news; a year without published news does not exist."""

    allow_empty = False

    def get_queryset(self):
        year = self.kwargs["year"]
        # No news outside the calendar, and a year at its edge cannot be
        # looked up: its bounds, moved to UTC, fall outside it.
        if not MINYEAR < year < MAXYEAR:
            raise Http404
        return super().get_queryset().filter(published_at__year=year)

    def list_tags(self):
        return [news_of_year(self.kwargs["year"]), NEWS_YEARS]

    def article_count(self):
        return self.counts().get(self.kwargs["year"], 0)

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)


class ArticleDetailView(PublishedArticleMixin, DetailView):
    """
    An article. Its text, its events, organisations and corrections, and its
    neighbours are kept rendered until one of them changes (the template's
    ``{% remembered %}``, ``articles.linked``, ``kept_neighbours``).
    """

    context_object_name = "article"

    def get_context_data(self, **kwargs):
        article = self.object
        tag(own_page(Article, article.pk))
        text = display_text(article, ["title", "standfirst", "body", "cover_alt"])
        absolute = self.request.build_absolute_uri
        image = seo.preview_image(article.cover_image, text["cover_alt"], absolute)
        return super().get_context_data(
            text=text,
            # Called by the template, inside the part it keeps rendered.
            neighbours=lambda: kept_neighbours(article),
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

    queryset = Event.objects.public().main()
    template_name = "articles/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        tag(EVENTS, TODAY)
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class EventDetailView(RelatedNewsMixin, DetailView):
    model = Event
    context_object_name = "event"

    def get_queryset(self):
        return (
            Event.objects.public()
            .select_related("parent")
            .prefetch_related(
                Prefetch(
                    "sub_events",
                    queryset=Event.objects.public().order_by("start_date", "name"),
                ),
                "organisers",
                participants(),
            )
        )

    def get_context_data(self, **kwargs):
        event = self.object
        tag(
            own_page(Event, event.pk),
            news_of_event(event.pk),
            people_of_event(event.pk),
        )
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
    """
    A person and each part they took (a role belongs to the event, not the
    person), newest first, ``roles_per_page`` at a time through ``?page=``
    with the news list's pager: years of events are too many for one page.
    Under each event, its ``news_per_event`` latest articles and, when there
    are more, a link to the event's page, which has them all.
    """

    model = Person
    context_object_name = "person"
    roles_per_page = 10
    news_per_event = 5

    def get_context_data(self, **kwargs):
        person = self.object
        shown = self.news_per_event
        history = (
            person.participations.filter(event__status=Event.Status.PUBLISHED)
            .select_related("event", "organization")
            .order_by("-event__start_date", "order", "pk")
            # One more than is shown, to tell whether there are more.
            .prefetch_related(published_articles("event__articles", shown + 1))
        )
        page = page_of(self.request, history, self.roles_per_page)
        tag(
            parts_of_person(person.pk),
            *(news_of_event(part.event_id) for part in page.object_list),
        )
        return super().get_context_data(
            timeline=[
                (
                    participation,
                    participation.event.published_articles[:shown],
                    len(participation.event.published_articles) > shown,
                )
                for participation in page.object_list
            ],
            **pager(page),
            sharing={"title": person.display_name},
            structured_data=seo.person(
                person, absolute=self.request.build_absolute_uri
            ),
            **kwargs,
        )


def representatives(organization):
    """
    Everyone who represented ``organization``, once each, with the part they
    took most recently: their latest participation for it, newest first.

    Each person's latest is ranked on keys alone, in a subquery; ranking
    whole rows (names, events) costs several times more.
    """
    recency = Window(
        RowNumber(),
        partition_by="person",
        order_by=[F("event__start_date").desc(), "order", "pk"],
    )
    latest = (
        Participation.objects.filter(organization=organization)
        .alias(recency=recency)
        .filter(recency=1)
    )
    return (
        Participation.objects.filter(pk__in=latest.values("pk"))
        .select_related("person", "event")
        .order_by("-event__start_date", "person__name", "pk")
    )


def organization_events(organization):
    """
    The events ``organization`` organised or was represented at, newest
    first, each ``organised`` or not.
    """
    organised = Event.organisers.through.objects.filter(organization=organization)
    represented = Participation.objects.filter(organization=organization)
    return (
        Event.objects.public()
        .filter(
            Q(pk__in=organised.values("event")) | Q(pk__in=represented.values("event"))
        )
        .annotate(organised=Exists(organised.filter(event=OuterRef("pk"))))
        .order_by("-start_date", "name", "pk")
    )


class OrganizationDetailView(RelatedNewsMixin, DetailView):
    """
    An organisation: its place in a hierarchy, the ``latest_count`` people
    who represented it and events it took part in most recently, each list
    with a link to all of them (``OrganizationPeopleView``,
    ``OrganizationEventsView``) when there are more, and its news, paged.
    """

    model = Organization
    context_object_name = "organization"
    latest_count = 10

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related(
            "branches"
        )

    def get_context_data(self, **kwargs):
        organization = self.object
        tag(
            news_of_organization(organization.pk),
            parts_of_organization(organization.pk),
        )
        people, more_people = first(representatives(organization), self.latest_count)
        events, more_events = first(
            organization_events(organization), self.latest_count
        )
        return super().get_context_data(
            representatives=people,
            more_representatives=more_people,
            events=events,
            more_events=more_events,
            sharing={
                "title": organization.name,
                "description": organization.description,
            },
            structured_data=seo.organization(
                organization, absolute=self.request.build_absolute_uri
            ),
            **kwargs,
        )


class OrganizationListMixin(PaginatedListMixin):
    """
    One of an organisation's lists in full, newest first, ``paginate_by`` at
    a time: its ``items(organization)``. The organisation's page shows the
    latest few and links here for the rest.
    """

    paginate_by = 20

    def get_queryset(self):
        self.organization = get_object_or_404(Organization, slug=self.kwargs["slug"])
        return self.items(self.organization)

    def get_context_data(self, **kwargs):
        tag(parts_of_organization(self.organization.pk))
        return super().get_context_data(organization=self.organization, **kwargs)


class OrganizationPeopleView(OrganizationListMixin, ListView):
    """Everyone who represented an organisation, with the part they took last."""

    template_name = "articles/organization_people.html"
    context_object_name = "representatives"
    items = staticmethod(representatives)


class OrganizationEventsView(OrganizationListMixin, ListView):
    """Every event an organisation organised or was represented at."""

    template_name = "articles/organization_events.html"
    context_object_name = "events"
    items = staticmethod(organization_events)


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
        # Only a slug can name an article: anything else (a NUL byte, which
        # PostgreSQL refuses in a query) is left out before the database.
        asked = [
            a for a in dict.fromkeys(self.request.GET.getlist("a")) if slug_re.match(a)
        ]
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
        tag(SEARCH)
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
