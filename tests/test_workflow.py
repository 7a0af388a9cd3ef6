"""
The editor's workflow, driven through the admin as editors drive it: open
the page, change its form as it stands in the HTML (read by WebTest, inlines'
management forms included) and press Save.
"""

import datetime
import io
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from webtest import Upload

from articles import revisions, workflow
from articles.languages import field_suffix
from articles.models import Article, Correction, Page, TranslationStatus
from tests.factories import ArticleFactory, PageFactory
from tests.pages import admin_form, admin_url, change_url

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"
PASSWORD = "correct horse battery staple"

SCRIPTED_BODY = (
    "<h2>Heading</h2>"
    "<p>Text<script>alert(1)</script></p>"
    '<p><img src="https://example.org/x.jpg" alt="ok" onerror="alert(2)"></p>'
    '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline"></p>'
    '<p><a href="javascript:alert(3)">bad link</a> '
    '<a href="https://www.cqc.com.cn/">good link</a></p>'
    '<iframe src="https://example.org/"></iframe>'
    "<style>body { display: none }</style>"
    "<ul><li>item</li></ul>"
    "<table><tbody><tr><td>cell</td></tr></tbody></table>"
)


# Driving the admin ---------------------------------------------------------


def article_form(client, article=None):
    """The add page's form, or ``article``'s change form, in ``client``'s session."""
    url = change_url(article) if article else admin_url(Article, "add")
    return admin_form(client, url, "article_form")


def fill(form, **changes):
    """``form`` with ``changes`` typed, chosen or attached, ready to submit."""
    for name, value in changes.items():
        form[name] = value
    return form


def save(client, article=None, **changes):
    """Open the add or change page, change ``changes``, and press Save."""
    return fill(article_form(client, article), **changes).submit("_save")


def submit_with(form, **fields):
    """
    Press Save on ``form``, sending with it ``fields`` that its page does not
    hold: what the admin's scripts add, or what a forged request adds.
    """
    sent = [
        (name, value)
        for name, value in form.submit_fields("_save")
        if name not in fields
    ]
    return form.response.goto(
        form.action,
        method="post",
        params=sent + list(fields.items()),
        content_type=form.enctype,
    )


