"""Feeds and discovery: RSS, sitemaps, robots.txt and the events' calendar files."""

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import calendar
from articles.models import Article
from articles.sitemaps import ArticleSitemap, BilingualSitemap
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    PersonFactory,
)
from tests.pages import url_in

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def fetch(client, address, content_type):
    response = client.get(address)
    assert response.status_code == 200, address
    assert response["Content-Type"].startswith(content_type)
    assert not response.cookies, address
    return response


def xml_of(client, address, content_type="application/xml"):
    return ET.fromstring(fetch(client, address, content_type).content)


# RSS


@pytest.mark.parametrize(
    ("language", "code", "title"),
    [
        ("en", "en", "China Quality Certification Centre — News"),
        ("zh-hans", "zh-cn", "中国质量认证中心新闻"),
    ],
)
def test_feed_lists_published_articles_in_its_language(client, language, code, title):
    published = ArticleFactory()
    ArticleFactory(status=Article.Status.DRAFT, title_en="Draft", title_zh_hans="草稿")
    ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    channel = xml_of(client, url_in(language, "feed"), "application/rss+xml").find(
        "channel"
    )
    assert channel.findtext("language") == code
    assert channel.findtext("title") == title
    assert channel.findtext("description")
    assert (
        channel.findtext("link")
        == f"http://testserver{url_in(language, 'article-list')}"
    )
    (item,) = channel.findall("item")
    address = (
        f"http://testserver{url_in(language, 'article-detail', slug=published.slug)}"
    )
    assert item.findtext("title") == (
        published.title_en if language == "en" else published.title_zh_hans
    )
    assert item.findtext("link") == address
    assert item.findtext("guid") == address
    assert item.findtext("description") == (
        published.standfirst_en if language == "en" else published.standfirst_zh_hans
    )
    assert item.findtext("pubDate") == published.published_at.strftime(
        "%a, %d %b %Y %H:%M:%S +0000"
    )


def test_feed_leaves_out_articles_without_text_in_its_language(client):
    ArticleFactory(title_zh_hans="", standfirst_zh_hans="", body_zh_hans="")
    chinese = xml_of(client, url_in("zh-hans", "feed"), "application/rss+xml")
    english = xml_of(client, url_in("en", "feed"), "application/rss+xml")
    assert chinese.findall("channel/item") == []
    assert len(english.findall("channel/item")) == 1


def test_feed_describes_an_article_without_standfirst_by_its_body(client):
    ArticleFactory(standfirst_en="", body_en="<p>On March 1, <b>CQC</b> signed.</p>")
    feed = xml_of(client, url_in("en", "feed"), "application/rss+xml")
    assert feed.findtext("channel/item/description") == "On March 1, CQC signed."


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_announces_its_languages_feed(client, language):
    html = client.get(url_in(language, "home")).content.decode()
    link = re.search(r'<link rel="alternate" type="application/rss\+xml"[^>]*>', html)[
        0
    ]
    assert f'href="{url_in(language, "feed")}"' in link


# Sitemap


def sitemap_entries(client):
    """
    ``{address: (lastmod, {hreflang: address})}`` from every sitemap that the
    index at /sitemap.xml lists.
    """
    index = xml_of(client, reverse("sitemap"))
    entries = {}
    for location in index.iter(f"{SITEMAP}loc"):
        root = xml_of(client, location.text.removeprefix("http://testserver"))
        for url in root.findall(f"{SITEMAP}url"):
            entries[url.findtext(f"{SITEMAP}loc")] = (
                url.findtext(f"{SITEMAP}lastmod"),
                {
                    link.get("hreflang"): link.get("href")
                    for link in url.findall(f"{XHTML}link")
                },
            )
    return entries


def test_sitemap_index_pages_a_large_archive(client, monkeypatch):
    monkeypatch.setattr(BilingualSitemap, "limit", 4)
    articles = ArticleFactory.create_batch(5)
    index = xml_of(client, reverse("sitemap"))
    pages = [
        location.text
        for location in index.iter(f"{SITEMAP}loc")
        if "sitemap-articles.xml" in location.text
    ]
    assert len(pages) == 3
    entries = sitemap_entries(client)
    for article in articles:
        for language in ("en", "zh-hans"):
            address = url_in(language, "article-detail", slug=article.slug)
            assert f"http://testserver{address}" in entries


