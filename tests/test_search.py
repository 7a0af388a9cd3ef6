"""Full-text search: matching in both languages, publication, sync, hostile input."""

import datetime

import pytest
from django.core.management import call_command
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import articles.search as search_package
from articles.models import Article
from articles.search import MAX_RESULTS, highlight, rebuild_index, search, snippet
from articles.search import postgres as postgres_backend
from articles.search import terms as terms_table
from articles.search.schema import COLUMNS
from articles.search.text import MAX_QUERY_LENGTH, index_tokens, plain_text, query_terms
from tests.factories import ArticleFactory

HOSTILE_QUERIES = [
    '"',
    '"unbalanced',
    "NEAR(",
    "NEAR(cqc fuzhou, 2)",
    "*",
    "cqc*",
    "-",
    "-cqc",
    ")",
    "(",
    "^cqc",
    "title_en:cqc",
    "cqc AND OR NOT",
    "' OR 1=1; DROP TABLE articles_article; --",
    "'); DELETE FROM articles_search; --",
    "<script>alert(1)</script>",
    "cqc\x00fuzhou",
    "\x00",
    "\ud800",
    "😀 🇨🇳",
    "שלום عربي",
    "\u202ecqc\u202c",
    "&lt;mark&gt;",
    "x" * 10_000,
    "福州 " * 5_000,
    "!@#$%^&*()_+{}|:<>?~`",
    "",
    "   ",
    "a",
    "福",
]


def ids(results):
    return [article.pk for article in results]


