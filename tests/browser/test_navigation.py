"""
Getting around the reader's site in Chromium: the language toggle, a phone's
screen and the keyboard alone.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import HTML_LANG, LANGUAGES, describe, reader_paths, run_axe
from tests.factories import ArticleFactory

ARTICLE = "academician-haizhou-wang-visited-cqc"
PHONE = {"width": 390, "height": 844}


def card_slugs(page):
    """The slugs of the articles listed on ``page``, in order."""
    hrefs = page.locator(".card__title a").evaluate_all(
        "links => links.map(a => a.pathname)"
    )
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def test_language_toggle_lands_on_the_same_article_and_back(
    live_server, initial_content, page
):
    article = Article.objects.get(slug=ARTICLE)
    page.goto(f"{live_server.url}/en/news/{ARTICLE}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(article.title_en)

    page.get_by_role("link", name="中文版", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/zh-hans/news/{ARTICLE}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(page.locator("h1")).to_have_text(article.title_zh_hans)

    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/news/{ARTICLE}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text(article.title_en)


def test_language_toggle_keeps_the_page_of_a_list(live_server, initial_content, page):
    ArticleFactory.create_batch(8)  # 13 articles: two pages of ten
    page.goto(f"{live_server.url}/en/news/?page=2")
    current = page.locator(".pagination [aria-current='page']")
    expect(current).to_have_text("2")
    listed = card_slugs(page)
    assert len(listed) == 3

    page.get_by_role("link", name="中文版", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/zh-hans/news/?page=2")
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    expect(current).to_have_text("2")
    assert card_slugs(page) == listed

    page.get_by_role("link", name="English", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/news/?page=2")
    expect(current).to_have_text("2")


@pytest.fixture
def phone(browser):
    """A tab on a 390 px wide phone that honours the viewport meta tag."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_fits_a_phone_without_sideways_scrolling(
    live_server, reader_site, phone, language
):
    too_wide, small_targets = {}, {}
    header_controls = [
        phone.locator(".site-name"),
        phone.locator(".site-nav a").first,
        phone.locator(".language-toggle"),
        phone.locator("#site-search"),
        phone.locator(".site-header .search-form__button"),
        phone.locator(".section-nav a").last,
    ]
    for page_type, path in reader_paths(language).items():
        phone.goto(live_server.url + path)
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[page_type] = width
        # Targets of 24 by 24 px or spaced as far apart (WCAG 2.5.8) at this width.
        if found := run_axe(phone, rules=["target-size"]):
            small_targets[page_type] = found
        # The header is usable: every control is on screen, whole, big enough.
        for control in header_controls:
            expect(control).to_be_visible()
            box = control.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
                page_type,
                control,
                box,
            )
            assert box["height"] >= 24, (page_type, control, box)
    assert too_wide == {}, f"wider than {PHONE['width']} px: {too_wide}"
    assert small_targets == {}, describe(small_targets)

    # And works by touch: search from the header, then switch language.
    phone.locator("#site-search").tap()
    phone.locator("#site-search").fill("CQC")
    phone.locator(".site-header .search-form__button").tap()
    expect(phone).to_have_url(re.compile(r"/search/\?q=CQC$"))
    phone.locator(".language-toggle").tap()
    other = LANGUAGES[1 - LANGUAGES.index(language)]
    expect(phone.locator("html")).to_have_attribute("lang", HTML_LANG[other])
    expect(phone).to_have_url(re.compile(rf"/{other}/search/\?q=CQC$"))


# Keyboard only -------------------------------------------------------------

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  return {
    element: element.outerHTML.slice(0, 120),
    inMain: Boolean(element.closest("main")),
    inFooter: Boolean(element.closest("footer")),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
  };
}"""


def tab_to(page, selector, limit=40):
    """Press Tab until ``selector`` has the focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return presses
    pytest.fail(f"{limit} presses of Tab never reached {selector}")


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(
    live_server, initial_content, page
):
    page.goto(f"{live_server.url}/en/news/{ARTICLE}/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    expect(skip).to_have_text("Skip to main content")

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "the next Tab left the main content"


def test_focus_is_visible_on_everything_the_keyboard_reaches(
    live_server, initial_content, page
):
    page.goto(f"{live_server.url}/en/news/{ARTICLE}/")
    seen, invisible, footer = set(), [], False
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["element"] in seen or focused["element"].startswith("<body"):
            break  # round the page once
        seen.add(focused["element"])
        footer = footer or focused["inFooter"]
        if not (focused["outline"] or focused["shadow"]):
            invisible.append(focused["element"])
    # No trap: Tab went from the top to the footer's links and round again.
    assert footer and len(seen) > 10
    assert invisible == []


def test_toggle_and_search_box_work_from_the_keyboard(
    live_server, initial_content, page
):
    page.goto(f"{live_server.url}/en/news/{ARTICLE}/")
    tab_to(page, ".language-toggle")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/zh-hans/news/{ARTICLE}/")

    tab_to(page, "#site-search")
    page.keyboard.type("福州")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/zh-hans/search/\?q="))
    expect(page.locator("#search-query")).to_have_value("福州")