def test_sitemap_lists_every_public_page_in_both_languages(client):
    article = ArticleFactory(
        published_at=timezone.make_aware(datetime.datetime(2024, 3, 1))
    )
    draft = ArticleFactory(status=Article.Status.DRAFT)
    event, person = EventFactory(), PersonFactory()
    organization, standing = OrganizationFactory(), PageFactory()
    entries = sitemap_entries(client)
    pages = [
        ("home", {}),
        ("article-list", {}),
        ("article-year", {"year": 2024}),
        ("event-list", {}),
        ("article-detail", {"slug": article.slug}),
        ("event-detail", {"slug": event.slug}),
        ("person-detail", {"slug": person.slug}),
        ("organization-detail", {"slug": organization.slug}),
        ("page-detail", {"slug": standing.slug}),
    ]
    for name, kwargs in pages:
        english, chinese = (
            f"http://testserver{url_in(language, name, **kwargs)}"
            for language in LANGUAGES
        )
        for address in (english, chinese):
            _lastmod, alternates = entries[address]
            assert alternates == {
                "en": english,
                "zh-hans": chinese,
                "x-default": english.replace("/en/", "/", 1),
            }
    assert len(entries) == 2 * len(pages)
    assert not any(draft.slug in address for address in entries)


def test_sitemap_dates_articles_by_their_last_change(client):
    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(
        updated_at=timezone.make_aware(datetime.datetime(2030, 1, 2, 12))
    )
    lastmod, _alternates = sitemap_entries(client)[
        f"http://testserver{url_in('en', 'article-detail', slug=article.slug)}"
    ]
    assert lastmod == "2030-01-02"


def test_sitemap_index_dates_articles_without_reading_each(client, monkeypatch):
    newest = timezone.make_aware(datetime.datetime(2030, 1, 2, 12))
    edited, _other = ArticleFactory.create_batch(2)
    Article.objects.filter(pk=edited.pk).update(updated_at=newest)
    monkeypatch.setattr(
        ArticleSitemap, "lastmod", lambda self, item: pytest.fail("read one by one")
    )
    index = xml_of(client, reverse("sitemap"))
    dates = {
        entry.find(f"{SITEMAP}loc").text: entry.find(f"{SITEMAP}lastmod").text
        for entry in index.iter(f"{SITEMAP}sitemap")
        if entry.find(f"{SITEMAP}lastmod") is not None
    }
    assert dates["http://testserver/sitemap-articles.xml"].startswith("2030-01-02")


def test_x_default_address_sends_readers_to_their_language(client):
    article = ArticleFactory()
    response = client.get(
        url_in("en", "article-detail", slug=article.slug).replace("/en/", "/", 1),
        HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9",
    )
    assert response.status_code == 302
    assert response["Location"] == url_in(
        "zh-hans", "article-detail", slug=article.slug
    )


# Google News sitemap


@pytest.mark.parametrize(("language", "code"), [("en", "en"), ("zh-hans", "zh-cn")])
def test_news_sitemap_lists_articles_of_the_last_two_days(client, language, code):
    fresh = ArticleFactory(published_at=timezone.now() - datetime.timedelta(hours=5))
    ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=3))
    ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now())
    root = xml_of(client, url_in(language, "news-sitemap"))
    (url,) = root.findall(f"{SITEMAP}url")
    assert url.findtext(f"{SITEMAP}loc") == (
        f"http://testserver{url_in(language, 'article-detail', slug=fresh.slug)}"
    )
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == (
        "China Quality Certification Centre" if language == "en" else "中国质量认证中心"
    )
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == code
    published = datetime.datetime.fromisoformat(
        news.findtext(f"{NEWS}publication_date")
    )
    assert published == fresh.published_at
    assert news.findtext(f"{NEWS}title") == (
        fresh.title_en if language == "en" else fresh.title_zh_hans
    )


def test_news_sitemap_without_fresh_news_is_not_found_nor_announced(client):
    """
    A ``<urlset>`` without ``<url>`` breaks the sitemap schema: with no news
    of the last two days in a language, its news sitemap is not found, and
    robots.txt names only the news sitemap that has news.
    """
    ArticleFactory(published_at=timezone.make_aware(datetime.datetime(2024, 3, 1)))
    ArticleFactory(
        title_zh_hans="",
        standfirst_zh_hans="",
        body_zh_hans="",
        published_at=timezone.now() - datetime.timedelta(hours=5),
    )

    assert client.get(url_in("zh-hans", "news-sitemap")).status_code == 404
    english = xml_of(client, url_in("en", "news-sitemap"))
    assert len(english.findall(f"{SITEMAP}url")) == 1
    lines = fetch(client, "/robots.txt", "text/plain").content.decode().splitlines()
    assert "Sitemap: http://testserver/en/news-sitemap.xml" in lines
    assert "Sitemap: http://testserver/zh-hans/news-sitemap.xml" not in lines


# robots.txt


def test_robots_txt_keeps_crawlers_out_of_admin_and_search(client):
    ArticleFactory()  # news of the last two days in both languages
    text = fetch(client, "/robots.txt", "text/plain").content.decode()
    lines = text.splitlines()
    assert lines[:2] == ["User-agent: *", "Disallow: /admin/"]
    assert "Disallow: /en/search/" in lines
    assert "Disallow: /zh-hans/search/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/en/news-sitemap.xml" in lines
    assert "Sitemap: http://testserver/zh-hans/news-sitemap.xml" in lines


