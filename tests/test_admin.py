"""
The editors' admin: every page in both languages, search and filters across
both languages, saving through the real forms, related lists without N+1
queries, and no asset from outside the site.
"""

import datetime
import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.staticfiles import finders
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation import settings as mt_settings
from modeltranslation.translator import translator

from articles.models import (
    Article,
    Event,
    Organization,
    Page,
    Participation,
    Person,
    TranslationStatus,
)
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.pages import admin_url

pytestmark = [
    pytest.mark.django_db,
    # Media merged in an order the browser cannot honour breaks the tabs or the
    # editor silently: make it loud.
    pytest.mark.filterwarnings("error::django.forms.widgets.MediaOrderConflictWarning"),
]

FACTORIES = {
    Article: ArticleFactory,
    Event: EventFactory,
    Organization: OrganizationFactory,
    Page: PageFactory,
    Participation: ParticipationFactory,
    Person: PersonFactory,
}


def admin_pages(model):
    """The changelist, add and change pages of ``model``, with one object to change."""
    obj = FACTORIES[model]()
    return [
        admin_url(model, "changelist"),
        admin_url(model, "add"),
        admin_url(model, "change", obj.pk),
    ]


class AssetCollector(HTMLParser):
    """The URLs a page makes the browser fetch: scripts, stylesheets, import maps."""

    def __init__(self):
        super().__init__()
        self.scripts = []
        self.stylesheets = []
        self.imports = []
        self._in_importmap = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.stylesheets.append(attrs["href"])
        self._in_importmap = tag == "script" and attrs.get("type") == "importmap"

    def handle_data(self, data):
        if self._in_importmap:
            self.imports.extend(json.loads(data)["imports"].values())

    def handle_endtag(self, tag):
        self._in_importmap = False

    @classmethod
    def collect(cls, html):
        collector = cls()
        collector.feed(html)
        return collector

    @property
    def urls(self):
        return [*self.scripts, *self.stylesheets, *self.imports]


