"""
Which pages each change forgets: the tags of what the reader's pages show,
and the one map from a save, a delete or a link to the tags it forgets
(``cqcnews.tags`` keeps and forgets them; ``cqcnews.page_cache`` serves the
pages).

A page is tagged with every record it shows, automatically: each record
loaded while a page is rendered adds its tag (``shown``): "article-12",
"event-3", "person-5", "organization-7", "participation-9", "page-2". What
a page shows besides, it says itself, in its view:

=============================  ============================================
``article-<pk>-page``          the article's own page (its links to the
                               articles either side, its corrections)
``article-<pk>-neighbours``    which articles are either side of it
``event-<pk>-page``            the event's own page (organisers, sessions)
``news``                       the news in reading order: home, news list,
                               feed
``news-<year>``                one year of news (its pages and its count)
``news-years``                 the years that have news (the year pages)
``events``                     the events in their order: home, events list
``today``                      what depends on the date (upcoming events)
``search``                     search results: any article's text can
                               change them
``footer``                     the footer's pages, on every page
``event-<pk>-news``            an event's articles (its page, its people's)
``event-<pk>-people``          who took part (its page, its articles')
``person-<pk>-parts``          the parts a person took (their page)
``organization-<pk>-news``     the articles naming an organisation
``organization-<pk>-parts``    its representatives and events
=============================  ============================================

A change forgets the tag of the record it changes, which reaches every page
showing it, plus the lists it enters, leaves or moves in (``CHANGES``).
What readers cannot see forgets nothing: a draft or scheduled article, a
draft event (an import's proposals), a revision, an alias. Time is a change
too (``changes_between``): a scheduled article going live enters the lists
as if it had been published then, and a new day changes what is upcoming.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from articles.models import (
    Article,
    Correction,
    Event,
    Organization,
    Page,
    Participation,
    Person,
)
from cqcnews import tags as page_tags

NEWS, NEWS_YEARS, EVENTS = "news", "news-years", "events"
TODAY, SEARCH, FOOTER = "today", "search", "footer"


def news_of_year(year):
    return f"news-{year}"


def news_of_event(pk):
    return f"event-{pk}-news"


def news_of_organization(pk):
    return f"organization-{pk}-news"


def neighbours_of(pk):
    return f"article-{pk}-neighbours"


def people_of_event(pk):
    return f"event-{pk}-people"


def parts_of_person(pk):
    return f"person-{pk}-parts"


def parts_of_organization(pk):
    return f"organization-{pk}-parts"


#: The tag of each kind of record a page shows.
PREFIXES = {
    Article: "article",
    Event: "event",
    Person: "person",
    Organization: "organization",
    Participation: "participation",
    Page: "page",
}


def tag_of(model, pk):
    return f"{PREFIXES[model]}-{pk}"


def own_page(model, pk):
    """The record's own page (in both languages), not the others showing it."""
    return f"{PREFIXES[model]}-{pk}-page"


def shown(sender, instance, **kwargs):
    """A record loaded while a page is rendered: the page shows it."""
    if not page_tags.is_collecting():
        return
    if sender is Correction:  # shown on its article's page only
        page_tags.tag(own_page(Article, instance.article_id))
    elif instance.pk is not None:
        page_tags.tag(tag_of(sender, instance.pk))


# What a change forgets ---------------------------------------------------------

#: The stored values each change is judged on, read before it is written.
STORED = {
    Article: (
        "status",
        "published_at",
        *(
            f"{name}_{suffix}"
            for name in ("title", "standfirst", "body")
            for suffix in ("en", "zh_hans")
        ),
    ),
    Event: (
        "status",
        "start_date",
        "end_date",
        "parent_id",
        "name_en",
        "name_zh_hans",
    ),
    Organization: ("parent_id",),
    Person: (),
    Participation: ("event_id", "person_id", "organization_id", "part", "order"),
    Correction: ("article_id",),
    Page: ("slug", "footer_order", "title_en", "title_zh_hans"),
}
#: What readers search: a change to it can change any search's results.
SEARCHED = STORED[Article][2:]
#: What places an event in the lists: its order, its being a session, its
#: days (upcoming or past), its name (the order within a day).
LISTED = STORED[Event][1:]