def test_robots_txt_reads_the_same_to_a_crawler_taking_the_first_matching_rule(
    client,
):
    """Python's robotparser applies the first rule that matches, not the longest."""
    article = ArticleFactory()
    parser = RobotFileParser()
    parser.parse(
        fetch(client, "/robots.txt", "text/plain").content.decode().splitlines()
    )

    def allowed(address):
        return parser.can_fetch("AnyBot", f"http://testserver{address}")

    assert not allowed("/admin/")
    assert not allowed(reverse("admin:articles_article_changelist"))
    for language in LANGUAGES:
        assert not allowed(url_in(language, "search"))
        assert not allowed(f"{url_in(language, 'search')}?q=CQC")
        assert allowed(url_in(language, "home"))
        assert allowed(url_in(language, "article-detail", slug=article.slug))
    assert allowed(reverse("sitemap"))


# iCalendar


def unfold(text):
    """RFC 5545 3.1: a CRLF followed by a space continues the line."""
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_text_is_escaped():
    assert calendar.escape_text("a,b;c\\d\ne\r\nf") == "a\\,b\\;c\\\\d\\ne\\nf"


def test_calendar_folds_at_75_octets_without_splitting_a_character():
    line = "DESCRIPTION:" + "质量认证" * 30
    folded = calendar.fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(part.encode()) <= 75 for part in parts)
    assert all(part.startswith(" ") for part in parts[1:])
    assert "".join(part[1:] if n else part for n, part in enumerate(parts)) == line


@pytest.mark.parametrize("language", LANGUAGES)
def test_event_calendar_file_is_an_all_day_event(client, language):
    event = EventFactory(
        slug="quality-forum-2023",
        name_en="Quality Forum, 2023; Fuzhou",
        name_zh_hans="质量论坛2023",
        start_date=datetime.date(2023, 10, 31),
        end_date=datetime.date(2023, 11, 1),
        venue_en="Strait Conference Centre",
        city_en="Fuzhou",
        city_zh_hans="福州",
        summary_en="Experts met.\nThey agreed on a long list of things " * 3,
    )
    response = fetch(
        client,
        url_in(language, "event-calendar", slug=event.slug),
        "text/calendar",
    )
    assert response["Content-Disposition"] == (
        'attachment; filename="quality-forum-2023.ics"'
    )
    text = response.content.decode()
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    properties = dict(line.split(":", 1) for line in lines if line)
    assert properties["VERSION"] == "2.0"
    assert properties["UID"] == "event-quality-forum-2023@testserver"
    assert re.fullmatch(r"\d{8}T\d{6}Z", properties["DTSTAMP"])
    assert properties["DTSTART;VALUE=DATE"] == "20231031"
    assert properties["DTEND;VALUE=DATE"] == "20231102"  # the day after, exclusive
    assert properties["URL"] == (
        f"http://testserver{url_in(language, 'event-detail', slug=event.slug)}"
    )
    if language == "en":
        assert properties["SUMMARY"] == "Quality Forum\\, 2023\\; Fuzhou"
        assert properties["LOCATION"] == "Strait Conference Centre\\, Fuzhou"
        assert properties["DESCRIPTION"].startswith("Experts met.\\nThey agreed")
    else:
        assert properties["SUMMARY"] == "质量论坛2023"


def test_one_day_event_ends_the_next_day(client):
    event = EventFactory(start_date=datetime.date(2024, 3, 1), end_date=None)
    text = client.get(url_in("en", "event-calendar", slug=event.slug)).content.decode()
    assert "DTSTART;VALUE=DATE:20240301\r\n" in text
    assert "DTEND;VALUE=DATE:20240302\r\n" in text


def test_event_page_links_to_its_calendar_file(client):
    event = EventFactory()
    html = client.get(
        url_in("zh-hans", "event-detail", slug=event.slug)
    ).content.decode()
    assert f'href="{url_in("zh-hans", "event-calendar", slug=event.slug)}"' in html


def test_unknown_event_has_no_calendar_file(client):
    assert client.get(url_in("en", "event-calendar", slug="nothing")).status_code == 404


def test_a_sitemap_page_loads_only_its_own_articles(client, monkeypatch):
    monkeypatch.setattr(BilingualSitemap, "limit", 4)
    ArticleFactory.create_batch(5)
    with CaptureQueriesContext(connection) as queries:
        fetch(client, "/sitemap-articles.xml?p=2", "application/xml")
    article_queries = [
        query["sql"] for query in queries if 'FROM "articles_article"' in query["sql"]
    ]
    assert any("LIMIT 2 OFFSET 2" in sql for sql in article_queries)
