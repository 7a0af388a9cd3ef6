"""
A Chinese-first article through the whole workflow, in Chromium: an editor
writes it in Chinese, an English translator translates it beside the Chinese,
the editor changes the Chinese, the English is marked outdated (and listed as
waiting for a translation into English), and the translator translates again.
"""

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from articles.models import Article, TranslationStatus
from tests.browser.admin import (
    PASSWORD,
    PageWatch,
    body_editor,
    language_tabs,
    log_in,
)
from tests.pages import admin_url

pytestmark = pytest.mark.django_db(transaction=True)

SLUG = "cqc-issues-new-certification-rules"
CHINESE_TAB = "简体中文"


@pytest.fixture
def newsroom(django_user_model, settings):
    """
    An editor (a superuser) and an English translator. The translator gets
    the permissions of the "Translators into English" group directly: live
    server tests empty the database, groups made by migrations included.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    django_user_model.objects.create_superuser("wang", "wang@example.org", PASSWORD)
    translator = django_user_model.objects.create_user(
        "smith", "smith@example.org", PASSWORD, is_staff=True
    )
    translator.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles",
            codename__in=["view_article", "change_article", "translate_into_en"],
        )
    )


def article():
    return Article.objects.get(slug=SLUG)


def write_body(page, text, language=None):
    """
    Replace a body with ``text``: the change form's body in ``language``, or
    the translator's page's (which has one body, its translation's).
    """
    if language:
        editor = body_editor(page, language)[0]
    else:
        editor = page.locator(".side-by-side__translation [contenteditable='true']")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def new_page(browser):
    """A page of its own browser context (its own session), failing in seconds."""
    page = browser.new_context().new_page()
    page.set_default_timeout(10_000)
    return page


def test_a_chinese_source_article_through_writing_translating_and_retranslating(
    live_server, browser, newsroom
):
    editor_page, translator_page = new_page(browser), new_page(browser)
    watch = PageWatch(editor_page, live_server)
    log_in(editor_page, live_server, "wang")
    log_in(translator_page, live_server, "smith")

    # 1. The editor writes the article in Chinese only.
    editor_page.goto(live_server.url + admin_url(Article, "add"))
    editor_page.locator("#id_source_language").select_option("zh-hans")
    editor_page.locator("#id_slug").fill(SLUG)
    language_tabs(editor_page, "id_title_en").get_by_role(
        "tab", name=CHINESE_TAB
    ).click()
    editor_page.locator("#id_title_zh_hans").fill("中国质量认证中心发布认证新规则")
    language_tabs(editor_page, "id_body_en").get_by_role(
        "tab", name=CHINESE_TAB
    ).click()
    write_body(editor_page, "新规则自明年起施行。", "zh_hans")
    editor_page.locator("#id_translation_status_zh_hans").select_option("reviewed")
    editor_page.get_by_role("button", name="Save and continue editing").click()
    expect(editor_page.locator(".messagelist .success")).to_be_visible()
    assert article().translation_status_en == TranslationStatus.MISSING

    # 2. The English translator translates beside the Chinese source.
    translator_page.goto(live_server.url + admin_url(Article, "change", article().pk))
    translator_page.get_by_role("link", name="Translate side by side").click()
    source = translator_page.locator(".side-by-side__source")
    expect(source).to_contain_text("新规则自明年起施行。")
    expect(source).to_have_attribute("lang", "zh-Hans")
    translator_page.locator("#id_title_en").fill("CQC issues new certification rules")
    write_body(translator_page, "The new rules apply from next year.")
    translator_page.locator("#id_translation_status_en").select_option("reviewed")
    translator_page.get_by_role("button", name="Save the translation").click()
    expect(translator_page.locator(".messagelist .success")).to_be_visible()
    translated = article()
    assert translated.title_en == "CQC issues new certification rules"
    assert translated.translation_status_en == TranslationStatus.REVIEWED

    # 3. The editor changes the Chinese: the English is outdated, and waiting.
    editor_page.goto(live_server.url + admin_url(Article, "change", translated.pk))
    language_tabs(editor_page, "id_body_en").get_by_role(
        "tab", name=CHINESE_TAB
    ).click()
    write_body(editor_page, "新规则自今年七月起施行。", "zh_hans")
    editor_page.get_by_role("button", name="Save and continue editing").click()
    expect(editor_page.locator(".messagelist .success")).to_be_visible()
    assert article().translation_status_en == TranslationStatus.OUTDATED
    editor_page.goto(live_server.url + admin_url(Article, "changelist"))
    editor_page.get_by_role("link", name="Needs translation into English").click()
    expect(editor_page.locator("#result_list")).to_contain_text(
        "CQC issues new certification rules"
    )

    # 4. The translator translates the change, and the English is reviewed again.
    translator_page.goto(
        live_server.url + admin_url(Article, "translate", article().pk)
    )
    expect(translator_page.locator(".side-by-side__source")).to_contain_text(
        "新规则自今年七月起施行。"
    )
    write_body(translator_page, "The new rules apply from July this year.")
    translator_page.locator("#id_translation_status_en").select_option("reviewed")
    translator_page.get_by_role("button", name="Save the translation").click()
    expect(translator_page.locator(".messagelist .success")).to_be_visible()
    final = article()
    assert final.translation_status_en == TranslationStatus.REVIEWED
    assert "July this year" in final.body_en
    assert "七月" in final.body_zh_hans
    assert watch.problems() == [], "\n".join(watch.problems())
