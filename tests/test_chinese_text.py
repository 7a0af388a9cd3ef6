"""
The Chinese the site writes: the first content's translation as a bilingual
editor corrected it (fixtures/curated/, built into fixtures/initial_content.json),
and the messages of the pages and the admin (locale/zh_Hans/), whole, spaced
and punctuated as Chinese is.

Names stay as shared/NAMES.md confirms them; these tests pin the corrections,
not the translation as a whole.
"""

import gettext
import json
import re
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from articles.fixture_builder import INITIAL_CONTENT
from articles.models import Participation, Person, TranslationStatus
from tests.catalogues import CATALOGUES, CJK, ROOT, messages
from tests.factories import PersonFactory
from tests.pages import public_html

FIXTURE = json.loads(INITIAL_CONTENT.read_text())


def rows(model):
    return [row["fields"] for row in FIXTURE if row["model"] == f"articles.{model}"]


def by_slug(model, slug):
    (found,) = [fields for fields in rows(model) if fields.get("slug") == slug]
    return found


def chinese_texts():
    """Every Chinese text of the first content, with the row it is in."""
    return [
        (fields, value)
        for row in FIXTURE
        for fields in [row["fields"]]
        for name, value in fields.items()
        if name.endswith("_zh_hans") and isinstance(value, str) and value
    ]


def participation_of(person, event):
    (found,) = [
        fields
        for fields in rows("participation")
        if fields["person"] == pk_of("person", person)
        and fields["event"] == pk_of("event", event)
    ]
    return found


def pk_of(model, slug):
    (pk,) = [
        row["pk"]
        for row in FIXTURE
        if row["model"] == f"articles.{model}" and row["fields"].get("slug") == slug
    ]
    return pk


WANG_HAIZHOU_VISIT = "academician-wang-haizhou-visit-2024"
WANG_HAIZHOU_ARTICLE = "academician-haizhou-wang-visited-cqc"


# Honorifics: said once, where the language puts them.


def test_wang_haizhous_role_does_not_repeat_his_honorific():
    role = participation_of("wang-haizhou", WANG_HAIZHOU_VISIT)
    assert role["role_zh_hans"] == "代表团团长"
    assert "Academician" not in role["role_en"]
    assert by_slug("person", "wang-haizhou")["honorific_zh_hans"] == "院士"


def test_lu_meis_romanised_name_takes_no_chinese_honorific():
    lu_mei = by_slug("person", "lu-mei")
    assert lu_mei["name_zh_hans"] == "Lu Mei"
    assert not lu_mei["honorific_zh_hans"]
    assert lu_mei["honorific_en"] == "Mdm."
    assert not any("女士" in text for _fields, text in chinese_texts())


@pytest.mark.django_db
def test_no_honorific_is_borrowed_from_the_other_language():
    """An English "Mdm." never follows a name in Chinese, nor "院士" one in English."""
    person = PersonFactory(name_en="Lu Mei", name_zh_hans="Lu Mei", honorific_en="Mdm.")
    chinese_only = PersonFactory(
        name_en="Haizhou Wang", name_zh_hans="王海舟", honorific_zh_hans="院士"
    )
    assert person.display_name == "Mdm. Lu Mei"
    assert chinese_only.display_name == "Haizhou Wang"
    with translation.override("zh-hans"):
        assert person.display_name == "Lu Mei"
        assert chinese_only.display_name == "王海舟院士"


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.django_db
def test_readers_see_each_honorific_once_and_none_after_lu_mei(client):
    call_command("load_initial_content", stdout=StringIO())
    with translation.override("zh-hans"):
        visit = reverse("articles:event-detail", kwargs={"slug": WANG_HAIZHOU_VISIT})
        lu_mei = Person.objects.get(slug="lu-mei").get_absolute_url()
    visit_text = text_of(public_html(client, visit))
    assert "王海舟院士，代表团团长" in visit_text
    assert "院士，院士" not in visit_text
    lu_mei_text = text_of(public_html(client, lu_mei))
    assert "Lu Mei" in lu_mei_text and "女士" not in lu_mei_text


# The names of initiatives: one each, across the articles.


def test_the_charging_initiative_has_one_name_and_stays_draft_until_confirmed():
    naming = [(fields, text) for fields, text in chinese_texts() if "充电行动" in text]
    assert naming
    for fields, text in naming:
        assert "高质量充电" not in text
        assert re.findall(r"(...)充电行动", text) == ["高品质"] * text.count("充电行动")
        assert fields["translation_status_zh_hans"] == TranslationStatus.DRAFT


def test_the_chain_plan_is_called_by_its_name():
    mentions = [text for _fields, text in chinese_texts() if "强链" in text]
    assert mentions
    for text in mentions:
        assert text.count("强链") == text.count("强链计划")


# Role labels, in the admin and for readers alike.


