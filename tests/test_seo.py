"""What search engines and link previews read: Open Graph tags and JSON-LD."""

import datetime
import html
import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from articles import seo
from articles.models import Participation
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.pages import object_url_in, public_html

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]
OG_LOCALE = {"en": ("en_US", "zh_CN"), "zh-hans": ("zh_CN", "en_US")}


def meta(page_html):
    """The page's Open Graph and Twitter tags as ``{name: [content, …]}``."""
    found = {}
    for name, content in re.findall(
        r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)">',
        page_html,
    ):
        found.setdefault(name, []).append(html.unescape(content))
    return found


def json_ld(page_html):
    """Every JSON-LD block of the page, parsed."""
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', page_html, re.S
        )
    ]


def cover(size=(1600, 900)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, format="JPEG")
    return SimpleUploadedFile("cover.jpg", buffer.getvalue(), content_type="image/jpeg")


# Builders


def test_json_ld_cannot_end_its_script_element():
    element = seo.json_ld({"headline": "</script><script>alert(1)</script> & <!--"})
    body = re.fullmatch(
        r'<script type="application/ld\+json">(.*)</script>', str(element), re.S
    )[1]
    assert "<" not in body and ">" not in body and "&" not in body
    assert json.loads(body) == {"headline": "</script><script>alert(1)</script> & <!--"}


def test_open_graph_without_a_picture_is_a_summary_card():
    tags = seo.open_graph(title="T", url="https://example.org/en/", language="en")
    names = {name: content for _attribute, name, content in tags}
    assert names["twitter:card"] == "summary"
    assert "og:image" not in names and "og:description" not in names


# Pages


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_is_shared_as_an_article_in_its_language(client, language):
    article = ArticleFactory()
    tags = meta(public_html(client, object_url_in(language, article)))
    title = article.title_en if language == "en" else article.title_zh_hans
    assert tags["og:type"] == ["article"]
    assert tags["og:title"] == [title]
    assert tags["twitter:title"] == [title]
    assert tags["og:url"] == [f"http://testserver{object_url_in(language, article)}"]
    assert tags["og:locale"] == [OG_LOCALE[language][0]]
    assert tags["og:locale:alternate"] == [OG_LOCALE[language][1]]
    assert tags["og:description"][0].startswith(
        "CQC and" if language == "en" else "中国质量认证中心"
    )
    assert tags["twitter:card"] == ["summary"]


def test_untranslated_article_is_shared_in_the_language_it_is_shown_in(client):
    article = ArticleFactory(title_zh_hans="", standfirst_zh_hans="", body_zh_hans="")
    tags = meta(public_html(client, object_url_in("zh-hans", article)))
    assert tags["og:title"] == [article.title_en]
    assert tags["og:locale"] == ["en_US"]
    (data,) = json_ld(public_html(client, object_url_in("zh-hans", article)))
    assert data["inLanguage"] == "en"


def test_article_cover_becomes_the_preview_image(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    article = ArticleFactory(cover_image=cover(), cover_alt_en="The signing table")
    page_html = public_html(client, object_url_in("en", article))
    tags = meta(page_html)
    (image,) = tags["og:image"]
    assert image.startswith("http://testserver/") and image.endswith("-1200w.jpg")
    assert tags["og:image:width"] == ["1200"] and tags["og:image:height"] == ["675"]
    assert tags["og:image:alt"] == ["The signing table"]
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["twitter:image"] == [image]
    (data,) = json_ld(page_html)
    assert data["image"] == [image]


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_carries_news_article_json_ld(client, language):
    article = ArticleFactory()
    (data,) = json_ld(public_html(client, object_url_in(language, article)))
    address = f"http://testserver{object_url_in(language, article)}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == (
        article.title_en if language == "en" else article.title_zh_hans
    )
    assert data["inLanguage"] == {"en": "en", "zh-hans": "zh-Hans"}[language]
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": address}
    assert (
        datetime.datetime.fromisoformat(data["datePublished"]) == article.published_at
    )
    assert datetime.datetime.fromisoformat(data["dateModified"]) >= article.published_at
    for role in ("publisher", "author"):
        assert data[role]["@type"] == "Organization"
        assert data[role]["name"] == (
            "China Quality Certification Centre"
            if language == "en"
            else "中国质量认证中心"
        )
        assert data[role]["logo"]["url"] == "http://testserver/static/img/logo.png"


def test_json_ld_keeps_the_page_cacheable_and_needs_no_nonce(client):
    """A data block is never run, so the policy does not govern it: no nonce."""
    article = ArticleFactory(title_en="Quotes </script> & brackets")
    response = client.get(object_url_in("en", article))
    assert "public" in response["Cache-Control"]
    assert "nonce" not in response["Content-Security-Policy"]
    (data,) = json_ld(response.content.decode())
    assert data["headline"] == "Quotes </script> & brackets"


@pytest.mark.parametrize(
    ("remote", "mode"),
    [(False, "OfflineEventAttendanceMode"), (True, "MixedEventAttendanceMode")],
)
def test_event_carries_event_json_ld(client, remote, mode):
    event = EventFactory(
        start_date=datetime.date(2023, 10, 31),
        end_date=datetime.date(2023, 11, 1),
        venue_en="Fuzhou Conference Centre",
        city_en="Fuzhou",
        summary_en="A forum on quality.",
    )
    organiser = OrganizationFactory(name_en="China Quality Certification Centre")
    event.organisers.add(organiser)
    ParticipationFactory(event=event)
    if remote:
        ParticipationFactory(event=event, part=Participation.Part.REMOTE)
    (data,) = json_ld(public_html(client, object_url_in("en", event)))
    assert data["@type"] == "Event"
    assert data["name"] == event.name_en
    assert (data["startDate"], data["endDate"]) == ("2023-10-31", "2023-11-01")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == f"https://schema.org/{mode}"
    assert data["location"] == {
        "@type": "Place",
        "name": "Fuzhou Conference Centre",
        "address": {"@type": "PostalAddress", "addressLocality": "Fuzhou"},
    }
    assert data["organizer"] == [
        {
            "@type": "Organization",
            "name": "China Quality Certification Centre",
            "url": f"http://testserver{object_url_in('en', organiser)}",
        }
    ]
    assert data["description"] == "A forum on quality."