def empty_inline(prefix):
    """The management form of an inline that posts no rows."""
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def page_html(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode()


def changelist_results(client, model, **params):
    response = client.get(admin_url(model, "changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_every_translated_model_is_edited_in_the_admin(rf, admin_user):
    request = rf.get("/")
    request.user = admin_user
    translated = set(translator.get_registered_models())
    edited = set()
    for model, model_admin in admin.site._registry.items():
        edited.add(model)
        edited.update(inline.model for inline in model_admin.get_inlines(request, None))

    assert translated <= edited
    # Each registered one is covered by the page tests below.
    assert translated & set(admin.site._registry) == set(FACTORIES)


def test_article_page_edits_corrections_in_both_languages(admin_client):
    html = page_html(admin_client, admin_url(Article, "change", ArticleFactory().pk))

    assert 'name="corrections-__prefix__-note_en"' in html
    assert 'name="corrections-__prefix__-note_zh_hans"' in html


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_every_admin_page_answers_and_edits_both_languages(admin_client, model):
    changelist, add, change = admin_pages(model)
    page_html(admin_client, changelist)
    for url in (add, change):
        html = page_html(admin_client, url)
        for field in translator.get_options_for_model(model).fields:
            assert f'name="{field}_en"' in html, (url, field)
            assert f'name="{field}_zh_hans"' in html, (url, field)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_no_admin_page_loads_an_asset_from_another_host(admin_client, model):
    for url in [reverse("admin:index"), *admin_pages(model)]:
        assets = AssetCollector.collect(page_html(admin_client, url))
        for asset in assets.urls:
            parts = urlsplit(asset)
            assert not parts.scheme, (url, asset)
            assert not parts.netloc, (url, asset)
            if asset.startswith(settings.STATIC_URL):
                path = asset.removeprefix(settings.STATIC_URL)
                assert finders.find(path), f"{url} loads a missing {asset}"


def test_tabs_take_jquery_ui_from_our_static_files(admin_client):
    assert mt_settings.JQUERY_UI_URL == settings.JQUERY_UI_URL
    assert finders.find(settings.JQUERY_UI_URL)

    scripts = AssetCollector.collect(
        page_html(admin_client, admin_url(Article, "add"))
    ).scripts

    # jQuery UI must attach to Django's jQuery (force_jquery.js) before the
    # tabs script asks it for tabs.
    order = [
        static("modeltranslation/js/force_jquery.js"),
        static(settings.JQUERY_UI_URL),
        static("modeltranslation/js/tabbed_translation_fields.js"),
    ]
    assert [scripts.index(script) for script in order] == sorted(
        scripts.index(script) for script in order
    )


def test_article_body_has_the_rich_text_editor_in_both_language_tabs(admin_client):
    html = page_html(admin_client, admin_url(Article, "add"))
    assets = AssetCollector.collect(html)

    for suffix in ("en", "zh_hans"):
        start = html.index(f'<textarea name="body_{suffix}"')
        textarea = html[start : html.index(">", start)]
        assert "data-django-prose-editor-configurable=" in textarea
        assert f"mt-field-body-{suffix}" in textarea
    assert static("django_prose_editor/configurable.js") in assets.scripts
    assert static("django_prose_editor/editor.js") in assets.imports
    assert static("django_prose_editor/editor.css") in assets.stylesheets


def test_article_changelist_shows_each_languages_translation_status_in_words(
    admin_client,
):
    ArticleFactory(translation_status_zh_hans=TranslationStatus.DRAFT)

    html = page_html(admin_client, admin_url(Article, "changelist"))

    assert '<span class="translation-status translation-status--reviewed">' in html
    assert (
        '<span class="translation-status translation-status--draft">'
        "Draft, awaiting review</span>"
    ) in html


def test_article_search_finds_a_chinese_word(admin_client):
    wanted = ArticleFactory(
        standfirst_zh_hans="中国质量认证中心与阿根廷标准化机构签署备忘录。"
    )
    ArticleFactory()

    assert changelist_results(admin_client, Article, q="备忘录") == [wanted]


def test_article_search_finds_an_english_word_in_the_body(admin_client):
    wanted = ArticleFactory(body_en="<p>A delegation from IRAM of Argentina came.</p>")
    ArticleFactory()

    assert changelist_results(admin_client, Article, q="Argentina") == [wanted]


def test_translation_status_filter_lists_only_articles_in_that_state(admin_client):
    draft = ArticleFactory(translation_status_zh_hans=TranslationStatus.DRAFT)
    ArticleFactory(translation_status_zh_hans=TranslationStatus.REVIEWED)

    results = changelist_results(
        admin_client, Article, translation_status_zh_hans__exact="draft"
    )

    assert results == [draft]


def test_article_changelist_filters_by_event(admin_client):
    event = EventFactory()
    reporting = ArticleFactory()
    reporting.events.add(event)
    ArticleFactory()

    assert changelist_results(admin_client, Article, events__id__exact=event.pk) == [
        reporting
    ]


def test_saving_the_add_form_creates_an_article_in_both_languages(
    admin_client, admin_user
):
    event = EventFactory()
    organization = OrganizationFactory()

    response = admin_client.post(
        admin_url(Article, "add"),
        {
            "title_en": "CQC welcomes a JQA delegation",
            "title_zh_hans": "中国质量认证中心接待日本质量保证机构代表团",
            "slug": "cqc-welcomes-a-jqa-delegation",
            "standfirst_en": "The two bodies discussed mutual recognition.",
            "standfirst_zh_hans": "双方就互认进行了交流。",
            "body_en": "<p>The delegation visited.</p><script>alert(1)</script>",
            "body_zh_hans": "<p>代表团来访。</p>",
            "cover_alt_en": "",
            "cover_alt_zh_hans": "",
            "status": Article.Status.PUBLISHED,
            "source_language": "en",
            "published_at_0": "2024-03-01",
            "published_at_1": "10:00:00",
            "translation_status_en": TranslationStatus.REVIEWED,
            "translation_status_zh_hans": TranslationStatus.DRAFT,
            "events": [event.pk],
            "organizations": [organization.pk],
            "source_url": "",
            **empty_inline("corrections"),
        },
    )

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(slug="cqc-welcomes-a-jqa-delegation")
    assert article.title_en == "CQC welcomes a JQA delegation"
    assert article.title_zh_hans == "中国质量认证中心接待日本质量保证机构代表团"
    assert article.standfirst_zh_hans == "双方就互认进行了交流。"
    # The editor's allow-list is enforced on the server too, in each language.
    assert article.body_en == "<p>The delegation visited.</p>"
    assert article.body_zh_hans == "<p>代表团来访。</p>"
    assert article.translation_status_zh_hans == TranslationStatus.DRAFT
    assert list(article.events.all()) == [event]
    assert list(article.organizations.all()) == [organization]
    assert article.created_by == admin_user


def test_article_change_page_shows_created_and_updated_as_read_only(admin_client):
    article = ArticleFactory()

    html = page_html(admin_client, admin_url(Article, "change", article.pk))

    assert 'name="created_at"' not in html
    assert 'name="updated_at"' not in html
    assert "field-created_at" in html
    assert "field-updated_at" in html


def test_published_article_offers_view_on_site_leading_to_the_public_page(
    admin_client,
):
    article = ArticleFactory()
    shortcut = reverse(
        "admin:view_on_site",
        args=[ContentType.objects.get_for_model(Article).pk, article.pk],
    )

    html = page_html(admin_client, admin_url(Article, "change", article.pk))
    assert f'href="{shortcut}"' in html

    response = admin_client.get(shortcut)
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("articles:article-detail", kwargs={"slug": article.slug})
    )


def test_draft_article_offers_no_view_on_site(admin_client):
    article = ArticleFactory(status=Article.Status.DRAFT)

    html = page_html(admin_client, admin_url(Article, "change", article.pk))

    assert "viewsitelink" not in html


def test_article_changelist_queries_stay_bounded(
    admin_client, django_assert_max_num_queries
):
    events = EventFactory.create_batch(3)
    organizations = OrganizationFactory.create_batch(3)
    for article in ArticleFactory.create_batch(30):
        article.events.set(events)
        article.organizations.set(organizations)

    with django_assert_max_num_queries(12):
        response = admin_client.get(admin_url(Article, "changelist"))

    assert response.context["cl"].result_count == 30


def event_form_data(event, **changes):
    """What the event change form posts for ``event``, with no participations."""
    data = {
        "name_en": event.name_en,
        "name_zh_hans": event.name_zh_hans,
        "slug": event.slug,
        "kind": event.kind,
        "status": event.status,
        "summary_en": "",
        "summary_zh_hans": "",
        "start_date": event.start_date.isoformat(),
        "end_date": "",
        "city_en": event.city_en,
        "city_zh_hans": event.city_zh_hans,
        "venue_en": "",
        "venue_zh_hans": "",
        "attendance": "",
        "parent": "",
        "translation_status_en": event.translation_status_en,
        "translation_status_zh_hans": event.translation_status_zh_hans,
        "source_language": event.source_language,
        **empty_inline("participations"),
    }
    return data | changes


def test_saving_an_event_with_a_new_participation(admin_client):
    event = EventFactory()
    person = PersonFactory()
    organization = OrganizationFactory()
    data = event_form_data(
        event,
        **{
            "participations-TOTAL_FORMS": "1",
            "participations-0-event": str(event.pk),
            "participations-0-id": "",
            "participations-0-person": str(person.pk),
            "participations-0-organization": str(organization.pk),
            "participations-0-role_en": "Secretary of the Party Committee",
            "participations-0-role_zh_hans": "党委书记",
            "participations-0-part": Participation.Part.HOST,
            "participations-0-order": "1",
            "participations-0-translation_status_en": TranslationStatus.REVIEWED,
            "participations-0-translation_status_zh_hans": TranslationStatus.DRAFT,
        },
    )

    response = admin_client.post(admin_url(Event, "change", event.pk), data)

    assert response.status_code == 302, response.context["errors"]
    participation = event.participations.get()
    assert participation.person == person
    assert participation.organization == organization
    assert participation.role_en == "Secretary of the Party Committee"
    assert participation.role_zh_hans == "党委书记"


def test_event_ending_before_it_starts_is_refused_with_a_form_error(admin_client):
    event = EventFactory(start_date=datetime.date(2023, 10, 31))
    data = event_form_data(event, end_date="2023-10-30")

    response = admin_client.post(admin_url(Event, "change", event.pk), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "An event cannot end before it starts."
    ]
    assert "An event cannot end before it starts." in response.content.decode()
    event.refresh_from_db()
    assert event.end_date is None


def test_event_changelist_filters_by_year(admin_client):
    forum_2023 = EventFactory(start_date=datetime.date(2023, 10, 31))
    EventFactory(start_date=datetime.date(2024, 3, 1))

    assert changelist_results(admin_client, Event, year="2023") == [forum_2023]


def test_event_changelist_says_when_attendance_is_approximate(admin_client):
    EventFactory(attendance=1000, attendance_is_approximate=True)

    html = page_html(admin_client, admin_url(Event, "changelist"))

    assert "about 1000" in html


def test_event_page_lists_its_sub_events_with_links(admin_client):
    forum = EventFactory()
    seminar = EventFactory(parent=forum, name_en="Seminar on EV batteries")

    html = page_html(admin_client, admin_url(Event, "change", forum.pk))

    assert f'<a href="{admin_url(Event, "change", seminar.pk)}">' in html
    assert "Seminar on EV batteries" in html


def test_person_page_lists_where_they_took_part_with_their_role(admin_client):
    participation = ParticipationFactory(role_en="Managing Director")

    html = page_html(admin_client, admin_url(Person, "change", participation.person.pk))

    assert f'<a href="{admin_url(Event, "change", participation.event.pk)}">' in html
    assert "Managing Director" in html
    assert str(participation.organization) in html


def test_person_page_shows_roles_in_the_admins_language(admin_client):
    participation = ParticipationFactory(role_zh_hans="党委书记、主任")

    html = page_html(
        admin_client,
        admin_url(Person, "change", participation.person.pk),
        headers={"accept-language": "zh-hans"},
    )

    assert "党委书记、主任" in html
    assert participation.event.name_zh_hans in html


def test_person_page_lists_participations_in_a_fixed_number_of_queries(admin_client):
    def queries_for(person):
        url = admin_url(Person, "change", person.pk)
        with CaptureQueriesContext(connection) as queries:
            page_html(admin_client, url)
        return len(queries)

    once = PersonFactory()
    ParticipationFactory(person=once)
    often = PersonFactory()
    ParticipationFactory.create_batch(5, person=often)

    assert queries_for(often) == queries_for(once)


def test_organisation_page_lists_branches_events_and_its_peoples_participations(
    admin_client,
):
    cqc = OrganizationFactory()
    branch = OrganizationFactory(parent=cqc, name_en="CQC Fuzhou sub-branch")
    organised = EventFactory(name_en="Forum on Quality Certification 2023")
    organised.organisers.add(cqc)
    participation = ParticipationFactory(organization=cqc)

    html = page_html(admin_client, admin_url(Organization, "change", cqc.pk))

    assert f'<a href="{admin_url(Organization, "change", branch.pk)}">' in html
    assert f'<a href="{admin_url(Event, "change", organised.pk)}">' in html
    assert f'<a href="{admin_url(Person, "change", participation.person.pk)}">' in html
    assert f'<a href="{admin_url(Event, "change", participation.event.pk)}">' in html


def test_participations_are_searchable_by_person_in_either_language(admin_client):
    participation = ParticipationFactory(person__name_zh_hans="王海舟")
    ParticipationFactory()

    assert changelist_results(admin_client, Participation, q="王海舟") == [
        participation
    ]


def test_autocomplete_finds_an_event_by_its_chinese_name(admin_client):
    event = EventFactory(name_zh_hans="质量认证国际论坛")
    EventFactory()

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "国际论坛",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "events",
        },
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(event.pk)]


