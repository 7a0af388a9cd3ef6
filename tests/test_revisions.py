"""Versions of articles: kept on every save, compared field by field, restored."""

import datetime

import pytest
from django.utils import timezone

from articles import revisions
from articles.models import Article, Revision
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_every_save_that_changes_something_keeps_a_version():
    article = ArticleFactory()
    assert article.revisions.count() == 1

    article.title_zh_hans = "新标题"
    article.save()
    article.save()  # nothing changed: no empty version

    latest = article.revisions.latest()
    assert latest.number == 2
    assert latest.changed_fields == ["title_zh_hans"]
    assert latest.snapshot["title_zh_hans"] == "新标题"
    assert latest.snapshot["title_en"] == article.title_en
    assert article.revisions.count() == 2


def test_a_snapshot_holds_both_languages_dates_pictures_and_relation_ids():
    event, organization = EventFactory(), OrganizationFactory()
    article = ArticleFactory()
    article.events.add(event)
    article.organizations.add(organization)

    state = article.revisions.latest().snapshot
    assert state["events"] == [event.pk]
    assert state["organizations"] == [organization.pk]
    assert state["body_zh_hans"] == article.body_zh_hans
    assert state["published_at"] == article.published_at.isoformat()
    assert state["cover_image"] == ""
    assert "title" not in state  # the untranslated original mirrors title_en
    assert "updated_at" not in state


def test_writes_inside_recording_make_one_version_by_one_user(admin_user):
    article = ArticleFactory()
    with revisions.recording(admin_user):
        article.title_en = "One"
        article.save()
        article.events.add(EventFactory())
        article.organizations.add(OrganizationFactory())

    latest = article.revisions.latest()
    assert latest.number == 2
    assert latest.created_by == admin_user
    assert set(latest.changed_fields) == {
        "title_en",
        "translation_status_zh_hans",  # outdated by the new English title
        "events",
        "organizations",
    }


def test_nothing_is_recorded_when_the_block_fails(admin_user):
    article = ArticleFactory()
    with pytest.raises(RuntimeError), revisions.recording(admin_user):
        article.title_en = "Half done"
        article.save()
        raise RuntimeError
    assert article.revisions.count() == 1


def test_linking_from_the_other_side_is_recorded_on_the_article():
    article, event = ArticleFactory(), EventFactory()
    event.articles.add(article)
    assert article.revisions.latest().changed_fields == ["events"]


def test_changes_since_lists_the_versions_a_form_did_not_see():
    article = ArticleFactory()
    for title in ("Two", "Three"):
        article.title_en = title
        article.save()
    assert [r.number for r in revisions.changes_since(article, 1)] == [2, 3]
    assert revisions.changes_since(article, 3) == []


def test_restore_brings_back_the_text_as_a_new_version_but_not_the_publication(
    admin_user,
):
    first_event, second_event = EventFactory(), EventFactory()
    article = ArticleFactory(title_en="Original title", body_en="<p>Original.</p>")
    article.events.add(first_event)
    original = article.revisions.latest()

    article.title_en = "Rewritten title"
    article.body_en = "<p>Rewritten.</p>"
    article.status = Article.Status.DRAFT
    article.slug = "rewritten"
    article.save()
    article.events.set([second_event])
    replaced = article.revisions.latest()

    revisions.restore(original, user=admin_user)

    article.refresh_from_db()
    assert article.title_en == "Original title"
    assert article.body_en == "<p>Original.</p>"
    assert list(article.events.all()) == [first_event]
    # Whether and where readers see it is not restored.
    assert article.status == Article.Status.DRAFT
    assert article.slug == "rewritten"
    latest = article.revisions.latest()
    assert latest.restored_from == original.number
    assert latest.created_by == admin_user
    assert latest.number == replaced.number + 1


def test_restore_drops_relations_to_objects_deleted_since(admin_user):
    event = EventFactory()
    article = ArticleFactory()
    article.events.add(event)
    version = article.revisions.latest()
    event.delete()

    revisions.restore(version, user=admin_user)
    assert not article.events.exists()


def test_compare_marks_removed_and_added_words_and_names_the_fields():
    article = ArticleFactory(title_en="CQC visits the forum")
    before = revisions.snapshot(article)
    article.title_en = "CQC opens the forum"
    article.title_zh_hans = "中国质量认证中心出席论坛"
    article.published_at = timezone.make_aware(datetime.datetime(2024, 3, 1, 9, 30))
    after = revisions.snapshot(article)

    changes = {change.name: change for change in revisions.compare(before, after)}

    assert set(changes) == {"title_en", "title_zh_hans", "published_at"}
    title = changes["title_en"]
    assert title.label == "Title (English)"
    assert "<del>visits</del>" in title.old
    assert "<ins>opens</ins>" in title.new
    assert changes["title_zh_hans"].label == "Title (Simplified Chinese)"
    # Chinese is compared character by character: the shared start is kept.
    assert changes["title_zh_hans"].new == "中国质量认证中心<ins>出席论坛</ins>"


def test_compare_escapes_text_and_reads_rich_text_without_markup():
    before = {"body_en": "<p>Safe &amp; sound</p>"}
    after = {"body_en": "<p>Safe &amp; <b>loud</b></p>"}
    (change,) = revisions.compare(before, after)
    assert "&amp;" in change.old
    assert "<b>" not in change.new and "<del>sound</del>" in change.old


def test_describe_names_who_saved_and_what_was_restored(admin_user):
    article = ArticleFactory()
    revision = Revision(
        article=article,
        number=4,
        created_by=admin_user,
        created_at=timezone.now(),
        restored_from=2,
        snapshot={},
    )
    text = revisions.describe(revision)
    assert text.startswith("Version 4, ")
    assert f"by {admin_user}: restored version 2" in text


def test_a_version_naming_a_field_removed_since_still_compares():
    (change,) = revisions.compare({"subtitle": "Old"}, {"subtitle": "New"})
    assert change.label == "subtitle"
    assert "<del>Old</del>" in change.old and "<ins>New</ins>" in change.new
