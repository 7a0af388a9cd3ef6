"""
An organisation's and a person's pages stay the same size however long their
history: the latest few people and events with a link to all of them, and a
person's roles a page at a time, each list newest first.
"""

import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.views.people import OrganizationDetailView, PersonDetailView
from cqcnews import page_cache
from tests.factories import (
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.pages import public_html, url_in

pytestmark = pytest.mark.django_db

LATEST = OrganizationDetailView.latest_count
ROLES_PER_PAGE = PersonDetailView.paginate_by
#: Page numbers no list has: malformed, out of range, absurd.
BAD_PAGES = ["0", "-1", "3", "abc", "1.5", "1e3", "9" * 30, "%00", "page"]


def day(days_ago):
    return datetime.date(2024, 6, 1) - datetime.timedelta(days=days_ago)


def represented(organization, count):
    """
    ``count`` people, each at an event of their own on behalf of
    ``organization``, a day apart: their participations, newest first.
    """
    return [
        ParticipationFactory(
            organization=organization,
            event=EventFactory(start_date=day(n), name_en=f"Forum {n:02}"),
            person=PersonFactory(name_en=f"Person {n:02}"),
        )
        for n in range(count)
    ]


def test_organization_page_shows_its_latest_people_and_events_and_links_to_all(
    client,
):
    cqc = OrganizationFactory(slug="cqc")
    parts = represented(cqc, LATEST + 2)

    html = public_html(client, url_in("en", "organization-detail", slug="cqc"))

    shown, hidden = parts[:LATEST], parts[LATEST:]
    for part in shown:
        assert part.person.name_en in html and part.event.name_en in html
    for part in hidden:
        assert part.person.name_en not in html and part.event.name_en not in html
    assert html.index("Person 00") < html.index(f"Person {LATEST - 1:02}")
    assert html.index("Forum 00") < html.index(f"Forum {LATEST - 1:02}")
    people = url_in("en", "organization-people", slug="cqc")
    events = url_in("en", "organization-events", slug="cqc")
    assert f'<a href="{people}">All people</a>' in html
    assert f'<a href="{events}">All events</a>' in html


def test_organization_page_with_a_short_history_links_to_no_list(client):
    cqc = OrganizationFactory(slug="cqc")
    parts = represented(cqc, LATEST)

    html = public_html(client, url_in("zh-hans", "organization-detail", slug="cqc"))

    for part in parts:
        assert url_in("zh-hans", "person-detail", slug=part.person.slug) in html
        assert url_in("zh-hans", "event-detail", slug=part.event.slug) in html
    assert url_in("zh-hans", "organization-people", slug="cqc") not in html
    assert url_in("zh-hans", "organization-events", slug="cqc") not in html


def test_a_representative_is_listed_once_with_the_part_they_took_last(client):
    cqc = OrganizationFactory(slug="cqc")
    person = PersonFactory(name_en="Xie Zhaoxu", name_zh_hans="谢钊旭")
    for days_ago, role_en, role_zh in [
        (30, "Deputy Director", "副主任"),
        (1, "Party Secretary and Director", "党委书记、主任"),
        (400, "Head of Department", "处长"),
    ]:
        ParticipationFactory(
            organization=cqc,
            person=person,
            event=EventFactory(start_date=day(days_ago)),
            role_en=role_en,
            role_zh_hans=role_zh,
        )
    # The part the person took for another organisation is not this one's.
    ParticipationFactory(person=person, event=EventFactory(start_date=day(0)))

    for name in ("organization-detail", "organization-people"):
        english = public_html(client, url_in("en", name, slug="cqc"))
        chinese = public_html(client, url_in("zh-hans", name, slug="cqc"))

        assert english.count("Xie Zhaoxu") == 1
        assert "Party Secretary and Director" in english
        assert "Deputy Director" not in english and "Head of" not in english
        assert "谢钊旭</a>，<span>党委书记、主任</span>" in chinese


def test_organization_lists_page_through_everything_newest_first(client):
    cqc = OrganizationFactory(slug="cqc")
    parts = represented(cqc, 25)
    organised_only = EventFactory(start_date=day(100), name_en="Organised forum")
    organised_only.organisers.add(cqc)

    people = url_in("en", "organization-people", slug="cqc")
    first, second = public_html(client, people), public_html(client, people + "?page=2")
    assert "25 people" in first
    assert all(part.person.name_en in first for part in parts[:20])
    assert all(part.person.name_en in second for part in parts[20:])
    assert parts[20].person.name_en not in first
    assert first.index("Person 00") < first.index("Person 19")
    assert 'href="?page=2" rel="next"' in first

    events = url_in("en", "organization-events", slug="cqc")
    first, second = public_html(client, events), public_html(client, events + "?page=2")
    assert "26 events" in first
    assert all(part.event.name_en in first for part in parts[:20])
    assert "Organised forum" in second and "Organiser" in second
    assert "Organiser" not in first
    assert "共26场活动" in public_html(
        client, url_in("zh-hans", "organization-events", slug="cqc")
    )
    assert "共25人" in public_html(
        client, url_in("zh-hans", "organization-people", slug="cqc")
    )


@pytest.mark.parametrize("page", BAD_PAGES)
@pytest.mark.parametrize(
    "name", ["organization-people", "organization-events", "person-detail"]
)
def test_a_page_number_no_list_has_is_not_found(client, name, page):
    cqc = OrganizationFactory(slug="cqc")
    parts = represented(cqc, 25)
    slug = parts[0].person.slug if name == "person-detail" else "cqc"

    response = client.get(url_in("en", name, slug=slug) + f"?page={page}")

    assert response.status_code == 404


def test_an_unknown_organization_has_no_lists(client):
    for name in ("organization-people", "organization-events"):
        assert client.get(url_in("en", name, slug="nobody")).status_code == 404


def test_an_organization_without_history_has_empty_lists(client):
    OrganizationFactory(slug="cqc")

    assert "No people yet." in public_html(
        client, url_in("en", "organization-people", slug="cqc")
    )
    assert "暂无活动。" in public_html(
        client, url_in("zh-hans", "organization-events", slug="cqc")
    )


def test_person_page_pages_through_their_roles_newest_first(client):
    person = PersonFactory(slug="someone")
    parts = [
        ParticipationFactory(
            person=person,
            event=EventFactory(start_date=day(n), name_en=f"Forum {n:02}"),
        )
        for n in range(ROLES_PER_PAGE + 2)
    ]
    address = url_in("en", "person-detail", slug="someone")

    first = public_html(client, address)
    second = public_html(client, address + "?page=2")

    assert all(part.event.name_en in first for part in parts[:ROLES_PER_PAGE])
    assert parts[ROLES_PER_PAGE].event.name_en not in first
    assert first.index("Forum 00") < first.index(f"Forum {ROLES_PER_PAGE - 1:02}")
    assert 'href="?page=2" rel="next"' in first
    assert all(part.event.name_en in second for part in parts[ROLES_PER_PAGE:])
    assert "· Page 2 ·" in second and 'href="?page=1" rel="prev"' in second
    assert client.get(address + "?page=3").status_code == 404


def test_person_page_with_few_roles_has_no_pager(client):
    person = PersonFactory(slug="someone")
    ParticipationFactory(person=person)

    html = public_html(client, url_in("zh-hans", "person-detail", slug="someone"))

    assert 'class="pagination"' not in html


@pytest.mark.parametrize(
    "name, slug",
    [
        ("person-detail", "person"),
        ("organization-people", "cqc"),
        ("organization-events", "cqc"),
    ],
)
def test_toggle_and_canonical_keep_the_page_number(client, name, slug):
    cqc = OrganizationFactory(slug="cqc")
    person = PersonFactory(slug="person")
    for part in represented(cqc, 25):
        ParticipationFactory(person=person, event=part.event)

    html = public_html(client, url_in("en", name, slug=slug) + "?page=2&ref=mail")

    toggle = url_in("zh-hans", name, slug=slug) + "?page=2&amp;ref=mail"
    assert f'class="language-toggle" href="{toggle}"' in html
    canonical = url_in("en", name, slug=slug) + "?page=2"
    assert f'<link rel="canonical" href="http://testserver{canonical}">' in html


def queries_of(client, address):
    """
    The SQL queries a page runs from empty caches (so uncached, and with
    the page cache's clock to set).
    """
    for each in caches.all():
        each.clear()
    page_cache.reset_local()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


def test_queries_do_not_grow_with_the_length_of_a_history(client):
    counts = []
    for size in (3, 40):
        cqc = OrganizationFactory()
        person = PersonFactory()
        for part in represented(cqc, size):
            ParticipationFactory(person=person, event=part.event)
            part.event.organisers.add(cqc)
        addresses = [
            url_in("zh-hans", "organization-detail", slug=cqc.slug),
            url_in("en", "organization-people", slug=cqc.slug),
            url_in("en", "organization-events", slug=cqc.slug),
            url_in("en", "person-detail", slug=person.slug),
        ]
        counts.append([queries_of(client, address) for address in addresses])

    small, large = counts
    assert small == large
    assert max(large) <= 8