def test_admin_reads_in_chinese_for_a_chinese_editor(admin_client):
    ArticleFactory()

    html = page_html(
        admin_client,
        admin_url(Article, "changelist"),
        headers={"accept-language": "zh-hans"},
    )

    assert '<html lang="zh-hans"' in html
    with translation.override("zh-hans"):
        assert f"<title>{gettext('Select %s to change') % gettext('article')}" in html


def test_language_columns_name_each_language_in_itself(admin_client):
    ArticleFactory()

    for language in ("en", "zh-hans"):
        html = page_html(
            admin_client,
            admin_url(Article, "changelist"),
            headers={"accept-language": language},
        )

        assert ">English</a>" in html
        assert ">简体中文</a>" in html


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_a_translator_may_change_only_the_chinese_text(
    client, django_user_model, model
):
    translator_user = django_user_model.objects.create_user("translator", is_staff=True)
    translator_user.groups.add(Group.objects.get(name="Translators into Chinese"))
    client.force_login(translator_user)
    obj = FACTORIES[model]()

    html = page_html(client, admin_url(model, "change", obj.pk))

    for field in translator.get_options_for_model(model).fields:
        assert f'name="{field}_zh_hans"' in html
        assert f'name="{field}_en"' not in html
    assert 'name="translation_status_zh_hans"' in html
    assert 'name="translation_status_en"' not in html


