"""
Favorites in Chromium: saved in the browser's localStorage with JavaScript,
a bookmarkable address (?a=slug) without it.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.test_navigation import card_slugs, tab_to

KEY = "cqcnews.favorites"
FIRST = "academician-haizhou-wang-visited-cqc"
SECOND = "cqc-participated-in-china-electric-vehicle-100-forum-2023"


def saved(page):
    return page.evaluate("(key) => JSON.parse(localStorage.getItem(key) || '[]')", KEY)


def save_button(page):
    """The article page's own "Save to favorites" toggle."""
    return page.locator(".article__actions button[data-favorite]")


def test_favorites_are_added_listed_removed_and_kept_over_reloads(
    live_server, initial_content, page, page_problems
):
    first, second = Article.objects.get(slug=FIRST), Article.objects.get(slug=SECOND)
    page.goto(f"{live_server.url}/en/news/{FIRST}/")
    button = save_button(page)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_accessible_name("Save to favorites")
    # With JavaScript the button stands in for the bookmarkable link.
    expect(page.locator(".article__actions [data-favorite-fallback]")).to_be_hidden()

    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    assert saved(page) == [FIRST]
    page.reload()
    expect(save_button(page)).to_have_attribute("aria-pressed", "true")

    page.goto(f"{live_server.url}/en/news/{SECOND}/")
    save_button(page).click()
    expect(save_button(page)).to_have_attribute("aria-pressed", "true")
    assert saved(page) == [SECOND, FIRST]

    # The header's link leads to the list, newest first.
    page.get_by_role("link", name="Favorites", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/en/favorites/?a={SECOND}&a={FIRST}")
    expect(page.locator("h1")).to_have_text("Favorites")
    assert card_slugs(page) == [SECOND, FIRST]
    page.reload()
    assert card_slugs(page) == [SECOND, FIRST]

    # The bare address shows the saved list too, in the other language as well.
    page.goto(f"{live_server.url}/zh-hans/favorites/")
    expect(page).to_have_url(
        f"{live_server.url}/zh-hans/favorites/?a={SECOND}&a={FIRST}"
    )
    expect(page.locator(".card__title").first).to_have_text(second.title_zh_hans)

    # Removing one: its toggle is released, and a reload no longer lists it.
    remove = page.locator(f".card button[data-favorite='{FIRST}']")
    expect(remove).to_have_attribute("aria-pressed", "true")
    expect(remove).to_contain_text(first.title_zh_hans)  # named for its article
    remove.click()
    expect(remove).to_have_attribute("aria-pressed", "false")
    assert saved(page) == [SECOND]
    page.reload()
    assert card_slugs(page) == [SECOND]
    expect(page).to_have_url(f"{live_server.url}/zh-hans/favorites/?a={SECOND}")

    assert page_problems == [], "\n".join(page_problems)


def test_enter_activates_the_favorite_button(live_server, initial_content, page):
    page.goto(f"{live_server.url}/en/news/{FIRST}/")
    tab_to(page, ".article__actions button[data-favorite]")
    page.keyboard.press("Enter")
    expect(save_button(page)).to_have_attribute("aria-pressed", "true")
    assert saved(page) == [FIRST]
    page.keyboard.press("Enter")
    expect(save_button(page)).to_have_attribute("aria-pressed", "false")
    assert saved(page) == []


@pytest.fixture
def no_script(browser):
    """A tab with JavaScript turned off."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_favorites_are_a_bookmarkable_address(
    live_server, initial_content, no_script
):
    page = no_script
    page.goto(f"{live_server.url}/en/news/{FIRST}/")
    expect(page.locator("button[data-favorite]")).to_be_hidden()
    page.get_by_role("link", name="Add to a bookmarkable favorites list").click()
    expect(page).to_have_url(f"{live_server.url}/en/favorites/?a={FIRST}")
    assert card_slugs(page) == [FIRST]

    # A bookmarked list of two, and one taken off it by its link.
    page.goto(f"{live_server.url}/en/favorites/?a={FIRST}&a={SECOND}")
    assert card_slugs(page) == [FIRST, SECOND]
    expect(page.get_by_text("Without JavaScript, the list lives")).to_be_visible()
    first = Article.objects.get(slug=FIRST)
    remove = re.compile(rf"^Remove from this list\s*: {re.escape(first.title_en)}$")
    page.get_by_role("link", name=remove).click()
    expect(page).to_have_url(f"{live_server.url}/en/favorites/?a={SECOND}")
    assert card_slugs(page) == [SECOND]
