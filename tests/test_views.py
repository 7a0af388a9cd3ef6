"""The reader pages as a reader sees them, in both languages."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Correction, Participation, TranslationStatus
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.pages import url_in

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LANGUAGES = ["en", "zh-hans"]
HTML_LANG = {"en": "en", "zh-hans": "zh-Hans"}
OTHER = {"en": "zh-hans", "zh-hans": "en"}
HEADER = {
    "en": ("Homepage", "Favorites", "中文版"),
    "zh-hans": ("首页", "收藏", "English"),
}
PAGE_TYPES = [
    "home",
    "article-list",
    "article-year",
    "article-detail",
    "event-list",
    "event-detail",
    "person-detail",
    "organization-detail",
    "organization-people",
    "organization-events",
    "page-detail",
    "favorites",
    "search",
]


@pytest.fixture
def content():
    """One of everything, linked the way the news links them."""
    cqc = OrganizationFactory(name_en="China Quality Certification Centre", slug="cqc")
    branch = OrganizationFactory(
        name_en="CQC Fuzhou sub-branch", slug="cqc-fuzhou", parent=cqc
    )
    forum = EventFactory(
        slug="forum-2023",
        name_en="Quality Forum 2023",
        name_zh_hans="质量论坛2023",
        start_date=datetime.date(2023, 10, 31),
        end_date=datetime.date(2023, 11, 1),
        attendance=1000,
        attendance_is_approximate=True,
    )
    forum.organisers.add(cqc)
    seminar = EventFactory(
        slug="seminar-2023",
        name_en="Standards Seminar",
        parent=forum,
        start_date=datetime.date(2023, 11, 1),
        attendance=40,
    )
    person = PersonFactory(
        slug="xie-zhaoxu",
        name_en="Xie Zhaoxu",
        name_zh_hans="谢钊旭",
        honorific_en="Mr.",
        honorific_zh_hans="先生",
    )
    ParticipationFactory(
        event=forum,
        person=person,
        organization=cqc,
        role_en="Party Secretary and Director",
        role_zh_hans="党委书记、主任",
        part=Participation.Part.HOST,
    )
    ParticipationFactory(
        event=seminar,
        person=person,
        organization=branch,
        role_en="Secretary of the Party Committee",
        role_zh_hans="党委书记",
    )
    article = ArticleFactory(
        slug="forum-opens",
        title_en="Quality Forum opens",
        title_zh_hans="质量论坛开幕",
        published_at=datetime.datetime(2024, 3, 15, 10, tzinfo=SHANGHAI),
    )
    article.events.add(forum)
    article.organizations.add(cqc)
    page = PageFactory(
        slug="introduction-of-website",
        title_en="Introduction of Website",
        title_zh_hans="网站介绍",
        footer_order=1,
    )
    PageFactory(
        slug="exception-clause",
        title_en="Exception Clause",
        title_zh_hans="免责条款",
        footer_order=2,
    )
    return {
        "article": article,
        "event": forum,
        "seminar": seminar,
        "person": person,
        "organization": cqc,
        "branch": branch,
        "page": page,
    }


def page_url(content, page_type, language):
    """The address of one page of each type, built from ``content``."""
    objects = {
        "article-detail": "article",
        "event-detail": "event",
        "person-detail": "person",
        "organization-detail": "organization",
        "organization-people": "organization",
        "organization-events": "organization",
        "page-detail": "page",
    }
    if page_type in objects:
        return url_in(language, page_type, slug=content[objects[page_type]].slug)
    if page_type == "article-year":
        return url_in(language, page_type, year=2024)
    return url_in(language, page_type)


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_root_redirects_to_the_readers_language(client):
    chinese = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9,en;q=0.5")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    unknown = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR")

    assert chinese.status_code == 302 and chinese["Location"] == "/zh-hans/"
    assert english["Location"] == "/en/"
    assert unknown["Location"] == "/en/"
    assert "Accept-Language" in chinese["Vary"]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_carries_the_site_chrome(client, content, page_type, language):
    url = page_url(content, page_type, language)
    html = html_of(client.get(url))

    assert f'<html lang="{HTML_LANG[language]}">' in html
    for label in HEADER[language]:
        assert label in html
    home, favorites, search = (
        url_in(language, name) for name in ("home", "favorites", "search")
    )
    assert f'href="{home}"' in html and f'href="{favorites}"' in html
    assert f'action="{search}"' in html
    footer = ["Introduction of Website", "Exception Clause"]
    if language == "zh-hans":
        footer = ["网站介绍", "免责条款"]
    assert html.index(footer[0]) < html.index(footer[1])
    assert f'<link rel="canonical" href="http://testserver{url}">' in html
    for other in LANGUAGES:
        alternate = page_url(content, page_type, other)
        assert (
            f'<link rel="alternate" hreflang="{HTML_LANG[other]}" '
            f'href="http://testserver{alternate}">'
        ) in html
    neutral = page_url(content, page_type, "en").replace("/en/", "/", 1)
    assert (
        f'<link rel="alternate" hreflang="x-default" href="http://testserver{neutral}">'
    ) in html


def test_the_header_kept_for_one_page_fits_every_other(client, content):
    """
    The header's words and addresses are rendered once per language and
    section and kept: one after the other, in one run, every page still
    gets its own language, its own section marked, and its own toggle.
    """
    sections = {"home", "article-list", "event-list", "favorites"}
    for language in LANGUAGES:
        for page_type in PAGE_TYPES:
            url = page_url(content, page_type, language)
            html = html_of(client.get(url))

            for label in HEADER[OTHER[language]][:2]:
                assert label not in html, (url, label)
            toggle = re.search(r'<a class="language-toggle" href="([^"]+)"', html)
            assert toggle[1] == page_url(content, page_type, OTHER[language])
            header = re.search(r'<header class="site-header">.*?</header>', html, re.S)
            marked = re.findall(
                r'<a href="([^"]+)"[^>]* aria-current="page"', header[0]
            )
            assert marked == ([url] if page_type in sections else []), url


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_toggle_leads_to_the_same_page_in_the_other_language(
    client, content, page_type, language
):
    html = html_of(client.get(page_url(content, page_type, language)))
    other = OTHER[language]

    toggle = re.search(r'<a class="language-toggle" href="([^"]+)"', html)
    assert toggle.group(1) == page_url(content, page_type, other)
    assert html_of(client.get(toggle.group(1)))


@pytest.mark.parametrize("page_type", ["article-list", "event-list"])
def test_toggle_keeps_the_page_number_and_query(client, page_type):
    ArticleFactory.create_batch(11)
    EventFactory.create_batch(21)
    url = url_in("en", page_type) + "?page=2&ref=mail"

    html = html_of(client.get(url))

    target = url_in("zh-hans", page_type) + "?page=2&amp;ref=mail"
    assert f'class="language-toggle" href="{target}"' in html
    canonical = url_in("en", page_type) + "?page=2"
    assert f'<link rel="canonical" href="http://testserver{canonical}">' in html


def test_search_toggle_keeps_the_query(client):
    html = html_of(client.get(url_in("zh-hans", "search") + "?q=CQC"))
    assert f'href="{url_in("en", "search")}?q=CQC"' in html
    assert 'value="CQC"' in html


def test_toggle_on_a_missing_page_leads_to_the_other_home_page(client):
    response = client.get("/en/no-such-section/")
    html = response.content.decode()

    assert response.status_code == 404
    assert f'class="language-toggle" href="{url_in("zh-hans", "home")}"' in html


@pytest.mark.parametrize(
    "status, published_in",
    [
        (Article.Status.DRAFT, None),
        (Article.Status.PUBLISHED, datetime.timedelta(days=1)),
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_article_is_not_found(client, status, published_in):
    # From the time the test runs, not the time the tests were collected.
    published_at = None if published_in is None else timezone.now() + published_in
    article = ArticleFactory(status=status, published_at=published_at)

    for language in LANGUAGES:
        url = url_in(language, "article-detail", slug=article.slug)
        assert client.get(url).status_code == 404
    assert (
        article.title_en
        not in client.get(url_in("en", "article-list")).content.decode()
    )


def test_news_list_is_newest_first_and_paginated(client):
    now = timezone.now()
    articles = [
        ArticleFactory(published_at=now - datetime.timedelta(days=days))
        for days in range(1, 13)
    ]

    first = html_of(client.get(url_in("en", "article-list")))
    second = html_of(client.get(url_in("en", "article-list") + "?page=2"))

    assert first.index(articles[0].title_en) < first.index(articles[9].title_en)
    assert articles[10].title_en not in first
    assert articles[10].title_en in second and articles[11].title_en in second
    assert 'href="?page=2" rel="next"' in first


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1.5", ""])
@pytest.mark.parametrize("page_type", ["article-list", "event-list", "article-year"])
def test_bad_page_number_is_not_found(client, content, page_type, page):
    ArticleFactory.create_batch(
        11, published_at=datetime.datetime(2024, 5, 1, tzinfo=SHANGHAI)
    )
    EventFactory.create_batch(21)
    url = page_url(content, page_type, "en") + f"?page={page}"

    expected = 200 if page == "" else 404
    assert client.get(url).status_code == expected


def test_year_archive_lists_that_year_only(client, content):
    old = ArticleFactory(published_at=datetime.datetime(2021, 6, 1, tzinfo=SHANGHAI))

    html = html_of(client.get(url_in("en", "article-year", year=2024)))

    assert content["article"].title_en in html and old.title_en not in html
    assert f'href="{url_in("en", "article-year", year=2021)}"' in html
    assert client.get(url_in("en", "article-year", year=2019)).status_code == 404


def test_article_date_is_written_the_readers_way(client, content):
    article = content["article"]

    english = html_of(client.get(url_in("en", "article-detail", slug=article.slug)))
    chinese = html_of(
        client.get(url_in("zh-hans", "article-detail", slug=article.slug))
    )

    assert "March 15, 2024" in english
    assert "2024年3月15日" in chinese


def test_article_page_shows_events_people_roles_and_organisations(client, content):
    article = content["article"]
    older = ArticleFactory(published_at=article.published_at - datetime.timedelta(1))
    newer = ArticleFactory(published_at=article.published_at + datetime.timedelta(1))
    ArticleFactory(
        status=Article.Status.DRAFT,
        published_at=article.published_at + datetime.timedelta(hours=1),
    )

    html = html_of(client.get(url_in("en", "article-detail", slug=article.slug)))

    assert "Quality Forum 2023" in html
    assert "October 31 – November 1, 2023" in html  # noqa: RUF001
    assert "about 1,000 people" in html
    assert "Mr. Xie Zhaoxu" in html and "Party Secretary and Director" in html
    assert f'href="{content["organization"].get_absolute_url()}"' in html
    assert re.search(rf'href="{older.get_absolute_url()}" rel="prev"', html)
    assert re.search(rf'href="{newer.get_absolute_url()}" rel="next"', html)


def test_articles_published_at_the_same_time_still_link_to_each_other(client):
    moment = timezone.now() - datetime.timedelta(days=2)
    first, second, third = ArticleFactory.create_batch(3, published_at=moment)

    html = html_of(client.get(url_in("en", "article-detail", slug=second.slug)))

    assert (
        f'href="{url_in("en", "article-detail", slug=first.slug)}" rel="prev"' in html
    )
    assert (
        f'href="{url_in("en", "article-detail", slug=third.slug)}" rel="next"' in html
    )


def test_corrections_are_owned_up_to_under_the_article(client, content):
    article = content["article"]
    Correction.objects.create(
        article=article,
        date=datetime.date(2024, 3, 16),
        note_en="An earlier version gave the wrong date.",
        note_zh_hans="此前版本的日期有误。",
    )

    english = html_of(client.get(url_in("en", "article-detail", slug=article.slug)))
    chinese = html_of(
        client.get(url_in("zh-hans", "article-detail", slug=article.slug))
    )

    assert "March 16, 2024" in english
    assert "An earlier version gave the wrong date." in english
    assert "2024年3月16日" in chinese and "此前版本的日期有误。" in chinese


def test_chinese_article_page_uses_chinese_order_and_formats(client, content):
    slug = content["article"].slug
    html = html_of(client.get(url_in("zh-hans", "article-detail", slug=slug)))

    assert "谢钊旭先生</a>，<span>党委书记、主任</span>" in html
    assert "2023年10月31日至11月1日" in html
    assert "约1000人" in html


def test_article_only_in_chinese_says_so_to_english_readers(client):
    article = ArticleFactory(
        title_en="",
        standfirst_en="",
        body_en="",
        translation_status_en=TranslationStatus.MISSING,
    )

    html = html_of(client.get(url_in("en", "article-detail", slug=article.slug)))

    assert "This article is available in Chinese only." in html
    assert '<div class="article__text" lang="zh-Hans">' in html
    assert article.title_zh_hans in html and article.body_zh_hans in html


def test_article_without_chinese_says_so_to_chinese_readers(client):
    article = ArticleFactory(
        title_zh_hans="",
        standfirst_zh_hans="",
        body_zh_hans="<p>孤立的段落</p>",
        translation_status_zh_hans=TranslationStatus.MISSING,
    )

    html = html_of(client.get(url_in("zh-hans", "article-detail", slug=article.slug)))

    assert "本文暂无中文版，以下为英文原文" in html
    assert '<div class="article__text" lang="en">' in html
    # The whole text comes from English: no stray Chinese paragraph in it.
    assert article.body_en in html and "孤立的段落" not in html


def test_draft_translation_is_shown_with_a_notice(client):
    article = ArticleFactory(translation_status_zh_hans=TranslationStatus.DRAFT)

    chinese = html_of(
        client.get(url_in("zh-hans", "article-detail", slug=article.slug))
    )
    english = html_of(client.get(url_in("en", "article-detail", slug=article.slug)))

    assert "本译文尚待审校" in chinese and article.title_zh_hans in chinese
    assert '<div class="article__text">' in chinese
    assert 'class="notice"' not in english


def test_reviewed_article_has_no_notice(client, content):
    for language in LANGUAGES:
        url = url_in(language, "article-detail", slug=content["article"].slug)
        assert 'class="notice"' not in html_of(client.get(url))


def test_untranslated_title_in_a_list_is_marked_with_its_language(client):
    article = ArticleFactory(title_zh_hans="")

    html = html_of(client.get(url_in("zh-hans", "article-list")))

    assert f'lang="en">{article.title_en}</a>' in html
    assert "英文" in html


def test_event_page_groups_participants_by_organisation(client, content):
    forum = content["event"]
    guest = ParticipationFactory(event=forum, role_en="Professor")
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    draft.events.add(forum)

    html = html_of(client.get(url_in("en", "event-detail", slug=forum.slug)))

    assert "October 31 – November 1, 2023" in html and "Beijing" in html  # noqa: RUF001
    assert "about 1,000 people" in html
    assert content["seminar"].name_en in html
    cqc, guest_org = content["organization"].name_en, guest.organization.name_en
    assert html.index(cqc) < html.index("Mr. Xie Zhaoxu") < html.index(guest_org)
    assert html.index(guest_org) < html.index("Professor")
    assert content["article"].title_en in html and draft.title_en not in html


def test_sub_event_links_to_its_parent(client, content):
    seminar = content["seminar"]
    html = html_of(client.get(url_in("zh-hans", "event-detail", slug=seminar.slug)))

    assert f'href="{url_in("zh-hans", "event-detail", slug="forum-2023")}"' in html
    assert "40人" in html and "2023年11月1日" in html


def test_person_page_lists_each_role_with_its_event_and_news(client, content):
    person = content["person"]
    html = html_of(client.get(url_in("en", "person-detail", slug=person.slug)))

    assert "<h1" in html and "Mr. Xie Zhaoxu" in html
    # Newest first, each role with the event it was held at.
    assert html.index("Standards Seminar") < html.index("Quality Forum 2023")
    assert html.index("Secretary of the Party Committee") < html.index(
        "Party Secretary and Director"
    )
    assert content["article"].get_absolute_url() in html


def test_organization_page_shows_hierarchy_people_events_and_news(client, content):
    cqc = content["organization"]
    html = html_of(client.get(url_in("en", "organization-detail", slug=cqc.slug)))

    assert content["branch"].get_absolute_url() in html
    assert "Mr. Xie Zhaoxu" in html and "Party Secretary and Director" in html
    assert "Quality Forum 2023" in html and "Organiser" in html
    assert content["article"].title_en in html

    branch = content["branch"]
    html = html_of(client.get(url_in("en", "organization-detail", slug=branch.slug)))
    assert f'href="{cqc.get_absolute_url()}"' in html
    assert "Standards Seminar" in html


def test_organization_and_event_pages_page_through_their_news(client):
    cqc = OrganizationFactory(slug="cqc")
    forum = EventFactory(slug="forum")
    now = timezone.now()
    articles = [
        ArticleFactory(published_at=now - datetime.timedelta(days=days))
        for days in range(1, 13)
    ]
    for article in articles:
        article.organizations.add(cqc)
        article.events.add(forum)

    for name, slug in [("organization-detail", "cqc"), ("event-detail", "forum")]:
        address = url_in("en", name, slug=slug)
        first = html_of(client.get(address))
        second = html_of(client.get(address + "?page=2"))

        assert first.index(articles[0].title_en) < first.index(articles[9].title_en)
        assert articles[10].title_en not in first
        assert 'href="?page=2"' in first
        assert articles[10].title_en in second and articles[11].title_en in second
        assert client.get(address + "?page=3").status_code == 404


def test_person_page_shows_an_events_latest_news_and_links_to_the_rest(client):
    person = PersonFactory()
    busy, quiet = EventFactory(name_en="Busy forum"), EventFactory()
    ParticipationFactory(person=person, event=busy)
    ParticipationFactory(person=person, event=quiet)
    now = timezone.now()
    busy_news = [
        ArticleFactory(published_at=now - datetime.timedelta(days=days))
        for days in range(1, 7)
    ]
    for article in busy_news:
        article.events.add(busy)
    ArticleFactory().events.add(quiet)

    html = html_of(client.get(url_in("en", "person-detail", slug=person.slug)))

    assert all(article.title_en in html for article in busy_news[:5])
    assert busy_news[5].title_en not in html
    more = f'<a href="{busy.get_absolute_url()}">More news'
    assert html.count(more) == 1 and html.count("More news") == 1


def test_news_list_counts_follow_new_articles(client):
    now = timezone.now()
    for days in range(1, 11):
        ArticleFactory(published_at=now - datetime.timedelta(days=days))
    address = url_in("en", "article-list")
    assert 'href="?page=2"' not in html_of(client.get(address))

    ArticleFactory(published_at=now - datetime.timedelta(days=20))

    assert 'href="?page=2"' in html_of(client.get(address))
    assert client.get(address + "?page=2").status_code == 200


def test_footer_notice_is_shown_when_set(client, content, settings):
    settings.SITE_FOOTER_NOTICE = "京ICP备00000000号"
    assert "京ICP备00000000号" in html_of(client.get(url_in("en", "home")))


def test_favorites_page_says_nothing_is_saved(client):
    html = html_of(client.get(url_in("zh-hans", "favorites")))
    assert "收藏" in html and 'name="robots" content="noindex"' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_public_pages_set_no_cookie(client, content, page_type, language):
    response = client.get(page_url(content, page_type, language))

    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_every_page_has_exactly_one_h1(client, content, page_type, language):
    html = html_of(client.get(page_url(content, page_type, language)))
    assert len(re.findall(r"<h1[\s>]", html)) == 1


@pytest.mark.parametrize(
    "language, title, link",
    [("en", "Page not found", "Homepage"), ("zh-hans", "页面不存在", "首页")],
)
def test_not_found_page_is_styled_in_the_readers_language(
    client, content, language, title, link
):
    response = client.get(url_in(language, "article-detail", slug="no-such-article"))
    html = response.content.decode()

    assert response.status_code == 404
    assert f'<html lang="{HTML_LANG[language]}">' in html
    assert f'<h1 class="page__title">{title}</h1>' in html
    assert link in html and "css/site.css" in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert 'rel="canonical"' not in html
    assert not response.cookies


def test_chinese_place_runs_from_city_to_venue(client):
    event = EventFactory(
        city_en="Beijing",
        city_zh_hans="北京",
        venue_en="CQC",
        venue_zh_hans="中国质量认证中心",
    )
    english = client.get(event.get_absolute_url()).content.decode()
    assert "CQC</span>, <span" in english
    with translation.override("zh-hans"):
        chinese = client.get(event.get_absolute_url()).content.decode()
    assert "北京</span>，<span" in chinese


def test_event_list_shows_main_events_and_leaves_sessions_to_their_event(client):
    forum = EventFactory(name_en="Electric Vehicle Forum")
    EventFactory(name_en="Closed-door seminar", parent=forum)
    listing = client.get(reverse("articles:event-list")).content.decode()
    assert "Electric Vehicle Forum" in listing
    assert "Closed-door seminar" not in listing
    assert (
        "Closed-door seminar" in client.get(forum.get_absolute_url()).content.decode()
    )
