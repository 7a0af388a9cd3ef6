"""Template tags, error pages, the stylesheet and the Chinese catalogue."""

import datetime
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from articles.models import Event
from articles.templatetags.reader import attendance, date_range, lang_attr
from tests.factories import ArticleFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
D = datetime.date


@pytest.mark.parametrize(
    "start, end, english, chinese",
    [
        (D(2024, 3, 15), None, "March 15, 2024", "2024年3月15日"),
        (D(2024, 3, 15), D(2024, 3, 15), "March 15, 2024", "2024年3月15日"),
        (D(2024, 7, 13), D(2024, 7, 14), "July 13–14, 2024", "2024年7月13日至14日"),  # noqa: RUF001
        (
            D(2023, 10, 31),
            D(2023, 11, 1),
            "October 31 – November 1, 2023",  # noqa: RUF001
            "2023年10月31日至11月1日",
        ),
        (
            D(2020, 12, 30),
            D(2021, 1, 2),
            "December 30, 2020 – January 2, 2021",  # noqa: RUF001
            "2020年12月30日至2021年1月2日",
        ),
    ],
)
def test_date_range_is_as_short_as_each_language_allows(start, end, english, chinese):
    event = Event(start_date=start, end_date=end)
    with translation.override("en"):
        assert date_range(event) == english
    with translation.override("zh-hans"):
        assert date_range(event) == chinese


@pytest.mark.parametrize(
    "count, approximate, english, chinese",
    [
        (1, False, "1 person", "1人"),
        (40, False, "40 people", "40人"),
        (1000, True, "about 1,000 people", "约1000人"),
        (None, False, "", ""),
    ],
)
def test_attendance_reads_naturally(count, approximate, english, chinese):
    event = Event(attendance=count, attendance_is_approximate=approximate)
    with translation.override("en"):
        assert attendance(event) == english
    with translation.override("zh-hans"):
        assert attendance(event) == chinese


def test_date_filter_uses_each_languages_long_date():
    template = Template("{{ day|date }}")
    context = Context({"day": D(2024, 3, 15)})
    with translation.override("en"):
        assert template.render(context) == "March 15, 2024"
    with translation.override("zh-hans"):
        assert template.render(context) == "2024年3月15日"


@pytest.mark.django_db
def test_text_in_the_other_language_is_marked_with_it():
    article = ArticleFactory(title_zh_hans="")
    with translation.override("zh-hans"):
        assert lang_attr(article, "title") == ' lang="en"'
        assert lang_attr(article, "body") == ""
    with translation.override("en"):
        assert lang_attr(article, "title") == ""


@pytest.mark.parametrize(
    "language, html_lang, title",
    [("en", "en", "Server error"), ("zh-hans", "zh-Hans", "服务器错误")],
)
def test_server_error_page_needs_neither_request_context_nor_database(
    language, html_lang, title
):
    # No django_db mark: any query here would fail the test.
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{html_lang}">' in html
    assert f'<h1 class="page__title">{title}</h1>' in html
    assert "css/site.css" in html


def own_templates():
    """The reader templates: the admin's are another layer's."""
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "admin" not in path.relative_to(TEMPLATES).parts
    )


@pytest.mark.parametrize(
    "path", own_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_templates_carry_no_inline_script_or_style(path):
    """The site runs under a Content-Security-Policy that refuses inline code."""
    source = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", source)
    assert not re.search(r"<style|\sstyle=", source)
    assert not re.search(r"\son[a-z]+=", source)


@pytest.mark.parametrize(
    "path", own_templates(), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_templates_compile(path):
    get_template(str(path.relative_to(TEMPLATES)))


def test_stylesheet_sets_chinese_type_print_and_focus():
    css = STYLESHEET.read_text()
    chinese = re.search(r":lang\(zh-Hans\) \{([^}]*)\}", css).group(1)
    assert '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei"' in css
    assert "var(--font-cjk)" in chinese and "line-height: 1.8" in chinese
    italics = re.search(r":lang\(zh-Hans\) em \{([^}]*)\}", css).group(1)
    assert "font-style: normal" in italics
    assert "@media print" in css and ":focus-visible" in css
    assert "url(" not in css  # every asset local, no fonts from elsewhere


def catalogue_entries():
    """(msgctxt, msgid, msgid_plural, [msgstr…], flags) for each .po entry."""
    entries = []
    for block in (CATALOGUE / "django.po").read_text().split("\n\n"):
        fields, current, flags = {}, None, ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += line[1:-1]
            else:
                current, _space, value = line.partition(" ")
                fields[current] = value[1:-1]
        if fields.get("msgid"):
            strings = [v for k, v in fields.items() if k.startswith("msgstr")]
            entries.append(
                (
                    fields.get("msgctxt"),
                    fields["msgid"],
                    fields.get("msgid_plural"),
                    strings,
                    flags,
                )
            )
    return entries


def test_chinese_catalogue_is_complete_and_compiled():
    entries = catalogue_entries()
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog

    assert len(entries) > 100
    for context, msgid, plural, strings, flags in entries:
        assert all(strings), f"untranslated: {msgid}"
        assert "fuzzy" not in flags, f"fuzzy: {msgid}"
        key = f"{context}\x04{msgid}" if context else msgid
        key = key.encode().decode("unicode_escape").encode("latin-1").decode()
        assert ((key, 0) if plural else key) in catalog, f"not compiled: {msgid}"
