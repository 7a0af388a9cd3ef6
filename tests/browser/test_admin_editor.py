"""
The editor's side of the admin in Chromium: the rich-text editor and what it
stores, the English / 中文 tabs, a clean console under the admin's strict
Content-Security-Policy with nothing fetched from another host, and two
editors saving the same article.

What only a browser shows: the tabs and the editor are built by scripts
(modeltranslation's jQuery UI tabs, Tiptap in django-prose-editor), so a
missing or blocked script leaves the server's HTML looking fine while the
page is broken for the people who use it.
"""

import base64
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Event
from tests.browser.admin import PASSWORD, PageWatch, body_editor, language_tabs, log_in
from tests.factories import ArticleFactory, ParticipationFactory
from tests.pages import admin_url

pytestmark = pytest.mark.django_db(transaction=True)

CHINESE_TAB = "简体中文"
BLANK_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
HOSTILE_PASTE = (
    "<p>Pasted note</p>"
    "<img src=x onerror=alert(1)>"
    "<script>alert(2)</script>"
    '<p><a href="javascript:alert(3)">a link</a></p>'
)


@pytest.fixture
def editors(django_user_model, settings):
    """
    Two superusers, Wang and Li, who log in with a password. Hashed cheaply:
    the tests are about the login form, not the cost of the hash.
    """
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return [
        django_user_model.objects.create_superuser(
            name, f"{name}@example.org", PASSWORD
        )
        for name in ("wang", "li")
    ]


# 1. The rich-text editor ------------------------------------------------------


def test_the_toolbar_formats_text_and_a_hostile_paste_is_cleaned(
    live_server, page, editors
):
    watch = PageWatch(page, live_server)
    log_in(page, live_server, "wang")
    page.goto(live_server.url + admin_url(Article, "add"))

    page.locator("#id_title_en").press_sequentially("CQC opens a battery laboratory")
    # The address is made from the title as it is typed.
    expect(page.locator("#id_slug")).to_have_value("cqc-opens-a-battery-laboratory")
    language_tabs(page, "id_title_en").get_by_role("tab", name=CHINESE_TAB).click()
    page.locator("#id_title_zh_hans").fill("中国质量认证中心电池实验室启用")

    editor, toolbar = body_editor(page)
    editor.click()
    page.keyboard.type("A new laboratory")
    toolbar.locator(".prose-menubar__selected").click()  # the block-type menu
    toolbar.locator(".prose-menubar__option[data-name='heading2']").click()
    page.keyboard.press("End")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="unordered list").click()
    page.keyboard.type("Chargers")
    page.keyboard.press("Enter")
    page.keyboard.type("Cables")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # out of the list
    page.keyboard.type("It tests batteries")
    page.keyboard.press("Control+Shift+ArrowLeft")  # selects "batteries"
    toolbar.get_by_role("button", name="bold", exact=True).click()
    expect(editor.locator("strong")).to_have_text("batteries")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    body = Article.objects.get(slug="cqc-opens-a-battery-laboratory").body_en
    assert re.search(r"<h[23]>A new laboratory</h[23]>", body), body
    assert "<strong>batteries</strong>" in body, body
    assert re.search(r"<ul><li>(<p>)?Chargers", body), body
    assert "<script" not in body
    assert watch.problems() == [], "\n".join(watch.problems())

    # An editor pastes HTML copied from a hostile page into the saved article.
    # Its picture's relative address ("x") is answered in the browser with a
    # blank GIF: sent to the admin, it would redirect with a message of its
    # own, racing the save's success message in the messages cookie.
    page.route(
        re.compile(r"/x$"),
        lambda route: route.fulfill(content_type="image/gif", body=BLANK_GIF),
    )
    editor.click()
    page.keyboard.press("Control+End")
    editor.evaluate(
        """(element, html) => {
          const data = new DataTransfer();
          data.setData("text/html", html);
          data.setData("text/plain", "Pasted note");
          element.dispatchEvent(new ClipboardEvent("paste", {
            clipboardData: data, bubbles: true, cancelable: true,
          }));
        }""",
        HOSTILE_PASTE,
    )
    expect(editor).to_contain_text("Pasted note")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.wait_for_load_state("networkidle")

    body = Article.objects.get(slug="cqc-opens-a-battery-laboratory").body_en
    assert "Pasted note" in body, body
    assert "<strong>batteries</strong>" in body, body
    for hostile in ("onerror", "<script", "alert(", "javascript:"):
        assert hostile not in body, body
    # Nothing pasted ran. Reading the paste, the editor builds its handler
    # attribute, which the admin's policy refuses (script-src-attr): that
    # refusal is the one complaint allowed.
    assert watch.dialogs == []
    assert watch.errors == []
    assert {v["directive"] for v in watch.violations} <= {"script-src-attr"}


# 2. The language tabs ---------------------------------------------------------


