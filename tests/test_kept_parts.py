"""
The parts of pages kept rendered (articles/parts.py): a person's timeline,
an event's participants and news, an organisation's lists and news, the home
page's lists, a page of news, of events or of search results.

Pages are fetched without the page cache, as right after an edit, when the
page cache has started over or never keeps the page: each part comes from
its own cache or is rendered again, and must show the current data in both
languages at once; a change to something else leaves it kept.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Participation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.pages import public_html, url_in
from tests.test_seo import json_ld

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("without_page_cache"),
]

LANGUAGES = ("en", "zh-hans")


@pytest.fixture
def participation():
    participation = ParticipationFactory()
    ArticleFactory().events.add(participation.event)
    return participation


def pages(client, name, **kwargs):
    """The page in each language, and how many queries each one ran."""
    found = {}
    for language in LANGUAGES:
        with CaptureQueriesContext(connection) as queries:
            html = public_html(client, url_in(language, name, **kwargs))
        found[language] = (html, len(queries))
    return found


def assert_shown(client, name, texts, **kwargs):
    """``texts[language]`` on the page in that language, at once."""
    for language, (html, _queries) in pages(client, name, **kwargs).items():
        assert texts[language] in html, language


def assert_kept(client, name, change, **kwargs):
    """After ``change()``, the page reads no more than with all its parts kept."""
    pages(client, name, **kwargs)
    kept = pages(client, name, **kwargs)
    change()
    after = pages(client, name, **kwargs)
    for language in LANGUAGES:
        assert after[language] == kept[language], language


def new_article(**links):
    article = ArticleFactory(title_en="Forum report", title_zh_hans="论坛报道")
    for relation, record in links.items():
        getattr(article, relation).add(record)
    return article


def rename(record, english, chinese):
    record.name_en, record.name_zh_hans = english, chinese
    record.save()


ARTICLE_TITLES = {"en": "Forum report", "zh-hans": "论坛报道"}


# A person's timeline -------------------------------------------------------


def test_a_new_article_of_an_event_is_on_its_participants_page_at_once(
    client, participation
):
    slug = participation.person.slug
    pages(client, "person-detail", slug=slug)

    new_article(events=participation.event)

    assert_shown(client, "person-detail", ARTICLE_TITLES, slug=slug)


def test_a_renamed_event_is_on_its_participants_page_at_once(client, participation):
    slug = participation.person.slug
    pages(client, "person-detail", slug=slug)

    rename(participation.event, "Quality Summit", "质量峰会")

    assert_shown(
        client,
        "person-detail",
        {"en": "Quality Summit", "zh-hans": "质量峰会"},
        slug=slug,
    )


def test_another_persons_change_leaves_a_timeline_kept(client, participation):
    other = PersonFactory()
    assert_kept(
        client,
        "person-detail",
        lambda: rename(other, "Li Si", "李四"),
        slug=participation.person.slug,
    )


# An event's participants and news --------------------------------------------


def test_a_renamed_organisation_is_on_the_event_page_at_once(client, participation):
    slug = participation.event.slug
    pages(client, "event-detail", slug=slug)

    rename(participation.organization, "Japan Quality Assurance", "日本质量保证机构")

    assert_shown(
        client,
        "event-detail",
        {"en": "Japan Quality Assurance", "zh-hans": "日本质量保证机构"},
        slug=slug,
    )


def test_a_new_participant_and_a_new_article_are_on_the_event_page_at_once(
    client, participation
):
    event = participation.event
    pages(client, "event-detail", slug=event.slug)

    ParticipationFactory(
        event=event, person=PersonFactory(name_en="Wang Wu", name_zh_hans="王五")
    )
    new_article(events=event)

    assert_shown(
        client, "event-detail", {"en": "Wang Wu", "zh-hans": "王五"}, slug=event.slug
    )
    assert_shown(client, "event-detail", ARTICLE_TITLES, slug=event.slug)


def test_a_renamed_organiser_and_a_remote_participant_are_in_the_event_data_at_once(
    client, participation
):
    """The event's structured data, kept apart from its HTML, follows too."""
    event = participation.event
    organiser = OrganizationFactory()
    event.organisers.add(organiser)
    pages(client, "event-detail", slug=event.slug)

    rename(organiser, "Standards Institute", "标准研究院")
    ParticipationFactory(event=event, part=Participation.Part.REMOTE)

    for language, (html, _queries) in pages(
        client, "event-detail", slug=event.slug
    ).items():
        (data,) = json_ld(html)
        names = {"en": "Standards Institute", "zh-hans": "标准研究院"}
        assert [o["name"] for o in data["organizer"]] == [names[language]]
        assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")


