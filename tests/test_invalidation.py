"""
The invalidation map (articles/invalidation.py): for each kind of change,
which cached pages it forgets, and that it keeps every other one.

A small site is rendered into the cache, one change is made, and every page
is asked for again: a page served from the cache runs no query and renders
no template, a forgotten one is rendered again. Each test pins both sides,
the pages forgotten and the pages kept, in English and in Chinese.
"""

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from reversion.models import Revision, Version

from articles import invalidation, revisions
from articles.models import Article, Correction, Event, PersonAlias
from cqcnews import tags
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.pages import url_in

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1
PRESS_RELEASE = (
    Path(__file__).resolve().parent
    / "data"
    / "press_releases"
    / "02_cqc-yiwu-strategic-agreement.txt"
)


class Site:
    """
    Two published articles next to each other (``article`` and ``older``),
    a draft, an event with a participant, an organisation named by the
    article, a draft event of an import, and a footer page.
    """

    def __init__(self):
        moment = timezone.make_aware(datetime.datetime(LAST_YEAR, 6, 1, 12))
        self.older = ArticleFactory(
            published_at=moment - datetime.timedelta(days=1), title_en="Older news"
        )
        self.article = ArticleFactory(published_at=moment, title_en="Forum in Fuzhou")
        self.draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        self.participation = ParticipationFactory(
            event__start_date=datetime.date(LAST_YEAR, 5, 30)
        )
        self.event = self.participation.event
        self.person = self.participation.person
        self.organization = self.participation.organization
        self.named = OrganizationFactory()
        self.article.events.add(self.event)
        self.article.organizations.add(self.named)
        self.draft_event = EventFactory(status=Event.Status.DRAFT)
        self.lonely = OrganizationFactory()
        self.footer_page = PageFactory()

    def pages(self):
        """``{name: address}`` of every page type, the article in both languages."""
        year = self.article.published_at.year
        return {
            "home": url_in("en", "home"),
            "home zh": url_in("zh-hans", "home"),
            "news": url_in("en", "article-list"),
            "news zh": url_in("zh-hans", "article-list"),
            "year": url_in("en", "article-year", year=year),
            "article": url_in("en", "article-detail", slug=self.article.slug),
            "article zh": url_in("zh-hans", "article-detail", slug=self.article.slug),
            "older": url_in("en", "article-detail", slug=self.older.slug),
            "events": url_in("en", "event-list"),
            "event": url_in("en", "event-detail", slug=self.event.slug),
            "person": url_in("en", "person-detail", slug=self.person.slug),
            "organization": url_in(
                "en", "organization-detail", slug=self.organization.slug
            ),
            "organization people": url_in(
                "en", "organization-people", slug=self.organization.slug
            ),
            "named": url_in("en", "organization-detail", slug=self.named.slug),
            "lonely": url_in("en", "organization-detail", slug=self.lonely.slug),
            "footer page": url_in("en", "page-detail", slug=self.footer_page.slug),
            "search": url_in("en", "search") + "?q=Fuzhou",
            "feed": url_in("en", "feed"),
        }


@pytest.fixture
def site():
    return Site()


def forgotten(client, site, change, gone=(), more=None):
    """
    The names of the pages that ``change()`` forgot; the others were kept.
    The pages ``gone`` (deleted) are not asked for again; ``more`` adds
    pages to the site's.
    """
    pages = {**site.pages(), **(more or {})}
    for address in pages.values():
        response = client.get(address)
        assert response.status_code == 200, address
    change()
    rendered = set()
    for name, address in pages.items():
        if name in gone:
            continue
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        # A page whose parts were all kept renders its template with no query.
        if queries or response.templates:
            rendered.add(name)
    return rendered


ARTICLE_PAGES = {"article", "article zh"}
NEWS_PAGES = {"home", "home zh", "news", "news zh", "year", "feed"}