def assert_tabs_switch(tabs, english, chinese):
    """
    ``tabs`` were built by jQuery UI and switch between the fields with ids
    ``english`` and ``chinese``: one language shows at a time. The panels are
    what is checked (modeltranslation names each ``tab_`` and its field's id),
    since the rich-text editor hides its own textarea.
    """
    page = tabs.page
    english_panel, chinese_panel = (
        page.locator(f"#tab_{english}"),
        page.locator(f"#tab_{chinese}"),
    )
    expect(tabs).to_have_class(re.compile(r"\bui-tabs\b"))

    tabs.get_by_role("tab", name="English").click()

    expect(english_panel).to_be_visible()
    expect(chinese_panel).to_be_hidden()

    tabs.get_by_role("tab", name=CHINESE_TAB).click()

    expect(chinese_panel).to_be_visible()
    expect(page.locator(f"#{chinese}")).to_be_editable()
    expect(english_panel).to_be_hidden()


def test_article_fields_have_english_and_chinese_tabs(live_server, page, editors):
    article = ArticleFactory()
    log_in(page, live_server, "wang")
    page.goto(live_server.url + admin_url(Article, "change", article.pk))

    assert_tabs_switch(
        language_tabs(page, "id_title_en"), "id_title_en", "id_title_zh_hans"
    )
    # Each field's tabs switch on their own: the body still shows English.
    expect(body_editor(page, "en")[0]).to_be_visible()
    assert_tabs_switch(
        language_tabs(page, "id_body_en"), "id_body_en", "id_body_zh_hans"
    )


def test_event_fields_and_a_new_participation_row_have_tabs(live_server, page, editors):
    event = ParticipationFactory().event
    log_in(page, live_server, "wang")
    page.goto(live_server.url + admin_url(Event, "change", event.pk))

    assert_tabs_switch(
        language_tabs(page, "id_name_en"), "id_name_en", "id_name_zh_hans"
    )

    page.locator("#participations-group").get_by_role(
        "button", name="Add another Participation"
    ).click()
    # The saved participation is row 0: the one just added is row 1.
    expect(page.locator("#participations-1")).to_be_visible()
    assert_tabs_switch(
        language_tabs(page, "id_participations-1-role_en"),
        "id_participations-1-role_en",
        "id_participations-1-role_zh_hans",
    )


# 3. A clean console under the admin's policy -----------------------------------


def test_admin_pages_break_no_policy_log_no_error_and_stay_on_the_site(
    live_server, page, editors
):
    article = ArticleFactory()
    event = ParticipationFactory().event
    watch = PageWatch(page, live_server)
    log_in(page, live_server, "wang")

    pages = {
        # Each page, with what shows it is ready: on a form, what its scripts
        # build (the editor, the tabs).
        reverse("admin:index"): "#content-main",
        admin_url(Article, "changelist"): "#result_list",
        admin_url(Article, "add"): ".field-body_en [contenteditable]",
        admin_url(Article, "change", article.pk): ".field-body_en [contenteditable]",
        admin_url(Article, "translate", article.pk): (
            ".side-by-side__translation [contenteditable]"
        ),
        admin_url(Event, "change", event.pk): "#participations-0 .ui-tabs",
    }
    for path, ready in pages.items():
        page.goto(live_server.url + path)
        expect(page.locator(ready).first).to_be_visible()

    assert watch.problems() == [], "\n".join(watch.problems())
    assert watch.off_site() == []
    # The watch did see the pages and their assets.
    assert any("/static/vendor/jquery-ui/" in url for url in watch.requested)


# 4. Two editors, one article ---------------------------------------------------


def test_the_second_of_two_editors_is_told_what_changed_instead_of_overwriting(
    live_server, new_context, editors
):
    article = ArticleFactory(title_en="The title", standfirst_en="The standfirst.")
    url = live_server.url + admin_url(Article, "change", article.pk)
    # Two browser contexts: two editors, each with their own session.
    wang, li = new_context().new_page(), new_context().new_page()
    for page, username in ((wang, "wang"), (li, "li")):
        log_in(page, live_server, username)
        page.goto(url)

    wang.locator("#id_title_en").fill("Wang's title")
    li.locator("#id_standfirst_en").fill("Li's standfirst.")

    wang.get_by_role("button", name="Save", exact=True).click()
    expect(wang.locator(".messagelist .success")).to_be_visible()

    li.get_by_role("button", name="Save", exact=True).click()
    refusal = li.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text(
        "This article was changed by wang since you opened it"
    )
    expect(refusal).to_contain_text("Title (English) is now: Wang's title")
    # Li's text is kept in a working form, unsaved.
    expect(li.locator("#id_standfirst_en")).to_have_value("Li's standfirst.")
    expect(body_editor(li)[0]).to_be_editable()
    article.refresh_from_db()
    assert article.title_en == "Wang's title"
    assert article.standfirst_en == "The standfirst."