def test_another_events_change_leaves_an_event_page_kept(client, participation):
    other = EventFactory()
    assert_kept(
        client,
        "event-detail",
        lambda: rename(other, "Other Forum", "其他论坛"),
        slug=participation.event.slug,
    )


# An organisation's lists and news ---------------------------------------------


def test_a_new_representative_and_article_are_on_the_organisation_page_at_once(
    client, participation
):
    organization = participation.organization
    pages(client, "organization-detail", slug=organization.slug)

    ParticipationFactory(
        organization=organization,
        person=PersonFactory(name_en="Zhao Liu", name_zh_hans="赵六"),
        event=EventFactory(name_en="Standards Day", name_zh_hans="标准日"),
    )
    new_article(organizations=organization)

    for texts in (
        {"en": "Zhao Liu", "zh-hans": "赵六"},
        {"en": "Standards Day", "zh-hans": "标准日"},
        ARTICLE_TITLES,
    ):
        assert_shown(client, "organization-detail", texts, slug=organization.slug)


def test_a_new_branch_is_on_the_organisation_page_at_once(client, participation):
    organization = participation.organization
    pages(client, "organization-detail", slug=organization.slug)

    OrganizationFactory(
        parent=organization, name_en="Shanghai Branch", name_zh_hans="上海分中心"
    )

    assert_shown(
        client,
        "organization-detail",
        {"en": "Shanghai Branch", "zh-hans": "上海分中心"},
        slug=organization.slug,
    )


def test_another_organisations_change_leaves_an_organisation_page_kept(
    client, participation
):
    other = OrganizationFactory()
    assert_kept(
        client,
        "organization-detail",
        lambda: rename(other, "Other Institute", "其他研究院"),
        slug=participation.organization.slug,
    )


# The home page, the news, the events ----------------------------------------------


def test_a_new_event_is_on_the_home_page_and_the_events_list_at_once(
    client, participation
):
    pages(client, "home")
    pages(client, "event-list")

    EventFactory(
        name_en="Coming Forum",
        name_zh_hans="即将举行的论坛",
        start_date=timezone.localdate() + datetime.timedelta(days=7),
    )

    texts = {"en": "Coming Forum", "zh-hans": "即将举行的论坛"}
    assert_shown(client, "home", texts)
    assert_shown(client, "event-list", texts)


def test_a_new_article_is_on_the_home_page_and_the_news_list_at_once(
    client, participation
):
    pages(client, "home")
    pages(client, "article-list")

    new_article()

    assert_shown(client, "home", ARTICLE_TITLES)
    assert_shown(client, "article-list", ARTICLE_TITLES)


def test_a_persons_change_leaves_the_home_page_and_news_list_kept(
    client, participation
):
    def change():
        rename(participation.person, "Li Si", "李四")

    assert_kept(client, "home", change)
    assert_kept(client, "article-list", change)


# Search ---------------------------------------------------------------------------


def test_a_new_or_edited_article_is_found_at_once(client, participation):
    def found(language, query):
        return public_html(client, url_in(language, "search") + f"?q={query}")

    article = participation.event.articles.get()
    assert "Forum report" not in found("en", "report")
    assert "论坛报道" not in found("zh-hans", "报道")

    new_article()
    article.title_en, article.title_zh_hans = "Annual report", "年度报道"
    article.save()

    assert "Forum report" in found("en", "report")
    assert "Annual report" in found("en", "report")
    assert "论坛报道" in found("zh-hans", "报道")
    assert "年度报道" in found("zh-hans", "报道")