def test_an_edit_to_a_published_article_forgets_the_pages_showing_it(client, site):
    def change():
        site.article.title_en = "Forum closes in Fuzhou"
        site.article.save()

    assert forgotten(client, site, change) == {
        *ARTICLE_PAGES,
        *NEWS_PAGES,
        "older",  # its "next article" link
        "event",  # its news
        "person",  # the event's news under the person's part
        "named",  # the news naming the organisation
        "search",  # its words
    }


def test_an_edit_to_a_draft_forgets_nothing(client, site):
    def change():
        site.draft.title_en = "Still a draft"
        site.draft.body_en = "<p>Rewritten.</p>"
        site.draft.save()
        site.draft.events.add(site.event)
        site.draft.organizations.add(site.named)

    assert forgotten(client, site, change) == set()


def test_publishing_a_draft_forgets_the_lists_it_enters(client, site):
    site.draft.events.add(site.event)

    def change():
        site.draft.status = Article.Status.PUBLISHED
        site.draft.published_at = timezone.now() - datetime.timedelta(hours=1)
        site.draft.save()

    assert forgotten(client, site, change) == {
        "home",
        "home zh",
        "news",
        "news zh",
        "feed",
        "search",
        "article",  # the newest before it: now its "next article" link
        "article zh",
        "event",  # the event's news
        "person",
        "year",  # the years with news: this year is new
    }


def test_unpublishing_an_article_forgets_the_lists_it_leaves(client, site):
    def change():
        site.article.status = Article.Status.DRAFT
        site.article.save()

    assert forgotten(client, site, change, gone=ARTICLE_PAGES) == {
        *NEWS_PAGES,
        "older",
        "event",
        "person",
        "named",
        "search",
    }


def test_scheduling_a_draft_forgets_nothing_until_its_time(client, site):
    def change():
        site.draft.status = Article.Status.PUBLISHED
        site.draft.published_at = timezone.now() + datetime.timedelta(days=1)
        site.draft.save()

    assert forgotten(client, site, change) == set()
    assert tags.Clock.read().next <= site.draft.published_at.timestamp()


def test_a_scheduled_article_going_live_forgets_the_lists_it_enters(site):
    start = timezone.now()
    scheduled = ArticleFactory(published_at=start + datetime.timedelta(minutes=1))
    changed = invalidation.changes_between(start, start + datetime.timedelta(hours=1))
    assert {"news", "search", f"article-{scheduled.pk}"} <= changed
    assert f"article-{site.article.pk}" not in changed


def test_a_new_day_forgets_what_is_upcoming():
    start = timezone.make_aware(datetime.datetime(LAST_YEAR, 3, 1, 23, 59))
    assert "today" in invalidation.changes_between(
        start, start + datetime.timedelta(minutes=2)
    )


def test_deleting_an_article_forgets_the_pages_showing_it(client, site):
    def change():
        site.older.delete()

    assert forgotten(client, site, change, gone={"older"}) == {
        *NEWS_PAGES,
        *ARTICLE_PAGES,  # its "previous article" link
        "search",
    }


def test_renaming_an_event_forgets_the_pages_showing_it(client, site):
    def change():
        site.event.name_en = "Quality Summit"
        site.event.save()

    assert forgotten(client, site, change) == {
        *ARTICLE_PAGES,  # its linked part
        "home",
        "home zh",  # recent events
        "events",
        "event",
        "person",
        "organization",
        "organization people",
    }


def test_an_edit_to_a_draft_event_forgets_nothing(client, site):
    def change():
        site.draft_event.name_en = "Proposed forum"
        site.draft_event.save()
        ParticipationFactory(event=site.draft_event, person=site.person)
        site.draft_event.organisers.add(site.organization)

    assert forgotten(client, site, change) == set()


