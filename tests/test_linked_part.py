"""
An article page's linked part (its events, participants, organisations and
corrections) is cached between changes to what it shows, and only those
(articles/linked.py).

Pages are fetched without the page cache, as right after an edit, when the
page cache has started over: what the page shows comes from the linked
part's own cache or from the database, and must be the current data.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Correction, Participation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
)
from tests.pages import public_html, url_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("without_page_cache"),
]

#: Queries of an article page whose linked part is cached: the article (its
#: neighbours in reading order are kept too, until one of them moves).
CACHED_PART_QUERIES = 1


@pytest.fixture
def article():
    article = ArticleFactory()
    participation = ParticipationFactory(role_en="Vice President")
    article.events.add(participation.event)
    article.organizations.add(OrganizationFactory(name_en="Japan Quality Assurance"))
    return article


def page(client, article, language="en"):
    return public_html(client, url_in(language, "article-detail", slug=article.slug))


def linked_version(article):
    return Article.objects.get(pk=article.pk).linked_version


def test_part_is_read_from_the_cache_once_rendered(
    client, article, django_assert_num_queries
):
    first = page(client, article)
    with django_assert_num_queries(CACHED_PART_QUERIES):
        again = page(client, article)
    assert again == first
    assert "Vice President" in again
    assert "Japan Quality Assurance" in again


def test_the_part_read_for_one_language_is_shown_in_the_other_in_its_words(
    client, article
):
    page(client, article, "en")
    with CaptureQueriesContext(connection) as queries:
        chinese = page(client, article, "zh-hans")
    assert "副主任" in chinese
    assert "Deputy Managing Director" not in chinese
    read = " ".join(query["sql"] for query in queries)
    assert "articles_event" not in read
    assert "articles_participation" not in read


def rename_event(article):
    event = article.events.get()
    event.name_en = "Renamed Forum"
    event.save()
    return "Renamed Forum"


def change_role(article):
    participation = article.events.get().participations.get()
    participation.role_en = "Secretary-General"
    participation.save()
    return "Secretary-General"


def rename_person(article):
    person = article.events.get().participations.get().person
    person.name_en = "Li Si"
    person.save()
    return "Li Si"


def rename_organisation(article):
    organization = article.organizations.get()
    organization.name_en = "JQA"
    organization.save()
    return "JQA"


def add_participant(article):
    ParticipationFactory(event=article.events.get(), role_en="Chief Engineer")
    return "Chief Engineer"


def add_correction(article):
    Correction.objects.create(article=article, note_en="The date was wrong.")
    return "The date was wrong."


def link_event_from_its_side(article):
    EventFactory(name_en="Standards Week").articles.add(article)
    return "Standards Week"


def link_organisation(article):
    article.organizations.add(OrganizationFactory(name_en="TÜV Rheinland"))
    return "TÜV Rheinland"


@pytest.mark.parametrize(
    "edit",
    [
        rename_event,
        change_role,
        rename_person,
        rename_organisation,
        add_participant,
        add_correction,
        link_event_from_its_side,
        link_organisation,
    ],
)
def test_an_edit_to_a_shown_record_is_shown_at_once(client, article, edit):
    page(client, article)
    assert edit(article) in page(client, article)


def remove_participant(article):
    article.events.get().participations.get().delete()
    return "Vice President"


def remove_correction(article):
    correction = Correction.objects.create(article=article, note_en="Soon gone.")
    correction.delete()
    return "Soon gone."


def delete_event(article):
    event = article.events.get()
    name = event.name_en
    event.participations.all().delete()
    event.delete()
    return name


def unlink_events(article):
    name = article.events.get().name_en
    article.events.clear()
    return name


def unlink_event_from_its_side(article):
    event = article.events.get()
    event.articles.clear()
    return event.name_en


def unlink_organisation(article):
    article.organizations.remove(article.organizations.get())
    return "Japan Quality Assurance"


@pytest.mark.parametrize(
    "edit",
    [
        remove_participant,
        remove_correction,
        delete_event,
        unlink_events,
        unlink_event_from_its_side,
        unlink_organisation,
    ],
)
def test_a_removed_record_leaves_at_once(client, article, edit):
    page(client, article)
    gone = edit(article)
    assert gone not in page(client, article)


def test_moving_a_participant_changes_both_events_articles(client, article):
    participation = article.events.get().participations.get()
    elsewhere = ArticleFactory()
    elsewhere.events.add(EventFactory())
    page(client, article)
    page(client, elsewhere)

    participation.event = elsewhere.events.get()
    participation.save()

    assert "Vice President" not in page(client, article)
    assert "Vice President" in page(client, elsewhere)


def test_moving_a_correction_changes_both_articles(client, article):
    correction = Correction.objects.create(article=article, note_en="Misfiled.")
    elsewhere = ArticleFactory()
    page(client, article)
    page(client, elsewhere)

    correction.article = elsewhere
    correction.save()

    assert "Misfiled." not in page(client, article)
    assert "Misfiled." in page(client, elsewhere)


def test_an_unrelated_edit_keeps_the_part(client, article):
    page(client, article)
    before = linked_version(article)

    other = ArticleFactory()
    other.events.add(ParticipationFactory().event)
    OrganizationFactory().save()

    assert linked_version(article) == before
    # The edit starts a new content version (the footer is read again), but
    # the article's events and people are not.
    with CaptureQueriesContext(connection) as queries:
        page(client, article)
    read = " ".join(query["sql"] for query in queries)
    assert "articles_event" not in read
    assert "articles_participation" not in read


def test_a_preview_is_never_kept(admin_client, article):
    """
    A change that raises no version and forgets no tag (an update without
    signals) shows on the next preview: nothing of the first was kept.
    """
    article.status = Article.Status.DRAFT
    article.save()
    preview = reverse("admin:articles_article_preview", args=[article.pk, "en"])
    assert "Vice President" in admin_client.get(preview).content.decode()

    Participation.objects.filter(event__articles=article).update(role_en="Treasurer")
    Article.objects.filter(pk=article.pk).update(title_en="Quietly Retitled")

    again = admin_client.get(preview).content.decode()
    assert "Treasurer" in again and "Vice President" not in again
    assert "Quietly Retitled" in again


def test_a_new_article_beside_a_kept_one_shows_in_its_links(client, article):
    """The article's part is kept, but the articles either side are read anew."""
    page(client, article)
    newer = ArticleFactory(published_at=article.published_at + timedelta(hours=1))

    html = page(client, article)

    assert f'href="{newer.get_absolute_url()}" rel="next"' in html
    assert "Vice President" in html


def test_a_renamed_neighbour_shows_in_a_kept_articles_links(client, article):
    older = ArticleFactory(published_at=article.published_at - timedelta(hours=1))
    page(client, article)
    older.title_en = "Renamed Neighbour"
    older.save()

    assert "Renamed Neighbour" in page(client, article)


def test_the_neighbours_read_for_one_language_link_the_other_in_its_words(
    client, article
):
    older = ArticleFactory(
        published_at=article.published_at - timedelta(hours=1),
        title_en="Older News",
        title_zh_hans="较早的新闻",
    )
    page(client, article, "en")
    with CaptureQueriesContext(connection) as queries:
        chinese = page(client, article, "zh-hans")
    articles_read = [q for q in queries if 'FROM "articles_article"' in q["sql"]]
    assert len(articles_read) == 1, "the article itself, not its neighbours again"
    assert f'href="{url_in("zh-hans", "article-detail", slug=older.slug)}"' in chinese
    assert "较早的新闻" in chinese and "Older News" not in chinese

    older.title_zh_hans = "改名的新闻"
    older.save()
    assert "改名的新闻" in page(client, article, "zh-hans")
