"""Versions of articles: kept on every save, compared field by field, restored."""

import datetime

import pytest
import reversion
from django.utils import timezone, translation
from reversion.models import Revision, Version

from articles import comparing, revisions
from articles.models import Article
from tests.factories import ArticleFactory, EventFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def latest(article):
    (version,) = revisions.history(article, 1)
    return version


def test_every_save_that_changes_something_keeps_a_version():
    article = ArticleFactory()
    assert revisions.latest_number(article) == 1

    article.title_zh_hans = "新标题"
    article.save()
    article.save()  # nothing changed: no empty version

    version = latest(article)
    assert version.number == 2
    assert version.changed_fields == ["title_zh_hans"]
    assert version.snapshot["title_zh_hans"] == "新标题"
    assert version.snapshot["title_en"] == article.title_en
    assert Version.objects.get_for_object(article).count() == 2


def test_a_snapshot_holds_both_languages_dates_pictures_and_relation_ids():
    event, organization = EventFactory(), OrganizationFactory()
    article = ArticleFactory(
        published_at=datetime.datetime(2024, 3, 1, 9, 30, tzinfo=datetime.UTC)
    )
    article.events.add(event)
    article.organizations.add(organization)

    state = latest(article).snapshot
    assert state["events"] == [event.pk]
    assert state["organizations"] == [organization.pk]
    assert state["body_zh_hans"] == article.body_zh_hans
    assert state["published_at"] == "2024-03-01T09:30:00Z"
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

    version = latest(article)
    assert version.number == 2
    assert version.created_by == admin_user
    assert set(version.changed_fields) == {
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
    assert revisions.latest_number(article) == 1


def test_linking_from_the_other_side_is_recorded_on_the_article():
    article, event = ArticleFactory(), EventFactory()
    event.articles.add(article)
    assert latest(article).changed_fields == ["events"]


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
    original = latest(article)

    article.title_en = "Rewritten title"
    article.body_en = "<p>Rewritten.</p>"
    article.status = Article.Status.DRAFT
    article.slug = "rewritten"
    article.save()
    article.events.set([second_event])
    replaced = latest(article)

    revisions.restore(original, user=admin_user)

    article.refresh_from_db()
    assert article.title_en == "Original title"
    assert article.body_en == "<p>Original.</p>"
    assert list(article.events.all()) == [first_event]
    # Whether and where readers see it is not restored.
    assert article.status == Article.Status.DRAFT
    assert article.slug == "rewritten"
    restored = latest(article)
    assert restored.restored_from == original.number
    assert restored.created_by == admin_user
    assert restored.number == replaced.number + 1
    assert restored.version.revision.comment == f"Restored version {original.number}"


def test_restore_drops_relations_to_objects_deleted_since(admin_user):
    event = EventFactory()
    article = ArticleFactory()
    article.events.add(event)
    version = latest(article)
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

    changes = {change.name: change for change in comparing.compare(before, after)}

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
    (change,) = comparing.compare(before, after)
    assert "&amp;" in change.old
    assert "<b>" not in change.new and "<del>sound</del>" in change.old


def test_describe_names_who_saved_and_what_was_restored(admin_user):
    revision = Revision(
        user=admin_user, date_created=timezone.now(), comment="Restored version 2"
    )
    version = revisions.ArticleVersion(4, Version(revision=revision), {}, [])
    text = revisions.describe(version)
    assert text.startswith("Version 4, ")
    assert f"by {admin_user}: restored version 2" in text


def test_a_version_naming_a_field_removed_since_still_compares():
    (change,) = comparing.compare({"subtitle": "Old"}, {"subtitle": "New"})
    assert change.label == "subtitle"
    assert "<del>Old</del>" in change.old and "<ins>New</ins>" in change.new


def test_versions_are_numbered_by_their_place_in_the_articles_history():
    article, other = ArticleFactory(), ArticleFactory()
    for title in ("第二", "第三"):
        article.title_zh_hans = title
        article.save()
        other.title_zh_hans = title
        other.save()

    assert [v.number for v in revisions.history(article, 30)] == [3, 2, 1]
    assert [v.number for v in revisions.history(article, 2)] == [3, 2]
    second = revisions.get_version(article, 2)
    assert second.snapshot["title_zh_hans"] == "第二"
    assert second.changed_fields == ["title_zh_hans"]
    assert revisions.get_version(article, 4) is None
    assert revisions.get_version(article, 0) is None


def test_versions_are_kept_by_reversion_with_who_saved_them(admin_user):
    article = ArticleFactory()
    with revisions.recording(admin_user):
        article.title_en = "Saved by the admin"
        article.save()

    version = Version.objects.get_for_object(article).first()
    assert version.revision.user == admin_user
    assert version.field_dict["title_en"] == "Saved by the admin"
    assert reversion.is_registered(Article)


def test_a_save_in_another_language_is_not_a_new_version():
    """Links are stored by id: their order never depends on who saves."""
    article = ArticleFactory()
    article.organizations.add(
        OrganizationFactory(name_en="Alpha", name_zh_hans="甲"),
        OrganizationFactory(name_en="Beta", name_zh_hans="乙"),
    )
    with translation.override("zh-hans"):
        article.save()
    assert revisions.latest_number(article) == 2


def test_a_time_set_in_another_zone_is_not_a_change():
    article = ArticleFactory(
        published_at=datetime.datetime(2024, 3, 1, 1, 30, tzinfo=datetime.UTC)
    )
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    article.published_at = datetime.datetime(2024, 3, 1, 9, 30, tzinfo=shanghai)
    article.save()

    assert revisions.latest_number(article) == 1
    assert (
        revisions.changed_fields(latest(article).snapshot, revisions.snapshot(article))
        == []
    )