def user_in(group_name, username):
    user = get_user_model().objects.create_user(
        username, password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(client):
    client.force_login(user_in("Editors", "editor"))
    return client


@pytest.fixture
def translator(client):
    client.force_login(user_in("Translators into Chinese", "translator"))
    return client


def new_article_data(**changes):
    return {
        "title_en": "CQC signs an agreement",
        "title_zh_hans": "中国质量认证中心签署协议",
        "slug": "cqc-signs-an-agreement",
        "body_en": "<p>Signed.</p>",
        **changes,
    }


# 1. Status and time ----------------------------------------------------------


def test_a_new_article_is_a_draft_until_an_editor_publishes_it(editor):
    response = save(editor, **new_article_data())
    assert response.status_code == 302
    article = Article.objects.get(slug="cqc-signs-an-agreement")
    assert article.status == Article.Status.DRAFT
    assert not article.is_published


def saved_for_tomorrow(editor, status):
    """The new article, saved by ``editor`` as ``status`` for 9:00 tomorrow."""
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    save(
        editor,
        **new_article_data(
            status=status,
            published_at_0=tomorrow.date().isoformat(),
            published_at_1="09:00:00",
        ),
    )
    return Article.objects.get(slug="cqc-signs-an-agreement")


def test_publishing_with_a_future_date_schedules_the_article(editor):
    article = saved_for_tomorrow(editor, "published")
    assert article.status == Article.Status.PUBLISHED  # what is stored
    assert article.publication_state() == Article.PublicationState.SCHEDULED
    assert not Article.objects.published().filter(pk=article.pk).exists()


def test_a_scheduled_article_goes_live_by_itself_when_its_time_comes():
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert article.is_scheduled
    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publishing_without_a_date_publishes_now(editor):
    before = timezone.now()
    save(editor, **new_article_data(status="published"))
    article = Article.objects.get(slug="cqc-signs-an-agreement")
    assert article.status == Article.Status.PUBLISHED
    assert before <= article.published_at <= timezone.now()
    assert article.is_published


def test_scheduling_without_a_date_is_refused_rather_than_published(editor):
    response = save(editor, **new_article_data(status="scheduled"))
    assert response.status_code == 200
    assert "A scheduled article needs the time it goes live." in response.text
    assert not Article.objects.filter(slug="cqc-signs-an-agreement").exists()


def test_the_unpublish_button_takes_an_article_back_to_draft(editor):
    article = ArticleFactory()
    page = editor.get(change_url(article))
    assert admin_url(Article, "unpublish", article.pk) in page.text

    response = editor.post(admin_url(Article, "unpublish", article.pk))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    assert article.published_at is not None  # kept for when it returns
    assert editor.get(article.get_absolute_url()).status_code == 404


def test_unpublishing_takes_a_post(editor):
    article = ArticleFactory()
    assert editor.get(admin_url(Article, "unpublish", article.pk)).status_code == 405
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_unpublish_action_unpublishes_the_selected_articles(editor):
    first, second, untouched = ArticleFactory(), ArticleFactory(), ArticleFactory()
    response = editor.post(
        reverse("admin:articles_article_changelist"),
        {"action": "unpublish_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    statuses = dict(Article.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == Article.Status.DRAFT
    assert statuses[untouched.pk] == Article.Status.PUBLISHED


def test_staff_preview_a_draft_in_both_languages(editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    page = editor.get(change_url(article))
    assert "Preview in English" in page.text and "中文预览" in page.text

    english = editor.get(admin_url(Article, "preview", article.pk, "en"))
    chinese = editor.get(admin_url(Article, "preview", article.pk, "zh-hans"))

    assert english.status_code == chinese.status_code == 200
    assert article.title_en in english.text
    assert article.title_zh_hans in chinese.text
    assert english["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in english["Cache-Control"]
    assert editor.get(article.get_absolute_url()).status_code == 404


def test_preview_is_for_staff_only(client):
    article = ArticleFactory(status=Article.Status.DRAFT)
    response = client.get(admin_url(Article, "preview", article.pk, "en"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


# 2. Rich text ---------------------------------------------------------------


def assert_sanitised(html):
    for dropped in ("<script", "alert(", "javascript:", "<iframe", "<style", "data:"):
        assert dropped not in html
    for kept in (
        "<h2>Heading</h2>",
        "<ul><li>item</li></ul>",
        "<td>cell</td>",
        '<a href="https://www.cqc.com.cn/">good link</a>',
        'src="https://example.org/x.jpg"',
    ):
        assert kept in html


def test_rich_text_is_sanitised_on_every_save_not_only_in_forms():
    article = ArticleFactory(body_en=SCRIPTED_BODY, body_zh_hans=SCRIPTED_BODY)
    page = PageFactory(body_en=SCRIPTED_BODY)
    stored = Article.objects.values("body", "body_en", "body_zh_hans").get()
    for html in (*stored.values(), Page.objects.get(pk=page.pk).body_en):
        assert_sanitised(html)
    assert article.body_en == stored["body_en"]


def test_pictures_in_the_body_load_lazily():
    article = ArticleFactory(body_en='<p><img src="https://example.org/x.jpg"></p>')
    assert '<img loading="lazy" decoding="async" src=' in article.body_en
    article.save()  # sanitising again does not pile attributes up
    assert article.body_en.count("loading=") == 1


def test_the_admin_form_stores_no_script_either(editor):
    save(editor, **new_article_data(body_en=SCRIPTED_BODY))
    assert_sanitised(Article.objects.get(slug="cqc-signs-an-agreement").body_en)


# 3. Images in the admin -----------------------------------------------------


def jpeg(size=(64, 48)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, "JPEG")
    return Upload("cover.jpg", buffer.getvalue(), "image/jpeg")


def test_a_text_file_called_jpg_is_refused_with_a_clear_error(editor, media_root):
    fake = Upload("cover.jpg", b"Not a picture at all.", "image/jpeg")
    response = save(editor, **new_article_data(cover_image=fake))
    assert response.status_code == 200
    assert "“cover.jpg” is not a picture" in response.text
    assert not Article.objects.exists()


def test_a_cover_image_needs_a_description_in_both_languages(editor, media_root):
    response = save(
        editor, **new_article_data(cover_image=jpeg(), cover_alt_en="A green card")
    )
    assert response.status_code == 200
    assert (
        "Describe the cover image in Simplified Chinese for readers who cannot see it."
        in response.text
    )
    assert not Article.objects.exists()

    save(
        editor,
        **new_article_data(
            cover_image=jpeg(),
            cover_alt_en="A green card",
            cover_alt_zh_hans="绿色卡片",
        ),
    )
    article = Article.objects.get()
    assert (article.cover_width, article.cover_height) == (64, 48)


# 4. Versions ----------------------------------------------------------------


def test_each_admin_save_keeps_one_version_with_who_and_what(editor):
    article = ArticleFactory()
    save(editor, article, title_en="A better title")

    (latest,) = revisions.history(article, 1)
    assert latest.number == 2
    assert latest.created_by.username == "editor"
    assert "title_en" in latest.changed_fields
    page = editor.get(change_url(article))
    assert "History" in page.text
    assert "Version 2" in page.text and "Title (English)" in page.text


def test_editors_compare_two_versions_field_by_field(editor):
    article = ArticleFactory(title_en="CQC visits the forum")
    save(editor, article, title_en="CQC opens the forum")

    response = editor.get(admin_url(Article, "compare", article.pk) + "?a=1&b=2")
    assert response.status_code == 200
    assert "Title (English)" in response.text
    assert "<del>visits</del>" in response.text
    assert "<ins>opens</ins>" in response.text


def test_restoring_a_version_makes_a_new_version(editor):
    article = ArticleFactory(title_en="The first title")
    save(editor, article, title_en="The second title")

    confirm = editor.get(admin_url(Article, "restore", article.pk, 1))
    assert confirm.status_code == 200
    assert "<del>second</del>" in confirm.text or "<ins>first</ins>" in confirm.text
    response = editor.post(admin_url(Article, "restore", article.pk, 1))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "The first title"
    (latest,) = revisions.history(article, 1)
    assert (latest.number, latest.restored_from) == (3, 1)


# 5. No lost update -----------------------------------------------------------


def test_a_save_over_a_newer_one_is_refused_and_shows_what_changed():
    article = ArticleFactory(title_en="The title", standfirst_en="The standfirst.")
    wang, li = Client(), Client()
    wang.force_login(user_in("Editors", "wang"))
    li.force_login(user_in("Editors", "li"))
    wang_form, li_form = article_form(wang, article), article_form(li, article)

    assert fill(wang_form, title_en="Wang's title").submit("_save").status_code == 302

    refused = fill(li_form, standfirst_en="Li's standfirst.").submit("_save")

    assert refused.status_code == 200
    assert "This article was changed by wang since you opened it" in refused.text
    assert "Title (English) is now: Wang&#x27;s title" in refused.text
    article.refresh_from_db()
    assert article.title_en == "Wang's title"
    assert article.standfirst_en == "The standfirst."
    # The editor's own text is still in the form.
    assert "Li&#x27;s standfirst." in refused.text

    # Having read the other changes, saving again is a deliberate choice.
    resave = refused.forms["article_form"].submit("_save")
    assert resave.status_code == 302
    article.refresh_from_db()
    assert article.standfirst_en == "Li's standfirst."


def test_the_translators_page_is_version_checked_too(translator):
    article = ArticleFactory()
    form = translator.get(admin_url(Article, "translate", article.pk)).context["form"]
    loaded = form["loaded_revision"].value()
    article.title_zh_hans = "别人改过"
    article.save()

    response = translator.post(
        admin_url(Article, "translate", article.pk),
        {
            "loaded_revision": loaded,
            "title_zh_hans": "我的译文",
            "translation_status_zh_hans": "draft",
        },
    )
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.title_zh_hans == "别人改过"


# 6. Translation workflow -------------------------------------------------------


def test_changing_the_english_text_outdates_a_reviewed_translation(editor):
    article = ArticleFactory()
    assert article.translation_status_zh_hans == TranslationStatus.REVIEWED

    save(editor, article, body_en="<p>A new paragraph in English.</p>")

    article.refresh_from_db()
    assert article.translation_status_zh_hans == TranslationStatus.OUTDATED
    changelist = editor.get(
        reverse("admin:articles_article_changelist"),
        {"translation_status_zh_hans__exact": "outdated"},
    )
    assert list(changelist.context["cl"].result_list) == [article]
    reader = editor.get(f"/zh-hans/news/{article.slug}/")
    assert reader.context["text"]["notice"] == "outdated"


def test_changing_only_the_chinese_text_keeps_it_reviewed(editor):
    article = ArticleFactory()
    save(editor, article, title_zh_hans="新的中文标题")
    article.refresh_from_db()
    assert article.translation_status_zh_hans == TranslationStatus.REVIEWED


def test_the_translator_sees_english_beside_chinese_and_saves_the_chinese(translator):
    article = ArticleFactory(translation_status_zh_hans=TranslationStatus.OUTDATED)
    page = translator.get(admin_url(Article, "translate", article.pk))
    assert page.status_code == 200
    assert article.body_en in page.text  # the English, read-only, as HTML
    assert "title_en" not in page.context["form"].fields

    data = {
        "loaded_revision": page.context["form"]["loaded_revision"].value(),
        "title_zh_hans": "修订后的标题",
        "standfirst_zh_hans": article.standfirst_zh_hans,
        "body_zh_hans": "<p>修订后的正文。</p>",
        "translation_status_zh_hans": "reviewed",
        "title_en": "A translator cannot change this",
    }
    response = translator.post(admin_url(Article, "translate", article.pk), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_zh_hans == "修订后的标题"
    assert article.translation_status_zh_hans == TranslationStatus.REVIEWED
    assert article.title_en != "A translator cannot change this"
    (latest,) = revisions.history(article, 1)
    assert latest.created_by.username == "translator"


def test_translators_edit_only_chinese_and_cannot_publish_or_delete(translator):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    page = translator.get(change_url(article))
    form = page.context["adminform"].form
    assert set(form.fields) >= {
        "title_zh_hans",
        "body_zh_hans",
        "translation_status_zh_hans",
    }
    for locked in ("title_en", "body_en", "status", "published_at", "slug"):
        assert locked not in form.fields
    assert admin_url(Article, "unpublish", article.pk) not in page.text

    form = fill(article_form(translator, article), title_zh_hans="译者的标题")
    forged = submit_with(form, title_en="Changed by a translator", status="published")
    assert forged.status_code == 302
    article.refresh_from_db()
    assert article.title_zh_hans == "译者的标题"
    assert article.title_en != "Changed by a translator"
    assert article.status == Article.Status.DRAFT

    delete = reverse("admin:articles_article_delete", args=[article.pk])
    assert translator.get(delete).status_code == 403
    assert (
        translator.post(admin_url(Article, "unpublish", article.pk)).status_code == 403
    )
    assert translator.get(reverse("admin:articles_article_add")).status_code == 403


def test_editors_may_publish(editor):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    save(editor, article, status="published")
    article.refresh_from_db()
    assert article.is_published


def test_the_groups_have_the_permissions_their_work_needs():
    def codenames(name):
        group = Group.objects.get(name=name)
        return set(group.permissions.values_list("codename", flat=True))

    editors = codenames("Editors")
    into_chinese = codenames("Translators into Chinese")
    into_english = codenames("Translators into English")
    assert {"publish_article", "add_article", "delete_article"} <= editors
    for translators in (into_chinese, into_english):
        assert {"change_article", "change_page", "change_event", "change_person"} <= (
            translators
        )
        assert not translators & {"publish_article", "delete_article", "add_article"}
    assert "translate_into_zh_hans" in into_chinese - into_english
    assert "translate_into_en" in into_english - into_chinese
    assert Permission.objects.filter(codename="publish_article").exists()


# 7. Import ----------------------------------------------------------------------


def test_translators_cannot_import(translator):
    assert translator.get(admin_url(Article, "import")).status_code == 403


# 9. Corrections -----------------------------------------------------------------


def test_a_dated_correction_is_added_from_the_article_page(editor):
    article = ArticleFactory()
    form = article_form(editor, article)
    prefix = next(
        inline.formset.prefix
        for inline in form.response.context["inline_admin_formsets"]
        if inline.formset.model is Correction
    )
    # The row that the inline's "Add another" adds, and counts.
    added = submit_with(
        form,
        **{
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-date": "2024-03-05",
            f"{prefix}-0-note_en": "The forum was on 14 July, not 13 July.",
            f"{prefix}-0-note_zh_hans": "论坛日期为7月14日，而非7月13日。",
        },
    )
    assert added.status_code == 302

    correction = article.corrections.get()
    assert correction.date == datetime.date(2024, 3, 5)
    assert correction.created_by.username == "editor"


def test_readers_see_the_corrections_under_the_article(client):
    article = ArticleFactory()
    Correction.objects.create(
        article=article,
        date=datetime.date(2024, 3, 6),
        note_en="A second correction.",
        note_zh_hans="第二处更正。",
    )
    Correction.objects.create(
        article=article,
        date=datetime.date(2024, 3, 5),
        note_en="A first correction.",
        note_zh_hans="第一处更正。",
    )
    english = client.get(article.get_absolute_url()).text
    assert "Corrections" in english
    assert english.index("A first correction.") < english.index("A second correction.")
    chinese = client.get(f"/zh-hans/news/{article.slug}/").text
    assert "第一处更正。" in chinese


# 10. Publication states, as of now ----------------------------------------------


def changelist(client, **params):
    response = client.get(reverse("admin:articles_article_changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def dashboard(client):
    """The editors' dashboard on the admin's index: its figures by label."""
    rows = client.get(reverse("admin:index")).context["newsroom"]
    return {str(row["label"]): row["count"] for row in rows}


def test_scheduling_with_a_date_stores_a_published_article_with_that_date(editor):
    article = saved_for_tomorrow(editor, "scheduled")
    assert article.status == Article.Status.PUBLISHED
    assert article.is_scheduled
    form = editor.get(change_url(article)).context["adminform"].form
    assert form["status"].value() == "scheduled"


def test_a_scheduled_article_goes_live_and_leaves_the_scheduled_filter_by_the_clock(
    editor, client, monkeypatch
):
    goes_live = timezone.now() + datetime.timedelta(hours=1)
    article = ArticleFactory(published_at=goes_live)
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    assert changelist(editor, publication="scheduled") == [article]
    assert changelist(editor, publication="published") == []
    assert (
        dashboard(editor).items()
        >= {"Draft": 1, "Scheduled": 1, "Published": 0}.items()
    )
    listing = editor.get(reverse("admin:articles_article_changelist"), {"_facets": ""})
    assert "Scheduled (1)" in listing.text and "Published (0)" in listing.text

    # An hour later, and nothing has run in between.
    later = goes_live + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert changelist(editor, publication="scheduled") == []
    assert changelist(editor, publication="published") == [article]
    assert (
        dashboard(editor).items()
        >= {"Draft": 1, "Scheduled": 0, "Published": 1}.items()
    )
    listing = editor.get(reverse("admin:articles_article_changelist"), {"_facets": ""})
    assert "Scheduled (0)" in listing.text and "Published (1)" in listing.text
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED  # nothing was rewritten
    assert article.is_published
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_the_dashboard_links_each_figure_to_the_list_it_counts(editor):
    ArticleFactory(
        source_language="zh-hans", translation_status_en=TranslationStatus.OUTDATED
    )
    rows = editor.get(reverse("admin:index")).context["newsroom"]
    for row in rows:
        listed = editor.get(row["url"]).context["cl"].result_count
        assert listed == row["count"], row["label"]
    assert dashboard(editor)["Needs translation into English"] == 1


def test_translators_without_the_articles_see_no_dashboard(client):
    client.force_login(
        get_user_model().objects.create_user("reader", password=PASSWORD, is_staff=True)
    )
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "newsroom" not in response.context


# 11. Source language --------------------------------------------------------------


@pytest.fixture
def english_translator(client):
    client.force_login(user_in("Translators into English", "english-translator"))
    return client


def chinese_source_article(**fields):
    return ArticleFactory(
        **{
            "source_language": "zh-hans",
            "translation_status_en": TranslationStatus.REVIEWED,
            "translation_status_zh_hans": TranslationStatus.REVIEWED,
            **fields,
        }
    )


def test_the_helpers_name_the_other_language_and_a_new_drafts_statuses():
    assert workflow.translation_language("en") == "zh-hans"
    assert workflow.translation_language("zh-hans") == "en"
    assert workflow.new_draft_statuses("zh-hans") == {
        "translation_status_zh_hans": TranslationStatus.DRAFT,
        "translation_status_en": TranslationStatus.MISSING,
    }
    article = ArticleFactory(
        source_language="zh-hans", **workflow.new_draft_statuses("zh-hans")
    )
    assert article.translation_language == "en"


def test_changing_the_chinese_of_a_chinese_source_article_outdates_its_english(
    editor,
):
    article = chinese_source_article()

    save(editor, article, body_zh_hans="<p>新增的一段中文。</p>")

    article.refresh_from_db()
    assert article.translation_status_en == TranslationStatus.OUTDATED
    assert article.translation_status_zh_hans == TranslationStatus.REVIEWED
    assert changelist(editor, needs_translation="en") == [article]
    assert changelist(editor, needs_translation="zh-hans") == []
    english = editor.get(f"/en/news/{article.slug}/")
    chinese = editor.get(f"/zh-hans/news/{article.slug}/")
    assert english.context["text"]["notice"] == "outdated"
    assert chinese.context["text"]["notice"] == ""


def test_changing_the_english_of_a_chinese_source_article_outdates_nothing(editor):
    article = chinese_source_article()
    save(editor, article, title_en="A better English title")
    article.refresh_from_db()
    assert article.translation_status_en == TranslationStatus.REVIEWED
    assert article.translation_status_zh_hans == TranslationStatus.REVIEWED


@pytest.mark.parametrize("source", ["en", "zh-hans"])
@pytest.mark.parametrize("model", list(workflow.SOURCE_TEXT_FIELDS), ids=str)
def test_every_translated_model_outdates_its_translation_from_its_source(model, source):
    from tests.factories import (
        EventFactory,
        OrganizationFactory,
        ParticipationFactory,
        PersonFactory,
    )

    factories = {
        Article: ArticleFactory,
        Page: PageFactory,
        workflow.Event: EventFactory,
        workflow.Person: PersonFactory,
        workflow.Organization: OrganizationFactory,
        workflow.Participation: ParticipationFactory,
    }
    reviewed = {
        "translation_status_en": TranslationStatus.REVIEWED,
        "translation_status_zh_hans": TranslationStatus.REVIEWED,
    }
    if model is workflow.Participation:
        obj = ParticipationFactory(
            event=EventFactory(source_language=source), **reviewed
        )
    else:
        obj = factories[model](source_language=source, **reviewed)
    target = workflow.translation_language(source)
    field = workflow.SOURCE_TEXT_FIELDS[model][0]

    setattr(obj, f"{field}_{field_suffix(target)}", "Translation edited")
    obj.save()
    assert obj.translation_status(target) == TranslationStatus.REVIEWED

    setattr(obj, f"{field}_{field_suffix(source)}", "Source edited")
    obj.save()
    obj.refresh_from_db()
    assert obj.translation_status(target) == TranslationStatus.OUTDATED
    assert obj.translation_status(source) == TranslationStatus.REVIEWED


def test_a_new_chinese_source_article_without_english_has_its_english_missing():
    article = ArticleFactory(
        source_language="zh-hans", title_en="", standfirst_en="", body_en=""
    )
    assert article.translation_status_en == TranslationStatus.MISSING


def test_the_english_translator_works_beside_the_chinese_source(english_translator):
    article = chinese_source_article(translation_status_en=TranslationStatus.OUTDATED)
    page = english_translator.get(change_url(article))
    assert admin_url(Article, "translate", article.pk) in page.text

    side_by_side = english_translator.get(admin_url(Article, "translate", article.pk))
    assert side_by_side.status_code == 200
    assert "Simplified Chinese (the source)" in side_by_side.text
    assert article.body_zh_hans in side_by_side.text
    assert 'lang="zh-Hans" aria-labelledby="source-heading"' in side_by_side.text
    form = side_by_side.context["form"]
    assert set(form.fields) == {
        "loaded_revision",
        "title_en",
        "standfirst_en",
        "body_en",
        "cover_alt_en",
        "translation_status_en",
    }

    response = english_translator.post(
        admin_url(Article, "translate", article.pk),
        {
            "loaded_revision": form["loaded_revision"].value(),
            "title_en": "The English, retranslated",
            "standfirst_en": article.standfirst_en,
            "body_en": "<p>Retranslated.</p>",
            "translation_status_en": "reviewed",
            "title_zh_hans": "译者不能改中文",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title_en == "The English, retranslated"
    assert article.translation_status_en == TranslationStatus.REVIEWED
    assert article.title_zh_hans != "译者不能改中文"


def test_translators_work_only_into_their_own_language(client):
    english_source = ArticleFactory()
    chinese_source = chinese_source_article()

    client.force_login(user_in("Translators into English", "english-translator"))
    assert (
        client.get(admin_url(Article, "translate", english_source.pk)).status_code
        == 403
    )
    page = client.get(change_url(english_source))
    assert admin_url(Article, "translate", english_source.pk) not in page.text
    assert set(page.context["adminform"].form.fields) == {"loaded_revision"}

    client.force_login(user_in("Translators into Chinese", "chinese-translator"))
    assert (
        client.get(admin_url(Article, "translate", chinese_source.pk)).status_code
        == 403
    )
    form = client.get(change_url(chinese_source)).context["adminform"].form
    assert set(form.fields) == {"loaded_revision"}
    assert (
        client.get(admin_url(Article, "translate", english_source.pk)).status_code
        == 200
    )


def test_readers_are_told_about_the_translation_not_the_source(client):
    article = ArticleFactory(
        source_language="zh-hans",
        translation_status_zh_hans=TranslationStatus.DRAFT,
        translation_status_en=TranslationStatus.DRAFT,
    )
    english = client.get(f"/en/news/{article.slug}/")
    chinese = client.get(f"/zh-hans/news/{article.slug}/")
    assert english.context["text"]["notice"] == "draft"
    assert "This translation is awaiting editorial review." in english.text
    assert chinese.context["text"]["notice"] == ""


def test_a_chinese_only_article_tells_english_readers_so(client):
    article = ArticleFactory(
        source_language="zh-hans", title_en="", standfirst_en="", body_en=""
    )
    english = client.get(f"/en/news/{article.slug}/")
    assert english.context["text"]["notice"] == "missing"
    assert "This article is available in Chinese only." in english.text


def test_the_translation_work_filters_of_people_and_participations(editor):
    from tests.factories import EventFactory, ParticipationFactory, PersonFactory

    chinese_person = PersonFactory(
        source_language="zh-hans", translation_status_en=TranslationStatus.MISSING
    )
    PersonFactory(translation_status_zh_hans=TranslationStatus.REVIEWED)
    english_person = PersonFactory(
        translation_status_zh_hans=TranslationStatus.OUTDATED
    )
    role = ParticipationFactory(
        event=EventFactory(source_language="zh-hans"),
        translation_status_en=TranslationStatus.DRAFT,
    )
    ParticipationFactory(translation_status_zh_hans=TranslationStatus.REVIEWED)

    def listed(model, language):
        response = editor.get(
            reverse(f"admin:articles_{model}_changelist"),
            {"needs_translation": language},
        )
        return list(response.context["cl"].result_list)

    assert listed("person", "en") == [chinese_person]
    assert listed("person", "zh-hans") == [english_person]
    assert listed("participation", "en") == [role]
    assert listed("participation", "zh-hans") == []


def test_a_translator_reads_a_scheduled_article_as_scheduled(translator):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=2))
    page = translator.get(change_url(article))
    assert page.status_code == 200
    assert "status" not in page.context["adminform"].form.fields
    assert '<div class="readonly">Scheduled</div>' in page.text