def chinese_source(model):
    """An object of ``model`` written in Chinese first (a role: at such an event)."""
    if model is Participation:
        return ParticipationFactory(event=EventFactory(source_language="zh-hans"))
    return FACTORIES[model](source_language="zh-hans")


@pytest.mark.parametrize("model", FACTORIES, ids=lambda model: model._meta.model_name)
def test_an_english_translator_changes_only_the_english_of_chinese_source_items(
    client, django_user_model, model
):
    translator_user = django_user_model.objects.create_user("translator", is_staff=True)
    translator_user.groups.add(Group.objects.get(name="Translators into English"))
    client.force_login(translator_user)
    written_in_chinese = chinese_source(model)
    written_in_english = FACTORIES[model]()

    html = page_html(client, admin_url(model, "change", written_in_chinese.pk))
    for field in translator.get_options_for_model(model).fields:
        assert f'name="{field}_en"' in html
        assert f'name="{field}_zh_hans"' not in html
    assert 'name="translation_status_en"' in html
    assert 'name="translation_status_zh_hans"' not in html
    assert 'name="source_language"' not in html

    html = page_html(client, admin_url(model, "change", written_in_english.pk))
    assert 'name="translation_status_en"' not in html
    assert 'name="translation_status_zh_hans"' not in html


def test_an_english_translator_edits_the_roles_of_a_chinese_source_event(
    client, django_user_model
):
    translator_user = django_user_model.objects.create_user("translator", is_staff=True)
    translator_user.groups.add(Group.objects.get(name="Translators into English"))
    client.force_login(translator_user)
    role = ParticipationFactory(event=EventFactory(source_language="zh-hans"))

    html = page_html(client, admin_url(Event, "change", role.event.pk))

    assert 'name="participations-0-role_en"' in html
    assert 'name="participations-0-role_zh_hans"' not in html


