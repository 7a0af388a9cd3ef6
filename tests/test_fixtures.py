"""
The first content: the builder on small inputs, then the committed fixture as
a reader meets it once loaded.
"""

import datetime
import hashlib
import html
import json
import re
import shutil
import tomllib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.documents import DateSpan, read_document
from articles.fixture_builder import (
    CURATED_DIR,
    DOCUMENTS_DIR,
    INITIAL_CONTENT,
    FixtureError,
    build_fixture,
    dumps,
)
from articles.management.commands import build_fixtures
from articles.models import (
    Article,
    Organization,
    OrganizationAlias,
    Page,
    Participation,
    Person,
    TranslationStatus,
)

# A small world: one document, two organisations, a person, an event, a page.
DOCUMENT = (
    "Homepage / Favorites / 中文版\nCQC met NAST\n\n"
    "On March 1, 2024, CQC & NAST met.\n\n\nThey agreed <more>.\n\n"
    "Introduction of Website / Exception Clause"
).encode()
UNTITLED = b"CQC met NAST on March 1, 2024.\nThey agreed.\n"
ORGANIZATIONS = """
[[organization]]
slug = "cqc"
short_name = "CQC"
aliases = ["China Quality Certification Centre", "Certification Centre"]
name_en = "China Quality Certification Centre"
name_zh_hans = "中国质量认证中心"

[[organization]]
slug = "cqc-wuhan-branch"
parent = "cqc"
name_en = "CQC Wuhan Branch"
"""
PEOPLE = """
[[person]]
slug = "xie-zhaoxu"
aliases = ["Xie Zhaoxu"]
name_en = "Xie Zhaoxu"
name_zh_hans = "谢肇煦"
"""
PAGES = """
[[page]]
slug = "exception-clause"
title_en = "Exception Clause"
body_en = "<p>Read <a href='https://www.cqc.com.cn/'>CQC</a>.</p><script>x()</script>"
"""
ARTICLE = """
document = "000_a.txt"
slug = "cqc-met-nast"
published_at = 2024-03-15T09:00:00+08:00
status = "published"
title_zh_hans = "中国质量认证中心会见"
paragraphs_zh_hans = ["2024年3月1日\N{FULLWIDTH COMMA}双方会见。", "双方达成一致。"]
organizations = ["cqc"]
events = ["meeting-2024"]

[[event]]
slug = "meeting-2024"
kind = "meeting"
start_date = 2024-03-01
organisers = ["cqc"]
name_en = "CQC meets NAST"

[[event.participation]]
person = "xie-zhaoxu"
organization = "cqc"
part = "host"
role_en = "Managing Director of CQC"
"""


def build(articles=(ARTICLE,), documents=None, **files):
    """Build from the small world above, with any file replaced."""
    texts = {
        "organizations.toml": files.get("organizations", ORGANIZATIONS),
        "people.toml": files.get("people", PEOPLE),
        "pages.toml": files.get("pages", PAGES),
    }
    texts.update({f"articles/{n:03d}.toml": text for n, text in enumerate(articles)})
    curated = {name: tomllib.loads(text) for name, text in texts.items() if text}
    return build_fixture(documents or {"000_a.txt": DOCUMENT}, curated)


def fields_of(objects, model):
    label = model._meta.label_lower
    return [obj["fields"] for obj in objects if obj["model"] == label]


# The builder on small inputs.


def test_objects_get_explicit_pks_in_file_order_and_refer_to_each_other_by_pk():
    objects = build()
    assert [(obj["model"], obj["pk"]) for obj in objects] == [
        ("articles.organization", 1),
        ("articles.organizationalias", 1),
        ("articles.organizationalias", 2),
        ("articles.organization", 2),
        ("articles.person", 1),
        ("articles.personalias", 1),
        ("articles.event", 1),
        ("articles.participation", 1),
        ("articles.article", 1),
        ("articles.page", 1),
    ]
    branch = fields_of(objects, Organization)[1]
    participation = fields_of(objects, Participation)[0]
    article = fields_of(objects, Article)[0]
    assert branch["parent"] == 1
    assert (participation["event"], participation["person"]) == (1, 1)
    assert (article["events"], article["organizations"]) == ([1], [1])


