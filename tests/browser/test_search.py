"""
Searching from the header in Chromium, in English and in Chinese, with the
reader's words marked in the results.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.test_navigation import card_slugs

FACTORY_INSPECTION = (
    "cqc-held-2023-international-certification-factory-inspection-working-conference"
)
SUPPLY_CHAIN = (
    "cqc-attended-global-new-energy-and-intelligent-automobile-supply-chain-"
    "innovation-conference"
)


def search_from_header(page, words):
    page.locator("#site-search").fill(words)
    page.locator("#site-search").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q="))


def test_an_english_word_finds_its_article_with_the_word_marked(
    live_server, initial_content, page
):
    page.goto(f"{live_server.url}/en/")
    search_from_header(page, "fuzhou")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#search-query")).to_have_value("fuzhou")
    expect(page.locator(".search-summary")).to_have_text("1 result for “fuzhou”")
    assert card_slugs(page) == [FACTORY_INSPECTION]
    marks = page.locator(".card mark")
    expect(marks.first).to_be_visible()
    assert {text.lower() for text in marks.all_inner_texts()} == {"fuzhou"}


@pytest.mark.parametrize(
    ("words", "slug"), [("福州", FACTORY_INSPECTION), ("新能源汽车", SUPPLY_CHAIN)]
)
def test_chinese_words_are_found_inside_running_text_and_marked(
    live_server, initial_content, page, words, slug
):
    page.goto(f"{live_server.url}/zh-hans/")
    search_from_header(page, words)
    expect(page.locator("html")).to_have_attribute("lang", "zh-Hans")
    assert card_slugs(page) == [slug]
    card = page.locator(".card")
    expect(card.locator(".card__title")).to_have_text(
        Article.objects.get(slug=slug).title_zh_hans
    )
    marks = card.locator("mark")
    expect(marks.first).to_be_visible()
    assert set(marks.all_inner_texts()) == {words}
    # Marked in the middle of a sentence: Chinese has no spaces between words.
    snippet = card.locator(".card__text")
    expect(snippet.locator("mark").first).to_have_text(words)
    text = snippet.inner_text()
    at = text.index(words)
    assert re.match(r"\w", text[at - 1]) and re.match(r"\w", text[at + len(words)])


def test_a_search_that_finds_nothing_says_so(live_server, initial_content, page):
    page.goto(f"{live_server.url}/en/search/?q=zeppelin")
    expect(page.locator(".search-summary")).to_contain_text("No news matches")
    expect(page.locator(".card")).to_have_count(0)