def test_editors_choose_the_source_language_and_filter_by_it(admin_client):
    chinese = ArticleFactory(source_language="zh-hans")
    ArticleFactory()

    html = page_html(admin_client, admin_url(Article, "change", chinese.pk))
    assert 'name="source_language"' in html
    assert changelist_results(
        admin_client, Article, source_language__exact="zh-hans"
    ) == [chinese]
    for model in (Event, Organization, Page, Person):
        html = page_html(admin_client, admin_url(model, "add"))
        assert 'name="source_language"' in html, model


def test_a_chinese_source_article_is_saved_without_any_english(admin_client):
    data = {
        "title_en": "",
        "title_zh_hans": "中国质量认证中心发布新规则",
        "slug": "cqc-publishes-new-rules",
        "standfirst_en": "",
        "standfirst_zh_hans": "",
        "body_en": "",
        "body_zh_hans": "<p>新规则。</p>",
        "cover_alt_en": "",
        "cover_alt_zh_hans": "",
        "status": "draft",
        "source_language": "zh-hans",
        "translation_status_en": TranslationStatus.REVIEWED,
        "translation_status_zh_hans": TranslationStatus.DRAFT,
        "source_url": "",
        **empty_inline("corrections"),
    }

    refused = admin_client.post(
        admin_url(Article, "add"), {**data, "title_zh_hans": ""}
    )
    assert refused.status_code == 200
    assert "title_zh_hans" in refused.context["adminform"].form.errors

    response = admin_client.post(admin_url(Article, "add"), data)

    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.get(slug="cqc-publishes-new-rules")
    assert not article.title_en
    assert article.translation_status_en == TranslationStatus.MISSING
    english_first = admin_client.post(
        admin_url(Article, "add"),
        {**data, "slug": "english-first", "source_language": "en"},
    )
    assert "title_en" in english_first.context["adminform"].form.errors
