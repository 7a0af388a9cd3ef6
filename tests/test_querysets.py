"""
The querysets the reader's pages are built from, named for their use: what
each returns, in which order, and in how many queries.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, Event, Organization, Participation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def day(n):
    return datetime.date(2024, 6, 1) + datetime.timedelta(days=n)


# Articles -----------------------------------------------------------------------


def test_neighbours_are_the_published_articles_either_side_in_reading_order(
    django_assert_num_queries,
):
    older = ArticleFactory(published_at=ago(3))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    ArticleFactory(published_at=ago(2) - datetime.timedelta(hours=1), status="draft")
    article = ArticleFactory(published_at=ago(2))
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    newer = ArticleFactory(published_at=ago(1))

    with django_assert_num_queries(1):
        before, after = Article.objects.neighbours(article)

    assert (before, after) == (older, newer)


def test_the_first_and_the_latest_article_have_a_neighbour_on_one_side():
    first = ArticleFactory(published_at=ago(2))
    latest = ArticleFactory(published_at=ago(1))

    assert Article.objects.neighbours(first) == (None, latest)
    assert Article.objects.neighbours(latest) == (first, None)


def test_articles_published_at_the_same_moment_are_ordered_by_their_key():
    moment = ago(1)
    first, second, third = (ArticleFactory(published_at=moment) for _ in range(3))

    assert Article.objects.neighbours(second) == (first, third)


def test_year_counts_count_the_published_articles_of_each_year_newest_first():
    for year, count in ((2022, 2), (2024, 1)):
        for _ in range(count):
            ArticleFactory(
                published_at=datetime.datetime(year, 6, 1, tzinfo=datetime.UTC)
            )
    ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=datetime.datetime(2023, 6, 1, tzinfo=datetime.UTC),
    )

    counts = Article.objects.published().year_counts()

    assert counts == {2024: 1, 2022: 2}
    assert list(counts) == [2024, 2022]


def test_a_year_is_read_in_the_sites_time_zone():
    """Shanghai's New Year's Day starts at 16:00 UTC on the 31st."""
    new_year = ArticleFactory(
        published_at=datetime.datetime(2023, 12, 31, 17, tzinfo=datetime.UTC)
    )

    assert list(Article.objects.in_year(2024)) == [new_year]
    assert not Article.objects.in_year(2023).exists()


# Lists a page shows the head of ---------------------------------------------------


@pytest.mark.parametrize(("events", "more"), [(2, False), (3, False), (4, True)])
def test_head_is_the_first_items_and_whether_there_are_more(
    events, more, django_assert_num_queries
):
    for n in range(events):
        EventFactory(start_date=day(n))

    with django_assert_num_queries(1):
        shown, has_more = Event.objects.order_by("start_date").head(3)

    assert [event.start_date for event in shown] == [
        day(n) for n in range(min(events, 3))
    ]
    assert has_more is more


# Events -------------------------------------------------------------------------


def test_events_involving_an_organisation_are_those_it_organised_or_attended():
    cqc = OrganizationFactory()
    organised = EventFactory(start_date=day(1))
    organised.organisers.add(cqc)
    attended = ParticipationFactory(organization=cqc, event=EventFactory()).event
    both = EventFactory(start_date=day(2))
    both.organisers.add(cqc)
    ParticipationFactory(organization=cqc, event=both)
    ParticipationFactory(organization=cqc, event=both)
    EventFactory()  # someone else's
    ParticipationFactory(organization=cqc, event=EventFactory(status="draft"))

    events = list(Event.objects.public().involving(cqc))

    assert events == [both, organised, attended]  # newest first, once each
    assert [event.organised for event in events] == [True, True, False]


def test_an_events_page_reads_its_family_and_participants_in_four_queries(
    django_assert_num_queries,
):
    event = EventFactory(parent=EventFactory())
    late = EventFactory(parent=event, start_date=day(2), slug="late")
    early = EventFactory(parent=event, start_date=day(1), slug="early")
    EventFactory(parent=event, status=Event.Status.DRAFT)
    event.organisers.add(OrganizationFactory())
    ParticipationFactory(event=event)
    ParticipationFactory(event=event, organization=None)

    with django_assert_num_queries(4):
        found = Event.objects.for_detail().with_links().get(pk=event.pk)
        assert found.parent == event.parent
        assert list(found.sub_events.all()) == [early, late]
        assert len(found.organisers.all()) == 1
        names = [(p.person.name, p.organization) for p in found.participations.all()]

    assert len(names) == 2


def test_a_draft_event_has_no_page():
    draft = EventFactory(status=Event.Status.DRAFT)

    assert not Event.objects.for_detail().filter(pk=draft.pk).exists()


# Participations -----------------------------------------------------------------


def test_a_persons_timeline_is_their_public_parts_newest_first_with_a_few_articles(
    django_assert_num_queries,
):
    person = PersonFactory()
    old = ParticipationFactory(person=person, event=EventFactory(start_date=day(1)))
    new = ParticipationFactory(person=person, event=EventFactory(start_date=day(2)))
    ParticipationFactory(person=person, event=EventFactory(status="draft"))
    ParticipationFactory(event=new.event)  # someone else's part
    articles = [ArticleFactory(published_at=ago(n)) for n in (3, 1, 2)]
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    new.event.articles.add(*articles, draft)

    with django_assert_num_queries(2):
        timeline = list(person.participations.timeline(news_per_event=2))
        news = [list(part.event.published_articles) for part in timeline]
        organizations = [part.organization for part in timeline]

    assert timeline == [new, old]
    assert news == [[articles[1], articles[2]], []]
    assert organizations == [new.organization, old.organization]


def test_latest_per_person_is_each_persons_latest_part_newest_first():
    cqc = OrganizationFactory()
    wang, li = PersonFactory(name_en="Wang"), PersonFactory(name_en="Li")
    ParticipationFactory(
        person=wang, organization=cqc, event=EventFactory(start_date=day(1))
    )
    latest = ParticipationFactory(
        person=wang, organization=cqc, event=EventFactory(start_date=day(3))
    )
    only = ParticipationFactory(
        person=li, organization=cqc, event=EventFactory(start_date=day(2))
    )
    # A later part for another organisation is not one of cqc's.
    ParticipationFactory(person=li, event=EventFactory(start_date=day(4)))

    assert list(cqc.participations.latest_per_person()) == [latest, only]


def test_a_public_part_is_one_at_an_event_readers_see():
    shown = ParticipationFactory()
    ParticipationFactory(event=EventFactory(status=Event.Status.DRAFT))

    assert list(Participation.objects.public()) == [shown]


# Organisations ------------------------------------------------------------------


def test_an_organisations_page_reads_its_parent_with_it(
    django_assert_num_queries,
):
    parent = OrganizationFactory()
    cqc = OrganizationFactory(parent=parent)
    branch = OrganizationFactory(parent=cqc)

    with django_assert_num_queries(1):
        found = Organization.objects.for_detail().get(pk=cqc.pk)
        assert found.parent == parent
    assert list(found.branches.all()) == [branch]
