"""
The admin wholly in Chinese for an editor whose browser asks for Chinese:
every page of it (the dashboard, each model's list and forms, the import,
translation and version pages), its scripts' messages (the time-zone note,
the calendar, the rich-text editor's dialogs) and the login protection's
section, which django-axes leaves in English.
"""

import json
import re
from pathlib import Path

import django.contrib.admin
import django_prose_editor
import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from articles import revisions
from articles.admin.accounts import permission_label
from articles.fixture_builder import DOCUMENTS_DIR
from articles.models import Article
from tests.catalogues import CJK, VisibleText, latin_words, messages
from tests.factories import (
    ArticleFactory,
    PageFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db

#: What a browser set to Simplified Chinese sends.
CHINESE = {"accept-language": "zh-CN,zh;q=0.9,en;q=0.5"}
#: Latin words the Chinese admin shows on purpose: names of organisations,
#: formats and protocols; what Django's own Chinese keeps ("按住 Control 键或
#: Mac 上的 Command 键"); "English", the language named in itself as the
#: language tabs name it; the language code modeltranslation puts after a
#: field's name ("名称 [en]"); and the alt text of Django's yes/no icons,
#: which Django never translates.
ALLOWED = {
    *("CQC", "CSTM", "JQA", "HTML", "JPEG", "PNG", "WebP", "MB"),
    *("IP", "HTTP", "Accept", "GET", "POST", "LDAP", "Control", "Command", "Mac"),
    *("English", "en", "True", "False", "None"),
}
#: Words a page must not show in Chinese, whatever the data (the admin's own
#: labels, and the login protection's names as django-axes gives them).
ENGLISH_LABELS = re.compile(
    r"\b(Add|Save|Delete|Filter|Search|Change|History|Home|Status|Select|Log out"
    r"|Axes|Access attempts?|Access failures?|Access logs?|Login protection"
    r"|Import|Review|Translate|Compare|Restore|Cancel|Newsroom)\b"
)


@pytest.fixture
def newsroom(admin_user):
    """A little of everything the admin edits, and an article with two versions."""
    article = ArticleFactory()
    with revisions.recording(admin_user):
        article.title_zh_hans = f"{article.title_zh_hans}（修订）"
        article.save()
    ParticipationFactory()
    PageFactory()
    attempt = {
        "user_agent": "浏览器",
        "ip_address": "192.0.2.1",
        "username": "王",
        "http_accept": "*/*",
        "path_info": "/",
    }
    AccessAttempt.objects.create(
        **attempt, get_data="", post_data="", failures_since_start=2
    )
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    return article


def words_of(text):
    """Every run of Latin letters in ``text``, for what counts as data."""
    return set(re.findall(r"[A-Za-z]+", text))


def data_words():
    """
    The Latin words of what editors and the site wrote (the English text of
    the news, slugs, group and user names, the login records): data, not the
    admin's labels. With them the names django-axes gives its records
    ("Attempted Access: …", its models' ``__str__``), which the admin repeats
    in each row's checkbox label: English that no catalogue reaches.
    """
    texts = []
    for model in [
        *apps.get_app_config("articles").get_models(),
        *apps.get_app_config("axes").get_models(),
        Group,
        User,
    ]:
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list(*columns):
            texts += [str(value) for value in row if value]
        if model._meta.app_label == "axes":
            texts += [str(record) for record in model.objects.all()]
    return set().union(*map(words_of, texts))


def untranslated(html, allowed):
    """The Latin words of the page's visible text that ``allowed`` does not hold."""
    texts = VisibleText.of(html)
    words = {word for text in texts for word in latin_words(text)} - allowed
    labels = {match for text in texts for match in ENGLISH_LABELS.findall(text)}
    return sorted(words | labels)


def scripts_before_their_catalogue(html):
    """The admin's scripts that use gettext but come before /admin/jsi18n/."""
    scripts = re.findall(r'<script[^>]* src="([^"]+)"', html)
    catalogue = reverse("admin:jsi18n")
    position = scripts.index(catalogue) if catalogue in scripts else len(scripts)
    return [
        script
        for script in scripts[:position]
        if "/admin/js/" in script or "prose_editor" in script
        if not script.endswith(("/theme.js", "/nav_sidebar.js"))
    ]


def admin_pages(user, article):
    """
    The dashboard; each app's page; each model's list, its add page where it
    has one and the change page of an object (not for django-axes' records,
    which name themselves in English: "Attempted Access: …"); the article's
    own pages; the editor's password page.
    """
    request = RequestFactory().get("/")
    request.user = user
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages += [
            reverse("admin:app_list", args=[opts.app_label]),
            reverse(f"{name}_changelist"),
        ]
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        obj = model._default_manager.first()
        if obj is not None and opts.app_label != "axes":
            pages.append(reverse(f"{name}_change", args=[obj.pk]))
    pages += [
        reverse("admin:articles_article_translate", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk]),
        reverse("admin:articles_article_restore", args=[article.pk, 1]),
        reverse("admin:articles_article_import"),
    ]
    return list(dict.fromkeys(pages))