def test_article_body_is_the_documents_paragraphs_escaped_one_per_p():
    (article,) = fields_of(build(), Article)
    assert article["title_en"] == "CQC met NAST"
    assert article["body_en"] == (
        "<p>On March 1, 2024, CQC &amp; NAST met.</p><p>They agreed &lt;more&gt;.</p>"
    )
    assert (
        article["body_zh_hans"]
        == "<p>2024年3月1日\N{FULLWIDTH COMMA}双方会见。</p><p>双方达成一致。</p>"
    )
    assert article["source_checksum"] == hashlib.sha256(DOCUMENT).hexdigest()
    assert (
        article["published_at"] == article["created_at"] == "2024-03-15T09:00:00+08:00"
    )


def test_curated_title_names_a_document_that_has_none():
    article = ARTICLE.replace('status = "published"', 'title_en = "CQC met NAST"')
    objects = build([article], documents={"000_a.txt": UNTITLED})
    assert fields_of(objects, Article)[0]["title_en"] == "CQC met NAST"


def test_every_translated_column_is_written_and_the_original_left_to_modeltranslation():
    (article,) = fields_of(build(), Article)
    for name in ("title", "standfirst", "body", "cover_alt"):
        assert f"{name}_en" in article and f"{name}_zh_hans" in article
        assert name not in article


def test_chinese_status_is_reviewed_when_the_chinese_text_is_given_missing_otherwise():
    cqc, branch = fields_of(build(), Organization)
    assert cqc["translation_status_zh_hans"] == TranslationStatus.REVIEWED
    assert branch["translation_status_zh_hans"] == TranslationStatus.MISSING
    assert branch["translation_status_en"] == TranslationStatus.REVIEWED


def test_curated_rich_text_is_sanitised():
    (page,) = fields_of(build(), Page)
    assert "<script>" not in page["body_en"]
    assert '<a href="https://www.cqc.com.cn/"' in page["body_en"]


def test_output_is_stable_sorted_readable_and_ends_with_a_newline():
    text = dumps(build())
    assert text == dumps(build())
    assert text.endswith("}\n]\n")
    assert "中国质量认证中心" in text
    assert text.index('"fields"') < text.index('"model"') < text.index('"pk"')
    assert json.loads(text)[0]["fields"]["slug"] == "cqc"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"articles": [ARTICLE.replace('"双方达成一致。"', "")]},
            "articles/000.toml: paragraphs_zh_hans has 1 paragraphs, but document "
            "“000_a.txt” has 2.",
        ),
        (
            {
                "articles": [
                    ARTICLE.replace(
                        'organizations = ["cqc"]', 'organizations = ["nast"]'
                    )
                ]
            },
            "articles/000.toml: organizations: there is no organisation “nast”.",
        ),
        (
            {
                "articles": [
                    ARTICLE.replace('events = ["meeting-2024"]', 'events = ["forum"]')
                ]
            },
            "articles/000.toml: events: there is no event “forum”.",
        ),
        (
            {
                "articles": [
                    ARTICLE.replace('person = "xie-zhaoxu"', 'person = "liu-gang"')
                ]
            },
            "articles/000.toml: [[event]] meeting-2024, participation 1: person: "
            "there is no person “liu-gang”.",
        ),
        (
            {"articles": [ARTICLE.replace('kind = "meeting"', 'kind = "party"')]},
            "articles/000.toml: [[event]] meeting-2024: kind: Value 'party' is not a "
            "valid choice.",
        ),
        (
            {"articles": [ARTICLE.replace("000_a.txt", "009_b.txt")]},
            "articles/000.toml: there is no document “009_b.txt”.",
        ),
        (
            {
                "articles": [
                    ARTICLE,
                    ARTICLE.replace('slug = "cqc-met-nast"', 'slug = "x"'),
                ]
            },
            "articles/001.toml: [[event]] meeting-2024: event “meeting-2024” is "
            "defined twice.",
        ),
        (
            {
                "articles": [
                    ARTICLE.replace("published_at = 2024-03-15T09:00:00+08:00", "")
                ]
            },
            "articles/000.toml: “published_at” is required.",
        ),
        (
            {"articles": [ARTICLE.replace("title_zh_hans", "titel_zh_hans")]},
            "articles/000.toml: unknown field “titel_zh_hans”.",
        ),
        (
            {
                "organizations": ORGANIZATIONS.replace(
                    'name_en = "CQC Wuhan Branch"', ""
                )
            },
            "organizations.toml: cqc-wuhan-branch: “name_en” is required.",
        ),
        (
            {
                "organizations": ORGANIZATIONS.replace(
                    'parent = "cqc"', 'parent = "ccic"'
                )
            },
            "organizations.toml: cqc-wuhan-branch: parent: there is no organisation "
            "“ccic”. A parent must come before what is part of it.",
        ),
        ({"pages": ""}, "pages.toml: the file is missing."),
        (
            {
                "articles": [
                    ARTICLE.replace(
                        "start_date = 2024-03-01",
                        "start_date = 2024-03-01\nend_date = 2024-02-28",
                    )
                ]
            },
            "articles/000.toml: [[event]] meeting-2024: end_date is before start_date.",
        ),
        (
            {
                "articles": [
                    ARTICLE + ARTICLE[ARTICLE.index("[[event.participation]]") :]
                ]
            },
            "articles/000.toml: [[event]] meeting-2024, participation 2: "
            "“xie-zhaoxu” already takes part in this event.",
        ),
    ],
)
def test_curated_mistakes_fail_with_the_file_and_what_is_wrong(change, message):
    with pytest.raises(FixtureError) as error:
        build(**change)
    assert str(error.value).startswith(message)