def test_event_in_chinese_has_its_chinese_name_and_city(client):
    event = EventFactory(name_zh_hans="质量论坛", city_zh_hans="福州")
    (data,) = json_ld(public_html(client, object_url_in("zh-hans", event)))
    assert data["name"] == "质量论坛"
    assert data["location"]["address"]["addressLocality"] == "福州"


@pytest.mark.parametrize(
    ("language", "key", "name"),
    [
        ("en", "honorificPrefix", "Haizhou Wang"),
        ("zh-hans", "honorificSuffix", "王海舟"),
    ],
)
def test_person_carries_person_json_ld(client, language, key, name):
    person = PersonFactory(
        name_en="Haizhou Wang",
        name_zh_hans="王海舟",
        honorific_en="Academician",
        honorific_zh_hans="院士",
    )
    page_html = public_html(client, object_url_in(language, person))
    (data,) = json_ld(page_html)
    assert data["@type"] == "Person"
    assert data["name"] == name
    assert data[key] == ("Academician" if language == "en" else "院士")
    with translation.override(language):
        assert meta(page_html)["og:title"] == [person.display_name]


def test_organization_carries_organization_json_ld(client):
    parent = OrganizationFactory(name_en="China Quality Certification Centre")
    branch = OrganizationFactory(
        name_en="CQC Fuzhou sub-branch",
        short_name="CQC Fuzhou",
        website="https://www.cqc.com.cn/",
        parent=parent,
    )
    (data,) = json_ld(public_html(client, object_url_in("en", branch)))
    assert data["@type"] == "Organization"
    assert data["name"] == "CQC Fuzhou sub-branch"
    assert data["alternateName"] == "CQC Fuzhou"
    assert data["sameAs"] == ["https://www.cqc.com.cn/"]
    assert data["parentOrganization"]["name"] == "China Quality Certification Centre"


@pytest.mark.parametrize("name", ["articles:home", "articles:article-list"])
def test_other_pages_are_shared_as_the_website(client, name):
    tags = meta(public_html(client, reverse(name)))
    assert tags["og:type"] == ["website"]
    assert tags["og:title"] == ["China Quality Certification Centre"]
    assert tags["og:url"] == [f"http://testserver{reverse(name)}"]


def description(page_html):
    """The page's ``<meta name="description">`` contents (search results show it)."""
    return [
        html.unescape(content)
        for content in re.findall(
            r'<meta name="description" content="([^"]*)">', page_html
        )
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "News and events of the China Quality Certification Centre."),
        ("zh-hans", "中国质量认证中心的新闻与活动。"),
    ],
)
def test_home_page_has_a_meta_description_in_its_language(client, language, text):
    with translation.override(language):
        home = reverse("articles:home")
    page_html = public_html(client, home)
    assert description(page_html) == [text]
    assert meta(page_html)["og:description"] == [text]


@pytest.mark.parametrize("language", LANGUAGES)
def test_article_meta_description_is_its_standfirst(client, language):
    article = ArticleFactory()
    standfirst = (
        article.standfirst_en if language == "en" else article.standfirst_zh_hans
    )
    html = public_html(client, object_url_in(language, article))
    assert description(html) == [standfirst]


def test_footer_page_is_shared_under_its_title_without_json_ld(client):
    standing = PageFactory(title_en="Exception Clause")
    page_html = public_html(client, object_url_in("en", standing))
    assert meta(page_html)["og:title"] == ["Exception Clause"]
    assert json_ld(page_html) == []


def test_footer_shows_the_configured_notice(client, settings):
    settings.SITE_FOOTER_NOTICE = "京ICP备12345678号"
    assert '<p class="site-footer__notice">京ICP备12345678号</p>' in public_html(
        client, reverse("articles:home")
    )


def test_footer_has_no_notice_by_default(client, settings):
    settings.SITE_FOOTER_NOTICE = ""
    assert "site-footer__notice" not in public_html(client, reverse("articles:home"))


# Listings: an item readable in one language only says so


def test_event_list_marks_an_event_named_in_english_only(client):
    EventFactory(name_zh_hans="")
    with translation.override("zh-hans"):
        address = reverse("articles:event-list")
    assert '<span class="tag">仅英文</span>' in public_html(client, address)


def test_person_page_marks_news_in_english_only(client):
    participation = ParticipationFactory()
    article = ArticleFactory(title_zh_hans="")
    article.events.add(participation.event)
    html = public_html(client, object_url_in("zh-hans", participation.person))
    assert '<span class="tag">仅英文</span>' in html


def test_organization_page_marks_an_event_named_in_chinese_only(client):
    participation = ParticipationFactory(event=EventFactory(name_en=""))
    html = public_html(client, object_url_in("en", participation.organization))
    assert '<span class="tag">Chinese only</span>' in html


def test_translated_items_carry_no_language_mark(client):
    ArticleFactory()
    EventFactory()
    html = public_html(client, reverse("articles:home"))
    assert "Chinese only" not in html and "English only" not in html