@pytest.mark.django_db
class TestMatching:
    def test_english_words_match_case_insensitively(self):
        article = ArticleFactory(title_en="CQC Fuzhou sub-branch opens a laboratory")
        ArticleFactory(title_en="Unrelated news")
        assert ids(search("fuzhou", "en")) == [article.pk]
        assert ids(search("FUZHOU Laboratory", "en")) == [article.pk]

    def test_english_words_match_by_prefix(self):
        article = ArticleFactory(body_en="<p>Product <b>certification</b> rules.</p>")
        assert ids(search("certif", "en")) == [article.pk]

    def test_words_of_one_or_two_letters_match_only_whole(self):
        eu = ArticleFactory(title_en="EU rules")
        ArticleFactory(title_en="European certification")
        assert ids(search("eu", "en")) == [eu.pk]
        assert ids(search("ce", "en")) == []

    def test_every_word_of_three_letters_or_more_matches_by_prefix(self):
        article = ArticleFactory(title_en="Certification laboratory in Fuzhou")
        assert ids(search("cer lab fuz", "en")) == [article.pk]

    def test_prefix_beginning_no_word_finds_nothing(self):
        ArticleFactory(title_en="Fuzhou laboratory")
        assert ids(search("zzz", "en")) == []
        assert ids(search("fuzhou zzz", "en")) == []

    def test_prefix_beginning_many_words_finds_them_all(self, monkeypatch):
        # More completions than are spelled out: left to the engine's prefix.
        monkeypatch.setattr(terms_table, "MAX_COMPLETIONS", 1)
        certified = ArticleFactory(title_en="Certified products")
        certificate = ArticleFactory(title_en="First certificate")
        assert set(ids(search("certi", "en"))) == {certified.pk, certificate.pk}

    def test_words_of_a_saved_article_are_found_by_prefix(self):
        article = ArticleFactory(title_en="Fuzhou")
        article.title_en = "Zeppelin landing"
        article.save()
        assert ids(search("zepp", "en")) == [article.pk]

    def test_every_word_must_match(self):
        ArticleFactory(title_en="Fuzhou laboratory")
        assert ids(search("fuzhou shanghai", "en")) == []

    def test_two_character_chinese_word_matches_inside_text(self):
        article = ArticleFactory(
            body_zh_hans="<p>中国质量认证中心福州分中心举办培训。</p>"
        )
        ArticleFactory(body_zh_hans="<p>北京举办培训。</p>")
        assert ids(search("福州", "zh-hans")) == [article.pk]

    def test_longer_chinese_phrase_matches_inside_text(self):
        article = ArticleFactory(standfirst_zh_hans="推动新能源汽车产品认证工作。")
        ArticleFactory(standfirst_zh_hans="新能源与汽车是两件事。")
        assert ids(search("新能源汽车", "zh-hans")) == [article.pk]

    def test_body_is_searched_as_text_not_html(self):
        ArticleFactory(body_en='<p class="lead">Hello</p><p>world</p>')
        assert ids(search("lead", "en")) == []
        assert len(search("world", "en")) == 1

    def test_page_language_matches_rank_first(self):
        english = ArticleFactory(title_en="Fuzhou news", title_zh_hans="新闻")
        chinese = ArticleFactory(
            title_en="News", title_zh_hans="福州新闻", standfirst_zh_hans="Fuzhou"
        )
        assert ids(search("fuzhou", "en")) == [english.pk, chinese.pk]
        assert ids(search("fuzhou", "zh-hans")) == [chinese.pk, english.pk]

    def test_article_without_translation_is_found_in_the_other_language(self):
        article = ArticleFactory(
            title_zh_hans="",
            standfirst_zh_hans="",
            body_zh_hans="",
            title_en="Fuzhou laboratory",
        )
        assert ids(search("fuzhou", "zh-hans")) == [article.pk]

    def test_title_match_ranks_above_body_match(self):
        in_body = ArticleFactory(body_en="<p>A visit to Fuzhou.</p>")
        in_title = ArticleFactory(title_en="Visit to Fuzhou")
        assert ids(search("fuzhou", "en")) == [in_title.pk, in_body.pk]

    def test_title_ranks_above_standfirst_above_body(self):
        in_title = ArticleFactory(title_en="Fuzhou forum")
        in_body = ArticleFactory(body_en="<p>A forum in Fuzhou.</p>")
        in_standfirst = ArticleFactory(standfirst_en="A forum in Fuzhou.")
        assert ids(search("fuzhou", "en")) == [
            in_title.pk,
            in_standfirst.pk,
            in_body.pk,
        ]

    def test_all_terms_in_the_title_rank_above_some(self):
        both = ArticleFactory(title_en="Fuzhou toys", body_en="")
        one = ArticleFactory(title_en="Fuzhou forum", body_en="<p>Toys.</p>")
        assert ids(search("toys fuzhou", "en")) == [both.pk, one.pk]

    def test_among_other_language_matches_the_title_ranks_first(self):
        in_title = ArticleFactory(title_en="Forum", title_zh_hans="福州论坛")
        in_body = ArticleFactory(
            title_en="News", title_zh_hans="新闻", body_zh_hans="<p>福州</p>"
        )
        assert ids(search("福州", "en")) == [in_title.pk, in_body.pk]

    def test_only_the_latest_matches_are_ranked_and_returned(self, monkeypatch):
        monkeypatch.setattr(search_package, "MAX_RESULTS", 2)
        ArticleFactory(title_en="Fuzhou forum")
        older = ArticleFactory(title_en="Fuzhou news")
        latest = ArticleFactory(body_en="<p>Fuzhou</p>")
        assert ids(search("fuzhou", "en")) == [older.pk, latest.pk]

    def test_results_paginate_and_load_only_the_page(self, django_assert_num_queries):
        for _ in range(5):
            ArticleFactory(title_en="Fuzhou")
        results = search("fuzhou", "en")
        with django_assert_num_queries(1):
            page = Paginator(results, 2).page(2)
            assert len(list(page)) == 2
            assert page.paginator.count == 5


@pytest.mark.django_db
class TestPublication:
    def test_draft_is_never_found(self):
        ArticleFactory(
            title_en="Fuzhou draft", status=Article.Status.DRAFT, published_at=None
        )
        assert ids(search("fuzhou", "en")) == []

    def test_scheduled_article_is_found_once_its_time_passes(self, monkeypatch):
        article = ArticleFactory(
            title_en="Fuzhou forum",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() + datetime.timedelta(hours=1),
        )
        assert ids(search("fuzhou", "en")) == []
        later = timezone.now() + datetime.timedelta(hours=2)
        monkeypatch.setattr(timezone, "now", lambda: later)
        assert ids(search("fuzhou", "en")) == [article.pk]