@pytest.mark.parametrize(
    ("part", "label"),
    [
        (Participation.Part.SPEAKER, "发言嘉宾"),
        (Participation.Part.HOST, "东道主"),
        (Participation.Part.CHAIR, "主持人"),
    ],
)
def test_role_labels_say_what_the_part_is(part, label):
    with translation.override("zh-hans"):
        assert str(part.label) == label


def test_sub_events_are_called_the_same_in_the_admin_and_for_readers():
    with translation.override("zh-hans"):
        admin = [
            translation.gettext("Sub-events"),
            translation.gettext("sessions held within this event"),
        ]
        reader = translation.pgettext("the parts of an event", "Sessions")
        none = translation.gettext("No sub-events.")
        # Django's own "Sessions" (the sessions app) is not an event's.
        django_sessions = translation.gettext("Sessions")
    assert admin[0] == reader == "分场活动"
    assert "分场活动" in admin[1] and none == "无分场活动。"
    assert django_sessions != "分场活动"


# What the evidence supports.


def test_wang_chens_unconfirmed_title_is_a_draft_wherever_it_is_written():
    role = participation_of("wang-chen", WANG_HAIZHOU_VISIT)
    assert "协调委员会主任" in role["role_zh_hans"]
    assert role["translation_status_zh_hans"] == TranslationStatus.DRAFT
    for fields, text in chinese_texts():
        if "协调委员会主任" in text:
            assert fields["translation_status_zh_hans"] == TranslationStatus.DRAFT


def test_the_visits_standfirst_says_no_more_than_the_english():
    article = by_slug("article", WANG_HAIZHOU_ARTICLE)
    assert "一致同意" not in article["standfirst_zh_hans"]
    assert "同意" not in article["standfirst_zh_hans"]
    assert "agree" not in article["standfirst_en"]
    assert "持续加强合作" in article["standfirst_zh_hans"]
    assert "continue to strengthen" in article["standfirst_en"]


# Wording.


@pytest.mark.parametrize(
    ("wrong", "right"),
    [("主持会议", "主持座谈"), ("在役服役", "服役"), ("各分支机构", "分支机构")],
)
def test_wording_as_the_editor_corrected_it(wrong, right):
    texts = [text for _fields, text in chinese_texts()]
    assert not any(wrong in text for text in texts)
    assert any(right in text for text in texts)


# The catalogues: whole, spaced and punctuated as Chinese is.


CATALOGUE_FILES = sorted(CATALOGUES.glob("*.po"))


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda path: path.name)
def test_every_message_has_a_chinese_translation(path):
    unfinished = [
        message.msgid
        for message in messages(path)
        if "fuzzy" in message.flags or not all(message.translations)
    ]
    assert unfinished == []


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda path: path.name)
def test_chinese_messages_have_no_space_beside_a_chinese_character(path):
    """
    No space between a Chinese character and a number, a placeholder or a
    Latin word ("共3条", "第%(line)d行", "UTF-8文本"), and none around Chinese
    punctuation; leading and trailing space kept as the English has it.
    """
    beside = re.compile(f"[{CJK}] | [{CJK}]")
    spaced = [
        text
        for message in messages(path)
        for text in message.translations
        if beside.search(text.strip())
    ]
    assert spaced == []


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda path: path.name)
def test_chinese_messages_use_chinese_punctuation(path):
    """A colon, comma or bracket beside Chinese is full-width: "语言：", "（今天）"."""
    ascii_beside = re.compile(f"[{CJK}][,:;!?()]|[,:;!?()][{CJK}]")
    found = [
        text
        for message in messages(path)
        for text in message.translations
        if ascii_beside.search(text)
    ]
    assert found == []
    with translation.override("zh-hans"):
        assert translation.gettext(":") == "："  # after every form label


@pytest.mark.parametrize("path", CATALOGUE_FILES, ids=lambda path: path.name)
def test_compiled_catalogues_say_what_the_po_files_say(path):
    """compilemessages ran after the last change to a .po file."""
    with path.with_suffix(".mo").open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    for message in messages(path):
        key = (message.key, 0) if message.plural else message.key
        assert compiled.get(key) == message.translations[0], message.msgid


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext")
def test_every_message_in_the_code_is_in_the_catalogue(tmp_path):
    """
    makemessages, run on a copy of the sources, finds nothing new: every
    message the code and templates use has its Chinese.
    """
    for name in ("articles", "cqcnews", "templates", "locale"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "-v", "0"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
    )
    made = messages(tmp_path / "locale/zh_Hans/LC_MESSAGES/django.po")
    missing = [
        message.msgid
        for message in made
        if "fuzzy" in message.flags or not all(message.translations)
    ]
    assert missing == []


def test_django_and_axes_messages_the_admin_shows_are_chinese():
    with translation.override("zh-hans"):
        for english in (
            "- Select an option -",
            "Filter by %(field_name)s",
            "access attempts",
            "Login protection",
        ):
            assert re.search(f"[{CJK}]", translation.gettext(english)), english