def test_renaming_a_person_forgets_the_pages_showing_them(client, site):
    def change():
        site.person.name_en = "Li Si"
        site.person.save()

    assert forgotten(client, site, change) == {
        *ARTICLE_PAGES,
        "event",
        "person",
        "organization",
        "organization people",
    }


def test_a_new_person_forgets_nothing(client, site):
    assert forgotten(client, site, PersonFactory) == set()


def test_renaming_an_organisation_forgets_the_pages_showing_it(client, site):
    def change():
        site.named.name_en = "Japan Quality Assurance"
        site.named.save()

    assert forgotten(client, site, change) == {*ARTICLE_PAGES, "named"}


def test_a_new_branch_forgets_its_parents_page(client, site):
    def change():
        OrganizationFactory(parent=site.lonely)

    assert forgotten(client, site, change) == {"lonely"}


def test_changing_a_role_forgets_the_pages_showing_it(client, site):
    def change():
        site.participation.role_en = "Secretary-General"
        site.participation.save()

    assert forgotten(client, site, change) == {
        *ARTICLE_PAGES,
        "event",
        "person",
        "organization",
        "organization people",
    }


def test_a_correction_forgets_its_articles_pages(client, site):
    def change():
        Correction.objects.create(article=site.article, note_en="The date was wrong.")

    assert forgotten(client, site, change) == ARTICLE_PAGES


def test_linking_an_organisation_forgets_the_article_and_the_organisations_news(
    client, site
):
    def change():
        site.article.organizations.add(site.lonely)

    assert forgotten(client, site, change) == {*ARTICLE_PAGES, "lonely"}


def test_unlinking_from_the_events_side_forgets_both_ends(client, site):
    def change():
        site.event.articles.clear()

    assert forgotten(client, site, change) == {*ARTICLE_PAGES, "event", "person"}


def test_an_organiser_forgets_the_event_and_the_organisation(client, site):
    def change():
        site.event.organisers.add(site.lonely)

    assert forgotten(client, site, change) == {"event", "lonely"}


def test_a_footer_pages_body_forgets_its_own_page_only(client, site):
    def change():
        site.footer_page.body_en = "<p>New text.</p>"
        site.footer_page.save()

    assert forgotten(client, site, change) == {"footer page"}


def test_a_footer_pages_title_forgets_every_page(client, site):
    def change():
        site.footer_page.title_en = "About CQC"
        site.footer_page.save()

    assert forgotten(client, site, change) == set(site.pages()) - {"feed"}


def test_revisions_and_aliases_forget_nothing(client, site):
    def change():
        Version.objects.create(
            revision=Revision.objects.create(date_created=timezone.now()),
            content_type=ContentType.objects.get_for_model(Article),
            object_id=str(site.article.pk),
            db="default",
            format=revisions.FORMAT,
            serialized_data=serializers.serialize(revisions.FORMAT, [site.article]),
            object_repr=str(site.article),
        )
        PersonAlias.objects.create(person=site.person, name="Zhang the Third")

    assert forgotten(client, site, change) == set()


def test_an_import_forgets_nothing(client, site, tmp_path):
    """
    A press release imported: a draft article, a draft event, and the part
    a person of the site took in it, all for an editor to review.
    """
    known = PersonFactory(name_en="Liu Jiang", name_zh_hans="刘江", slug="liu-jiang")
    person_page = {"liu jiang": url_in("en", "person-detail", slug=known.slug)}

    def change():
        call_command(
            "import_documents",
            str(PRESS_RELEASE),
            report=tmp_path / "report.md",
            stdout=StringIO(),
            stderr=StringIO(),
        )
        assert Event.objects.get(participations__person=known).status == "draft"

    assert forgotten(client, site, change, more=person_page) == set()


def test_an_editors_preview_forgets_nothing(admin_client, client, site):
    preview = reverse("admin:articles_article_preview", args=[site.draft.pk, "en"])

    def change():
        assert admin_client.get(preview).status_code == 200

    assert forgotten(Client(), site, change) == set()