def is_live(values):
    """Whether an article with these stored values is published: the one rule."""
    if values is None:
        return False
    stored = Article(status=values["status"], published_at=values["published_at"])
    return stored.is_published


def is_public_event(values):
    return values is not None and values["status"] == Event.Status.PUBLISHED


def changed(old, new, fields):
    return old is None or new is None or any(old[f] != new[f] for f in fields)


def article_links(pk):
    """The events and organisations article ``pk`` is linked to."""
    through = Article.events.through.objects.filter(article_id=pk)
    named = Article.organizations.through.objects.filter(article_id=pk)
    return (
        list(through.values_list("event_id", flat=True)),
        list(named.values_list("organization_id", flat=True)),
    )


def year_of(values):
    return timezone.localtime(values["published_at"]).year


def moved_in_the_news(article, old, new, was, now):
    """
    The lists an article enters, leaves or moves in: the news, its years
    (and the years themselves when one gains its first or loses its last),
    its events' and organisations' news, and the articles next to its new
    place, whose pages link to it.
    """
    found = {NEWS, SEARCH, neighbours_of(article.pk)}
    years = {year_of(values) for values, live in ((old, was), (new, now)) if live}
    found |= {news_of_year(year) for year in years}
    if was != now or len(years) > 1:
        others = Article.objects.published().exclude(pk=article.pk)
        if any(not others.filter(published_at__year=y).exists() for y in years):
            found.add(NEWS_YEARS)
    events, organizations = article_links(article.pk)
    found |= {news_of_event(pk) for pk in events}
    found |= {news_of_organization(pk) for pk in organizations}
    if now:
        for beside in filter(None, Article.objects.neighbours(article)):
            found |= {own_page(Article, beside.pk), neighbours_of(beside.pk)}
    return found


def article_changes(article, old, new):
    was, now = is_live(old), is_live(new)
    if new is not None and new["status"] == Article.Status.PUBLISHED and not now:
        page_tags.rescheduled(new["published_at"])  # scheduled: the clock must know
    if not (was or now):
        return set()
    found = {tag_of(Article, article.pk)}
    if changed(old, new, SEARCHED):
        found.add(SEARCH)
    if was != now or old["published_at"] != new["published_at"]:
        found |= moved_in_the_news(article, old, new, was, now)
    return found


def event_changes(event, old, new):
    was, now = is_public_event(old), is_public_event(new)
    if not (was or now):
        return set()
    found = {tag_of(Event, event.pk)}
    if was != now or changed(old, new, LISTED):
        found.add(EVENTS)
    parents = {values["parent_id"] for values in (old, new) if values}
    found |= {own_page(Event, pk) for pk in parents if pk is not None}  # sessions
    if was != now:
        # It appears on, or leaves, the pages of what it links to.
        articles = Article.objects.published().filter(events=event.pk)
        found |= {own_page(Article, pk) for pk in articles.values_list("pk", flat=True)}
        taking_part = Participation.objects.filter(event=event.pk)
        for person, organization in taking_part.values_list("person", "organization"):
            found.add(parts_of_person(person))
            if organization is not None:
                found.add(parts_of_organization(organization))
        organisers = Event.organisers.through.objects.filter(event_id=event.pk)
        found |= {
            parts_of_organization(pk)
            for pk in organisers.values_list("organization_id", flat=True)
        }
    return found


def organization_changes(organization, old, new):
    parents = {values["parent_id"] for values in (old, new) if values}
    return {tag_of(Organization, organization.pk)} | {
        tag_of(Organization, pk)
        for pk in parents
        if pk is not None  # branches
    }


def person_changes(person, old, new):
    return {tag_of(Person, person.pk)}


def participation_changes(participation, old, new):
    states = [values for values in (old, new) if values]
    events = Event.objects.public().filter(pk__in={v["event_id"] for v in states})
    public = set(events.values_list("pk", flat=True))
    if not public:
        return set()  # a draft event's participants: an import's proposal
    found = {tag_of(Participation, participation.pk)}
    if changed(old, new, STORED[Participation]):
        # It joins, leaves or moves in its event's, person's and
        # organisation's lists; a new role alone shows where it is shown.
        for values in states:
            found.add(people_of_event(values["event_id"]))
            found.add(parts_of_person(values["person_id"]))
            if values["organization_id"] is not None:
                found.add(parts_of_organization(values["organization_id"]))
    return found


