"""The search page: results in the page's language, words marked, any query safe."""

import html as html_module
import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from articles.views.search import MAX_QUERY_LENGTH, clean_query
from tests.factories import ArticleFactory
from tests.pages import public_html

pytestmark = pytest.mark.django_db


def search_in(language, query=None, **parameters):
    with translation.override(language):
        address = reverse("articles:search")
    if query is not None:
        parameters = {"q": query, **parameters}
    encoded = "&".join(
        f"{name}={quote(str(value))}" for name, value in parameters.items()
    )
    return f"{address}?{encoded}" if encoded else address


def result_titles(html):
    return re.findall(r'<h2 class="card__title"><a href="[^"]+"[^>]*>(.*?)</a>', html)


@pytest.fixture
def fuzhou():
    return ArticleFactory(
        title_en="CQC Fuzhou sub-branch opens a laboratory",
        title_zh_hans="中国质量认证中心福州分中心开设实验室",
        body_en="<p>The Fuzhou laboratory tests batteries.</p>",
        body_zh_hans="<p>福州实验室检测电池。</p>",
    )


def test_english_search_marks_the_words_found(client, fuzhou):
    ArticleFactory(title_en="Beijing forum", body_en="<p>Nothing else.</p>")
    html = public_html(client, search_in("en", "fuzhou"))
    assert result_titles(html) == [
        "CQC <mark>Fuzhou</mark> sub-branch opens a laboratory"
    ]
    assert "The <mark>Fuzhou</mark> laboratory tests batteries." in html
    assert "1 result for “fuzhou”" in html
    assert 'name="robots" content="noindex"' in html


def test_chinese_search_finds_chinese_words_inside_running_text(client, fuzhou):
    html = public_html(client, search_in("zh-hans", "福州"))
    assert result_titles(html) == ["中国质量认证中心<mark>福州</mark>分中心开设实验室"]
    assert "<mark>福州</mark>实验室检测电池。" in html
    assert "“福州”的搜索结果共1条" in html


def test_search_shows_only_published_articles(client):
    ArticleFactory(title_en="Fuzhou draft", status=Article.Status.DRAFT)
    html = public_html(client, search_in("en", "Fuzhou"))
    assert result_titles(html) == []
    assert "No news matches “Fuzhou”." in html


def test_untranslated_result_is_marked_with_its_language(client):
    ArticleFactory(title_en="", standfirst_en="", body_en="", title_zh_hans="福州新闻")
    html = public_html(client, search_in("en", "福州"))
    assert re.search(r'<span class="tag">Chinese only</span>', html)


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Enter a word to search."), ("zh-hans", "请输入搜索词。")],
)
@pytest.mark.parametrize("query", [None, "", "   ", "\x00\x01\x02"])
def test_empty_query_asks_for_a_word(client, language, message, query):
    html = public_html(client, search_in(language, query))
    assert message in html
    assert result_titles(html) == []


@pytest.mark.parametrize(
    "query",
    [
        "<script>alert(1)</script>",
        '" onmouseover="alert(1)',
        "' OR 1=1 --",
        'title:"unclosed AND OR NOT * ^ NEAR(',
        "%00%ff",
        "福州\x00\x1b[31m",
        "\ufffd\ufeff\u202e",
        "a",
    ],
)
def test_hostile_query_gets_a_plain_page(client, fuzhou, query):
    html = public_html(client, search_in("en", query))
    assert "<script>alert" not in html
    assert 'onmouseover="alert' not in html
    assert "\x00" not in html and "\x1b" not in html


def test_binary_query_string_gets_a_plain_page(client):
    html = public_html(client, search_in("en") + "?q=%FF%FE%00%C3%28")
    assert "\x00" not in html


def test_too_long_query_is_cut_with_a_notice(client, fuzhou):
    html = public_html(client, search_in("zh-hans", "福州 " * 5_000))
    assert "搜索内容过长：只使用了前200个字符。" in html
    value = html_module.unescape(
        re.search(r'id="search-query"[^>]*value="([^"]*)"', html)[1]
    )
    assert len(value) <= MAX_QUERY_LENGTH
    assert result_titles(html) == ["中国质量认证中心<mark>福州</mark>分中心开设实验室"]


def test_clean_query_keeps_words_and_drops_control_characters():
    assert clean_query("  CQC\x00 \t Fuzhou\n") == ("CQC Fuzhou", False)
    query, truncated = clean_query("x" * 10_000)
    assert (len(query), truncated) == (MAX_QUERY_LENGTH, True)


def test_results_are_paged_and_the_pager_keeps_the_query(client):
    ArticleFactory.create_batch(12, title_en="Fuzhou news")
    first = public_html(client, search_in("en", "Fuzhou"))
    assert len(result_titles(first)) == 10
    assert "12 results for “Fuzhou”" in first
    assert 'href="?q=Fuzhou&amp;page=2" rel="next"' in first
    second = public_html(client, search_in("en", "Fuzhou", page=2))
    assert len(result_titles(second)) == 2


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1"])
def test_a_page_that_does_not_exist_is_not_found_as_in_the_lists(client, page):
    ArticleFactory.create_batch(12, title_en="Fuzhou news")
    assert client.get(search_in("en", "Fuzhou", page=page)).status_code == 404
    with translation.override("en"):
        news = reverse("articles:article-list")
    assert client.get(f"{news}?page={page}").status_code == 404


@pytest.mark.parametrize(("language", "other"), [("en", "zh-hans"), ("zh-hans", "en")])
def test_language_toggle_keeps_the_query(client, language, other):
    html = public_html(client, search_in(language, "福州 lab"))
    toggle = re.search(r'<a class="language-toggle" href="([^"]+)"', html)[1]
    assert html_module.unescape(toggle) == search_in(other, "福州 lab")


def test_search_costs_a_few_queries_whatever_the_results(
    client, django_assert_max_num_queries
):
    ArticleFactory.create_batch(15, title_en="Fuzhou news")
    with django_assert_max_num_queries(8):
        html = public_html(client, search_in("en", "Fuzhou"))
    assert len(result_titles(html)) == 10