def test_document_without_title_needs_a_curated_one():
    with pytest.raises(FixtureError, match="has no title: give title_en"):
        build(documents={"000_a.txt": UNTITLED})


# The committed fixture.


def test_committed_fixture_is_what_the_sources_build():
    out = StringIO()
    call_command("build_fixtures", check=True, stdout=out)
    assert "is up to date" in out.getvalue()


def test_build_fixtures_writes_what_is_committed(monkeypatch, tmp_path):
    output = tmp_path / "initial_content.json"
    monkeypatch.setattr(build_fixtures, "INITIAL_CONTENT", output)
    call_command("build_fixtures", stdout=StringIO())
    assert output.read_bytes() == INITIAL_CONTENT.read_bytes()


def test_build_fixtures_check_fails_on_a_stale_file_and_shows_the_difference(
    monkeypatch, tmp_path
):
    stale = tmp_path / "initial_content.json"
    stale.write_text(INITIAL_CONTENT.read_text().replace("王海舟", "王海洲"))
    monkeypatch.setattr(build_fixtures, "INITIAL_CONTENT", stale)
    err = StringIO()
    with pytest.raises(CommandError, match="is out of date: run “make fixtures”"):
        call_command("build_fixtures", check=True, stdout=StringIO(), stderr=err)
    assert '-      "name_zh_hans": "王海洲",' in err.getvalue()
    assert '+      "name_zh_hans": "王海舟",' in err.getvalue()


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ('[[person]]\nslug = "x"\n', r"people\.toml: x: “name_en” is required\."),
        ('[[person]\nslug = "x"\n', r"people\.toml: .*\(at line 1, column 9\)"),
    ],
)
def test_build_fixtures_names_the_curated_file_at_fault(
    monkeypatch, tmp_path, people, message
):
    shutil.copytree(CURATED_DIR, tmp_path, dirs_exist_ok=True)
    (tmp_path / "people.toml").write_text(people)
    output = tmp_path / "initial_content.json"
    monkeypatch.setattr(build_fixtures, "CURATED_DIR", tmp_path)
    monkeypatch.setattr(build_fixtures, "INITIAL_CONTENT", output)
    with pytest.raises(CommandError, match=f"^{re.escape(str(tmp_path))}/{message}"):
        call_command("build_fixtures", stdout=StringIO())
    assert not output.exists()