def correction_changes(correction, old, new):
    articles = {values["article_id"] for values in (old, new) if values}
    live = Article.objects.published().filter(pk__in=articles)
    return {own_page(Article, pk) for pk in live.values_list("pk", flat=True)}


def page_changes(page, old, new):
    found = {tag_of(Page, page.pk)}
    if changed(old, new, STORED[Page]):
        found.add(FOOTER)
    return found


#: The one map: each model whose change readers can see, and what its
#: save or delete forgets, from its stored values before and after (``None``
#: for a record that did not exist, or no longer does).
CHANGES = {
    Article: article_changes,
    Event: event_changes,
    Organization: organization_changes,
    Person: person_changes,
    Participation: participation_changes,
    Correction: correction_changes,
    Page: page_changes,
}


def stored_values(model, pk):
    fields = STORED[model]
    return model._base_manager.filter(pk=pk).values(*fields).first() if fields else {}


def present_values(instance):
    return {name: getattr(instance, name) for name in STORED[type(instance)]}


def before_save(sender, instance, **kwargs):
    adding = instance._state.adding or instance.pk is None
    instance._stored_for_pages = None if adding else stored_values(sender, instance.pk)


def after_save(sender, instance, **kwargs):
    old = getattr(instance, "_stored_for_pages", None)
    page_tags.forget(CHANGES[sender](instance, old, present_values(instance)))


def before_delete(sender, instance, **kwargs):
    old = stored_values(sender, instance.pk)
    if old is not None:
        page_tags.forget(CHANGES[sender](instance, old, None))


# Links ------------------------------------------------------------------------


def live_articles(pks):
    return set(
        Article.objects.published().filter(pk__in=pks).values_list("pk", flat=True)
    )


def public_events(pks):
    return set(Event.objects.public().filter(pk__in=pks).values_list("pk", flat=True))


def everyone(pks):
    return set(pks)


#: Each many-to-many relation readers see: the columns of its two ends,
#: which of each end readers see, and what a link between two forgets.
RELATIONS = {
    Article.events.through: (
        ("article_id", "event_id"),
        (live_articles, public_events),
        lambda article, event: {own_page(Article, article), news_of_event(event)},
    ),
    Article.organizations.through: (
        ("article_id", "organization_id"),
        (live_articles, everyone),
        lambda article, organization: {
            own_page(Article, article),
            news_of_organization(organization),
        },
    ),
    Event.organisers.through: (
        ("event_id", "organization_id"),
        (public_events, everyone),
        lambda event, organization: {
            own_page(Event, event),
            parts_of_organization(organization),
        },
    ),
}


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """Links added or removed, from either end; a clear, from what it cleared."""
    (own, other), (visible_sources, visible_targets), forgets = RELATIONS[sender]
    if reverse:
        own, other = other, own
    if action == "pre_clear":
        rows = sender.objects.filter(**{own: instance.pk})
        instance._cleared_links = set(rows.values_list(other, flat=True))
        return
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if action == "post_clear":
        pk_set = instance.__dict__.pop("_cleared_links", set())
    if reverse:
        sources, targets = visible_sources(pk_set), visible_targets({instance.pk})
    else:
        sources, targets = visible_sources({instance.pk}), visible_targets(pk_set)
    page_tags.forget(
        {
            tag
            for source in sources
            for target in targets
            for tag in forgets(source, target)
        }
    )


# The clock ---------------------------------------------------------------------


def next_change(now):
    """
    When pages change by the clock alone: the next scheduled article's
    publication, or the next local midnight, whichever comes first.
    """
    scheduled = Article.objects.next_publication(now)
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    midnight = timezone.make_aware(datetime.combine(tomorrow, datetime.min.time()))
    return min(scheduled, midnight) if scheduled else midnight


def changes_between(start, end):
    """What time changed after ``start`` up to ``end``: the tags to forget."""
    found = set()
    went_live = Article.objects.filter(
        status=Article.Status.PUBLISHED, published_at__gt=start, published_at__lte=end
    )
    for article in went_live:
        new = present_values(article)
        old = {**new, "status": Article.Status.DRAFT}
        found |= {tag_of(Article, article.pk)} | moved_in_the_news(
            article, old, new, False, True
        )
    if timezone.localdate(start) != timezone.localdate(end):
        found.add(TODAY)
    return found