@pytest.mark.django_db
class TestSync:
    def test_editing_the_title_updates_the_index(self):
        article = ArticleFactory(title_en="Fuzhou laboratory")
        article.title_en = "Xiamen laboratory"
        article.save()
        assert ids(search("fuzhou", "en")) == []
        assert ids(search("xiamen", "en")) == [article.pk]

    def test_deleting_removes_the_article_from_the_index(self):
        article = ArticleFactory(title_en="Fuzhou laboratory")
        article.delete()
        assert ids(search("fuzhou", "en")) == []

    def test_rebuild_command_indexes_articles_saved_without_signals(self):
        ArticleFactory(title_en="Fuzhou laboratory")
        Article.objects.update(title_en="Xiamen laboratory")
        assert ids(search("xiamen", "en")) == []
        call_command("rebuild_search_index")
        assert len(search("xiamen", "en")) == 1
        assert ids(search("fuzhou", "en")) == []

    def test_rebuilding_a_full_index_replaces_it(self):
        article = ArticleFactory(title_en="Fuzhou laboratory")
        Article.objects.update(title_en="Xiamen laboratory")
        assert rebuild_index() == 1
        assert rebuild_index() == 1
        assert ids(search("xiam", "en")) == [article.pk]
        assert ids(search("fuzhou", "en")) == []

    def test_rebuild_dry_run_changes_nothing(self, capsys):
        ArticleFactory(title_en="Fuzhou laboratory")
        Article.objects.update(title_en="Xiamen laboratory")
        call_command("rebuild_search_index", dry_run=True)
        assert "Would index 1 articles" in capsys.readouterr().out
        assert ids(search("xiamen", "en")) == []


def index_entries():
    """What the search index holds for each article, as the database has it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT article_id, en::text, zh_hans::text FROM articles_search "
                "ORDER BY article_id"
            )
        else:
            cursor.execute(
                f"SELECT rowid, {', '.join(COLUMNS)} FROM articles_search "
                "ORDER BY rowid"
            )
        return cursor.fetchall()


def index_definitions():
    """The search index's tables and indexes, as the migrations made them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexdef FROM pg_indexes "
                "WHERE tablename LIKE 'articles_search%' ORDER BY indexname"
            )
        else:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE name LIKE 'articles_search%' "
                "ORDER BY name"
            )
        return cursor.fetchall()


@pytest.mark.django_db
class TestRebuild:
    QUERIES = [
        ("fuzhou", "en"),
        ("certif lab", "en"),
        ("福州", "zh-hans"),
        ("新能源汽车", "zh-hans"),
        ("CQC 福州", "en"),
        ("2024", "zh-hans"),
    ]

    def test_rebuilding_indexes_articles_as_saving_them_does(self, monkeypatch):
        # Batches of two: the next is tokenised while one is written.
        monkeypatch.setattr(search_package, "BATCH_SIZE", 2)
        ArticleFactory(title_en="Fuzhou laboratory", body_en="<p>Certified.</p>")
        ArticleFactory(
            title_en="New energy vehicles",
            standfirst_zh_hans="推动新能源汽车产品认证工作。",
            body_zh_hans="<p>CQC福州分中心</p>",
        )
        ArticleFactory(title_zh_hans="福州论坛", body_en="<p>Lab &amp; forum</p>")
        ArticleFactory(
            title_en="Fuzhou draft", status=Article.Status.DRAFT, published_at=None
        )
        # Full-width letters, and no Chinese text.
        ArticleFactory(title_en="\uff23\uff31\uff23", title_zh_hans="", body_zh_hans="")
        saved = index_entries()
        found = {query: ids(search(*query)) for query in self.QUERIES}
        assert rebuild_index() == 5
        assert index_entries() == saved
        assert {query: ids(search(*query)) for query in self.QUERIES} == found
        assert all(found.values())

    def test_rebuilding_keeps_the_index_as_the_migrations_made_it(self):
        ArticleFactory()
        made = index_definitions()
        rebuild_index()
        assert index_definitions() == made


# Where the matches are among the articles, oldest first: M matches, n not.
MATCHES = {
    "among the newest": "MMMMM",
    "few in all": "MMnnnnnnnnnn",
    "within a wider window": "MnnnnMnnMnn",
    "beyond a wider window": "MnnnnnnnMnn",
}


@pytest.fixture
def small_windows(monkeypatch):
    """
    Two results, searched for among the newest in windows of a few articles,
    as among 100,000 in windows of thousands, and all the matches read at
    once only when none is among the newest, however high the ids have come
    (PostgreSQL searches in windows; the results are the same on SQLite).
    """
    monkeypatch.setattr(search_package, "MAX_RESULTS", 2)
    monkeypatch.setattr(postgres_backend, "FIRST_WINDOW", 1)
    monkeypatch.setattr(postgres_backend, "BLOCK", 1)
    monkeypatch.setattr(postgres_backend, "READ_ALL", 0)