SOURCES = {int(path.name[:3]): path for path in DOCUMENTS_DIR.glob("*.txt")}
EXPECTED = {
    # document: (title, publication date, dates of the event it reports)
    0: (
        "Academician Haizhou Wang visited CQC",
        "2024-03-15",
        ("2024-03-01", "2024-03-01"),
    ),
    1: (
        "CQC Participated in China Electric Vehicle 100 Forum 2023",
        "2023-04-18",
        ("2023-03-31", "2023-03-31"),
    ),
    2: (None, "2023-12-28", ("2023-10-31", "2023-11-01")),
    3: (
        "CQC&NAST: Inject Innovative Driving Force to Automotive Industry",
        "2020-12-31",
        ("2020-12-30", "2020-12-30"),
    ),
    4: (
        "CQC Held 2023 International Certification Factory Inspection Working "
        "Conference",
        "2023-08-04",
        ("2023-07-13", "2023-07-14"),
    ),
}
UNCONFIRMED_NAMES = ["Lu Mei", "Liu Gang", "Li Puming", "Xia Bo", "Takashi Kawakami"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def article_of(number):
    data = SOURCES[number].read_bytes()
    return Article.objects.get(source_checksum=hashlib.sha256(data).hexdigest())


def paragraphs_of(body):
    return [html.unescape(text) for text in re.findall(r"<p>(.*?)</p>", body)]


def person_called(name):
    return Person.objects.get(aliases__name=name)


def organization_called(name):
    return OrganizationAlias.objects.get(name=name).organization


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_each_article_is_its_document_word_for_word(initial_content, number):
    document = read_document(SOURCES[number].read_bytes(), name=SOURCES[number].name)
    article = article_of(number)
    title, published, _dates = EXPECTED[number]

    assert paragraphs_of(article.body_en) == document.paragraphs
    for paragraph in document.paragraphs:
        assert html.escape(paragraph, quote=False) in article.body_en
    assert article.title_en == (title or article.title_en)
    assert article.title_en
    assert article.published_at.astimezone(
        datetime.timezone(datetime.timedelta(hours=8))
    ).date() == datetime.date.fromisoformat(published)
    assert article.is_published


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_each_article_reports_its_event_on_the_dates_the_document_gives(
    initial_content, number
):
    start, end = (datetime.date.fromisoformat(day) for day in EXPECTED[number][2])
    spans = {
        DateSpan(event.start_date, event.end_date or event.start_date)
        for event in article_of(number).events.all()
    }
    document = read_document(SOURCES[number].read_bytes(), name=SOURCES[number].name)
    assert DateSpan(start, end) in spans
    assert document.dates == [DateSpan(start, end)]


@pytest.mark.parametrize("number", sorted(EXPECTED))
def test_each_article_has_a_chinese_title_and_body_paragraph_for_paragraph(
    initial_content, number
):
    article = article_of(number)
    assert CJK.search(article.title_zh_hans)
    assert len(paragraphs_of(article.body_zh_hans)) == len(
        paragraphs_of(article.body_en)
    )
    assert article.translation_status_zh_hans in {
        TranslationStatus.REVIEWED,
        TranslationStatus.DRAFT,
    }


def test_fixture_has_the_people_and_their_participations(initial_content):
    assert Person.objects.count() >= 12
    assert Participation.objects.count() >= 14
    assert Article.objects.published().count() == 5
    assert (
        Page.objects.filter(
            slug__in=["introduction-of-website", "exception-clause"]
        ).count()
        == 2
    )


def test_wang_haizhou_is_one_person_under_both_spellings(initial_content):
    people = Person.objects.filter(
        aliases__name__in=["Haizhou Wang", "Wang Haizhou"]
    ).distinct()
    assert people.count() == 1
    aliases = set(people.get().aliases.values_list("name", flat=True))
    assert {"Haizhou Wang", "Wang Haizhou"} <= aliases
    assert people.get().name_zh_hans == "王海舟"


def test_xie_zhaoxu_holds_the_title_of_the_time_at_each_event(initial_content):
    roles = set(
        person_called("Xie Zhaoxu").participations.values_list("role_en", flat=True)
    )
    assert {
        "Secretary of the Party Committee and Managing Director of CQC",
        "party secretary and director of CQC",
    } <= roles


@pytest.mark.parametrize(
    ("branch", "parent"),
    [
        ("CQC Wuhan branch", "CQC"),
        ("CQC Product Certification Department III", "CQC"),
        ("Fuzhou sub-branch of the CQC", "CQC"),
        ("Standard, Regulation and Technical Research Department of NAST", "NAST"),
    ],
)
def test_branches_are_under_their_parents(initial_content, branch, parent):
    assert organization_called(branch).parent.short_name == parent


def test_confirmed_chinese_names_are_reviewed(initial_content):
    for name, chinese in [("Xie Zhaoxu", "谢肇煦"), ("Liu Jiang", "刘江")]:
        person = person_called(name)
        assert person.name_zh_hans == chinese
        assert person.translation_status_zh_hans == TranslationStatus.REVIEWED


def test_unconfirmed_chinese_names_stay_romanised_as_drafts(initial_content):
    for name in UNCONFIRMED_NAMES:
        person = person_called(name)
        assert not CJK.search(person.name_zh_hans)
        assert person.translation_status_zh_hans == TranslationStatus.DRAFT
    for number in (2, 3, 4):
        assert article_of(number).translation_status_zh_hans == TranslationStatus.DRAFT


def test_fixture_rich_text_comes_out_of_the_sanitiser_unchanged(initial_content):
    for model in (Article, Page):
        for obj in model.objects.all():
            for field in ("body_en", "body_zh_hans"):
                sanitise = model._meta.get_field(field).sanitize
                assert sanitise(getattr(obj, field)) == getattr(obj, field)