def test_every_admin_page_reads_in_chinese(admin_client, admin_user, newsroom):
    """
    In words, and in its scripts' messages: every script that asks gettext
    comes after the admin's catalogue, which the browser gets in Chinese.
    """
    allowed = ALLOWED | data_words()
    english, early = {}, {}
    for page in admin_pages(admin_user, newsroom):
        response = admin_client.get(page, headers=CHINESE)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert '<html lang="zh-hans"' in html, page
        if words := untranslated(html, allowed):
            english[page] = words
        if scripts := scripts_before_their_catalogue(html):
            early[page] = scripts
    assert english == {}
    assert early == {}


def test_the_dashboard_and_the_login_protection_are_named_in_chinese(
    admin_client, newsroom
):
    html = admin_client.get(reverse("admin:index"), headers=CHINESE).text
    assert "编辑部" in html
    for name in ("登录保护", "登录尝试", "登录失败记录", "登录日志"):
        assert name in html
    for english in ("Axes", "Access attempts", "Access failures", "Access logs"):
        assert english not in html

    attempts = admin_client.get(
        reverse("admin:axes_accessattempt_changelist"), headers=CHINESE
    ).text
    assert "还剩3次尝试机会" in attempts


def test_the_import_review_and_its_result_read_in_chinese(admin_client):
    document = sorted(DOCUMENTS_DIR.glob("*.txt"))[0]
    text_words = words_of(document.read_text())
    upload = SimpleUploadedFile(document.name, document.read_bytes(), "text/plain")

    review = admin_client.post(
        reverse("admin:articles_article_import"), {"files": [upload]}, headers=CHINESE
    )
    assert review.status_code == 200
    assert untranslated(review.text, ALLOWED | data_words() | text_words) == []
    assert "语言</strong>：英文" in review.text

    data = {"count": review.context["count"], "confirm": "1"}
    for form in review.context["forms"]:
        for name in form.fields:
            value = form[name].value()
            if value is True:
                data[form.add_prefix(name)] = "on"
            elif value not in (None, False, [], ""):
                data[form.add_prefix(name)] = (
                    value.isoformat() if hasattr(value, "isoformat") else value
                )
    done = admin_client.post(
        reverse("admin:articles_article_import"), data, headers=CHINESE
    )
    assert done.status_code == 200
    assert Article.objects.count() == 1
    assert "草稿已保存" in done.text
    assert untranslated(done.text, ALLOWED | data_words() | text_words) == []


def test_the_login_page_reads_in_chinese(client):
    html = client.get(reverse("admin:login"), headers=CHINESE).text
    assert untranslated(html, ALLOWED) == []


def test_permissions_are_named_in_the_admins_language():
    publish = Permission.objects.get(codename="publish_article")
    add = Permission.objects.get(codename="add_article")
    with translation.override("zh-hans"):
        assert permission_label(add) == "新闻 | 文章 | 可以添加文章"
        assert permission_label(publish) == "新闻 | 文章 | 可以发布、定时发布和撤回文章"
    assert permission_label(add) == "News | article | Can add article"


# The admin's scripts.


def javascript_catalogue(client):
    """The messages /admin/jsi18n/ gives the admin's scripts, by their key."""
    script = client.get(reverse("admin:jsi18n"), headers=CHINESE).text
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S)[1])


def prose_editor_messages():
    """What django-prose-editor's script asks ``gettext`` for (from its sources)."""
    source_map = (
        Path(django_prose_editor.__file__).parent
        / "static/django_prose_editor/editor.js.map"
    )
    sources = json.loads(source_map.read_text())["sourcesContent"]
    return {
        message
        for source in sources
        if source
        for message in re.findall(r"\bgettext\(\s*\"([^\"]+)\"", source)
    }


def admin_script_messages():
    """Every message of Django's admin scripts, from its source catalogue."""
    return messages(
        Path(django.contrib.admin.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po"
    )


def test_the_admins_scripts_speak_chinese(admin_client):
    catalogue = javascript_catalogue(admin_client)

    def chinese(key):
        value = catalogue.get(key)
        values = value if isinstance(value, list) else [value]
        return all(value and re.search(f"[{CJK}]", value) for value in values)

    missing = [m.key for m in admin_script_messages() if not chinese(m.key)]
    missing += [key for key in prose_editor_messages() if not chinese(key)]
    assert missing == []
    # The time-zone note and the calendar's weekday letters, as an editor
    # away from Beijing time sees them.
    note = catalogue[
        "Note: Enter times in the %(timezone)s timezone. "
        "(You are %(offset)s hour behind.)"
    ]
    assert note == [
        "注意：请按%(timezone)s时区输入时间（您所在时区比它慢%(offset)s小时）。"
    ]
    assert catalogue["one letter Monday\x04M"] == "一"