def articles_matching(pattern):
    """Articles whose titles match "fuzhou" where ``pattern`` says M; their ids."""
    articles = [
        ArticleFactory(title_en="Fuzhou forum" if mark == "M" else "Xiamen forum")
        for mark in pattern
    ]
    return [
        article.pk
        for article, mark in zip(articles, pattern, strict=True)
        if mark == "M"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", MATCHES.values(), ids=MATCHES)
def test_the_newest_matches_are_found_wherever_they_are(pattern, small_windows):
    matches = articles_matching(pattern)
    assert ids(search("fuzhou", "en")) == matches[::-1][:2]


@pytest.mark.django_db
def test_searching_takes_as_many_queries_wherever_the_matches_are(small_windows):
    counts = set()
    for pattern in MATCHES.values():
        articles_matching(pattern)
        with CaptureQueriesContext(connection) as queries:
            search("fuzhou", "en")
        counts.add(len(queries))
        Article.objects.all().delete()
    assert len(counts) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_never_raise(query):
    ArticleFactory(title_en="CQC Fuzhou", title_zh_hans="福州")
    for language in ("en", "zh-hans"):
        assert len(search(query, language)) <= MAX_RESULTS
    assert "<script>" not in highlight("<script>CQC</script> 福州", query)


@pytest.mark.django_db
def test_query_operators_are_plain_words():
    article = ArticleFactory(title_en="Near the forum, and or not")
    assert ids(search('"near" (forum) AND*', "en")) == [article.pk]


def test_huge_queries_are_truncated():
    assert query_terms("ab " * 10_000) == query_terms("ab")
    assert sum(len(term.text) for term in query_terms("x" * 10_000)) == MAX_QUERY_LENGTH


def test_chinese_text_is_indexed_as_bigrams_and_words_whole():
    assert index_tokens("新能源汽车 CQC-2024。") == "新能 能源 源汽 汽车 cqc 2024"


def test_lone_chinese_characters_give_no_token_and_words_are_lower_cased():
    assert index_tokens("中心ＣＱＣ福 x厦门") == "中心 cqc x 厦门"


def test_plain_text_separates_block_elements_and_decodes_entities():
    assert plain_text("<p>one</p><p>two &amp; three</p>") == "one two & three"


class TestHighlight:
    def test_marks_english_case_insensitively_and_whole_words(self):
        assert highlight("CQC certification in Fuzhou", "certif fuzhou") == (
            "CQC <mark>certification</mark> in <mark>Fuzhou</mark>"
        )

    def test_marks_chinese_inside_text(self):
        assert (
            highlight("推动新能源汽车认证", "新能源汽车")
            == "推动<mark>新能源汽车</mark>认证"
        )

    def test_marks_both_languages_in_one_text(self):
        assert (
            highlight("CQC福州分中心", "福州 cqc")
            == "<mark>CQC</mark><mark>福州</mark>分中心"
        )

    def test_marks_short_words_only_whole(self):
        assert highlight("Europe and the EU", "eu") == "Europe and the <mark>EU</mark>"

    def test_does_not_mark_inside_words(self):
        assert highlight("Fuzhou", "zhou") == "Fuzhou"

    def test_escapes_the_text_and_the_query(self):
        result = highlight('<script>alert("x")</script> & script', "<script>")
        assert "<script>" not in result
        assert result == (
            "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt;"
            " &amp; <mark>script</mark>"
        )

    def test_query_without_terms_leaves_text_escaped(self):
        assert highlight("a < b", "<>") == "a &lt; b"

    def test_snippet_shows_the_body_around_the_first_match(self):
        body = "<p>" + "Lorem ipsum. " * 40 + "</p><p>The <b>Fuzhou</b> laboratory.</p>"
        result = snippet(body, "fuzhou", length=60)
        assert result.startswith("…") and "<mark>Fuzhou</mark>" in result
        assert "<b>" not in result and len(result) < 100

    def test_snippet_without_a_match_shows_the_beginning(self):
        assert snippet("<p>短新闻</p>", "福州") == "短新闻"
