import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from articles.models import Article, Event
from tests.factories import ArticleFactory, EventFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_event_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(
            start_date=datetime.date(2024, 3, 2), end_date=datetime.date(2024, 3, 1)
        )


def test_slugs_are_unique():
    ArticleFactory(slug="same")
    with pytest.raises(IntegrityError):
        ArticleFactory(slug="same")


def test_draft_article_is_hidden_from_readers():
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert not Article.objects.published().exists()


def test_scheduled_article_goes_live_at_its_time():
    future = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(hours=1),
    )
    past = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(seconds=1),
    )
    assert list(Article.objects.published()) == [past]
    assert not future.is_published and past.is_published


def test_the_database_refuses_a_published_article_without_a_date():
    """Saving fills the date in (see workflow); the constraint guards other paths."""
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)


def test_the_database_stores_no_state_the_clock_could_outdate():
    """Scheduled is a published article with a date ahead, never a stored state."""
    article = ArticleFactory()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(status="scheduled")


def test_an_articles_state_follows_the_clock_in_python_and_in_the_database():
    now = timezone.now()
    ahead = ArticleFactory(published_at=now + datetime.timedelta(minutes=1))
    behind = ArticleFactory(published_at=now - datetime.timedelta(minutes=1))
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    later = now + datetime.timedelta(minutes=2)

    state = Article.PublicationState
    assert [a.publication_state(now) for a in (ahead, behind, draft)] == [
        state.SCHEDULED,
        state.PUBLISHED,
        state.DRAFT,
    ]
    assert ahead.publication_state(later) == state.PUBLISHED
    assert list(Article.objects.in_state(state.SCHEDULED, now)) == [ahead]
    assert not Article.objects.in_state(state.SCHEDULED, later).exists()
    assert Article.objects.state_counts(now) == {
        "draft": 1,
        "scheduled": 1,
        "published": 1,
    }
    assert Article.objects.state_counts(later)["published"] == 2
    assert Article.objects.next_publication(now) == ahead.published_at
    assert Article.objects.next_publication(later) is None


def test_event_ending_today_is_upcoming_and_yesterday_is_past():
    today = datetime.date(2024, 3, 10)
    ends_today = EventFactory(
        start_date=today - datetime.timedelta(days=1), end_date=today
    )
    yesterday = EventFactory(start_date=today - datetime.timedelta(days=1))
    assert list(Event.objects.upcoming(today)) == [ends_today]
    assert list(Event.objects.past(today)) == [yesterday]


def test_missing_chinese_title_falls_back_to_english():
    article = ArticleFactory(title_zh_hans="")
    with translation.override("zh-hans"):
        assert article.title == article.title_en
        assert not article.is_available_in()
    assert article.is_available_in("en")


def test_honorific_precedes_the_name_in_english_and_follows_it_in_chinese():
    person = PersonFactory(
        name_en="Haizhou Wang",
        name_zh_hans="王海舟",
        honorific_en="Academician",
        honorific_zh_hans="院士",
    )
    assert person.display_name == "Academician Haizhou Wang"
    with translation.override("zh-hans"):
        assert person.display_name == "王海舟院士"


def test_existing_content_keeps_english_as_its_source_and_its_true_state(
    transactional_db,
):
    """
    Migrating a site that has content: every row gets English as its source,
    a stored "scheduled" becomes "published" (its date still ahead, it is
    scheduled by that alone) and the translators keep their group, now
    named for the language they translate into. (``transactional_db``: the
    migrations run outside a test transaction, and the browser tests'
    ordering keeps this test with the others that empty the database.)
    """
    before = [("articles", "0008_search_index_windows")]
    after = [("articles", "0010_translators_per_language")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        ahead = timezone.now() + datetime.timedelta(days=1)
        old.get_model("articles", "Article").objects.create(
            slug="waiting",
            title="Waiting",
            title_en="Waiting",
            status="scheduled",
            published_at=ahead,
        )
        old.get_model("articles", "Person").objects.create(
            slug="someone", name="Someone", name_en="Someone"
        )
        translator = old.get_model("auth", "User").objects.create(username="translator")
        # A test that emptied the database before this one took the group
        # that an earlier migration made.
        group, _created = old.get_model("auth", "Group").objects.get_or_create(
            name="Translators"
        )
        translator.groups.add(group)

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        article = new.get_model("articles", "Article").objects.get(slug="waiting")
        person = new.get_model("articles", "Person").objects.get(slug="someone")
        user = new.get_model("auth", "User").objects.get(username="translator")

        assert (article.source_language, person.source_language) == ("en", "en")
        assert (article.status, article.published_at) == ("published", ahead)
        assert list(user.groups.values_list("name", flat=True)) == [
            "Translators into Chinese"
        ]
    finally:
        # Whatever happened, the next tests find the schema of today.
        call_command("migrate", "articles", verbosity=0)
    assert Article.objects.get(slug="waiting").is_scheduled
