"""
Importing press releases: the command and the admin's review step, on the
database, with the real pages of tests/data/press_releases/.
"""

import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from articles.importing import (
    Catalogue,
    NotConfirmable,
    Outcome,
    entries,
    propose,
    save_proposal,
)
from articles.models import (
    Article,
    Event,
    OrganizationAlias,
    Participation,
    Person,
    PersonAlias,
)
from tests.commands import output_of
from tests.factories import OrganizationFactory, PersonFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data" / "press_releases"
NEWS = DATA / "02_cqc-yiwu-strategic-agreement.txt"
CHINESE = DATA / "36_zh-cqc-national-ecology-day-2024.txt"
NOTICE = DATA / "21_notice-certificate-processing-resumed.txt"
UNTITLED = DATA / "12_eu-delegation-visits-cqc.txt"
IMPORT_URL = "admin:articles_article_import"


def run(*args, **options):
    return output_of("import_documents", *map(str, args), **options)


@pytest.fixture
def liu_jiang():
    return PersonFactory(name_en="Liu Jiang", name_zh_hans="刘江", slug="liu-jiang")


def test_a_news_page_becomes_a_draft_with_its_draft_event_and_people(
    liu_jiang, tmp_path
):
    output = run(NEWS, report=tmp_path / "report.md")

    article = Article.objects.get()
    assert (
        article.title_en
        == "CQC and Yiwu Municipal Government Sign Strategic Cooperation Agreement"
    )
    assert article.status == Article.Status.DRAFT
    assert timezone.localtime(article.published_at).date().isoformat() == "2024-09-10"
    event = article.events.get()
    assert (event.start_date.isoformat(), event.status) == (
        "2024-08-09",
        Event.Status.DRAFT,
    )
    assert event.kind == Event.Kind.CEREMONY
    participation = Participation.objects.get(person=liu_jiang)
    assert participation.role_en == "Managing Director of CQC"
    # Names nobody has entered are proposed, never created by the command.
    assert not Person.objects.exclude(pk=liu_jiang.pk).exists()
    report = (tmp_path / "report.md").read_text()
    assert "Shao Chunhong" in report and "? new" in report
    assert "imported   1" in output


def test_a_draft_event_is_not_shown_to_readers(liu_jiang, client, tmp_path):
    run(NEWS, report=tmp_path / "report.md")
    event = Event.objects.get()
    assert (
        client.get(reverse("articles:event-detail", args=[event.slug])).status_code
        == 404
    )
    assert event.name_en not in client.get(reverse("articles:event-list")).text


def test_a_chinese_press_release_becomes_a_chinese_source_draft(tmp_path):
    run(CHINESE, report=tmp_path / "report.md")
    article = Article.objects.get()
    assert article.source_language == "zh-hans"
    assert article.title_zh_hans == "CQC参加2024年全国生态日主场活动"
    assert not article.title_en
    assert article.translation_status_zh_hans == "draft"
    assert article.translation_status_en == "missing"


def test_dry_run_prints_a_table_and_saves_nothing():
    output = run(NEWS, NOTICE, dry_run=True)
    assert not Article.objects.exists()
    assert "CQC and Yiwu Municipal Government" in output
    assert re.search(r"refused\s+1", output)
    assert "A notice or a letter to clients is not news" in output


def test_a_notice_and_a_page_without_title_are_refused_with_their_reasons(tmp_path):
    with pytest.raises(CommandError, match="2 of 3 documents were refused"):
        run(NEWS, NOTICE, UNTITLED, report=tmp_path / "report.md")
    assert Article.objects.count() == 1
    report = (tmp_path / "report.md").read_text()
    assert "not news" in report
    assert "Not found: a title and a publication date" in report


@pytest.mark.parametrize(
    "change",
    [
        lambda data: data.replace(b"\n", b"\r\n"),
        lambda data: b"\xef\xbb\xbf" + data,
        lambda data: data + b"\n\n",
        lambda data: data.replace(b"\n", b"  \n"),
    ],
    ids=["crlf", "bom", "trailing newlines", "trailing spaces"],
)
def test_the_same_text_saved_otherwise_is_recognised(change, tmp_path):
    run(NEWS, report=tmp_path / "first.md")
    again = tmp_path / "again.txt"
    again.write_bytes(change(NEWS.read_bytes()))
    output = run(again, report=tmp_path / "second.md")
    assert "was imported before" in output
    assert Article.objects.count() == 1


def test_a_changed_text_from_the_same_address_updates_its_draft(tmp_path):
    address = "https://cqc.com.cn/www/english/c/2024-09-10/597552.shtml"
    run(NEWS, source_url=address, report=tmp_path / "a.md")
    changed = tmp_path / "changed.txt"
    changed.write_bytes(NEWS.read_bytes().replace(b"Yiwu", b"Yiwu City", 1))
    output = run(changed, source_url=address, report=tmp_path / "b.md")
    assert "updated the draft" in output
    article = Article.objects.get()
    assert article.source_url == address


def test_a_folder_is_imported_whole_with_a_progress_bar_and_a_summary(tmp_path):
    folder = tmp_path / "archive"
    folder.mkdir()
    for path in (NEWS, CHINESE, NOTICE):
        (folder / path.name).write_bytes(path.read_bytes())
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_documents",
            str(folder),
            progress=True,
            report=str(tmp_path / "r.md"),
            stdout=out,
            stderr=err,
        )
    assert "[" + "#" * 30 + "] 3/3" in err.getvalue()
    assert re.search(r"imported\s+2", out.getvalue())
    assert re.search(r"refused\s+1", out.getvalue())
    assert Article.objects.count() == 2


def _zip(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_gives_its_documents_and_skips_what_is_not_one():
    data = _zip(
        {"a/news.txt": NEWS.read_bytes(), "__MACOSX/._news.txt": b"x", "logo.png": b"x"}
    )
    assert [entry.name for entry in entries("up.zip", data)] == ["up.zip/a/news.txt"]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"../../etc/evil.txt": b"x"}, "points outside the archive"),
        ({"/etc/evil.txt": b"x"}, "points outside the archive"),
        ({"bomb.txt": b"0" * (20 * 1024 * 1024)}, "far more than"),
    ],
)
def test_an_unsafe_zip_is_refused(files, message):
    (entry,) = entries("up.zip", _zip(files))
    assert message in entry.error


def test_nothing_half_made_is_saved(liu_jiang, monkeypatch):
    proposal = propose(NEWS.read_bytes(), name=NEWS.name, catalogue=Catalogue())

    def broken(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(Participation, "save", broken)
    with pytest.raises(RuntimeError):
        save_proposal(proposal)
    assert not Article.objects.exists()
    assert not Event.objects.exists()


# The admin's review step.


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def upload(name, data):
    return SimpleUploadedFile(name, data, "text/plain")


def test_the_admin_shows_a_review_and_saves_nothing_before_confirmation(
    editor, liu_jiang
):
    response = editor.post(
        reverse(IMPORT_URL),
        {
            "files": [
                upload(NEWS.name, NEWS.read_bytes()),
                upload(NOTICE.name, NOTICE.read_bytes()),
            ]
        },
    )
    assert response.status_code == 200
    assert not Article.objects.exists()
    text = response.text
    assert "CQC and Yiwu Municipal Government" in text
    assert "✓ Liu Jiang" in text
    assert "Shao Chunhong" in text
    assert "not news" in text


def _review_data(response):
    """What the browser posts back from the review page, as the page fills it."""
    data = {"count": response.context["count"], "confirm": "1"}
    for form in response.context["forms"]:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value not in (None, [], ""):
                data[key] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def test_the_editor_corrects_a_date_confirms_a_new_person_and_gets_the_drafts(
    editor, liu_jiang
):
    review = editor.post(
        reverse(IMPORT_URL),
        {
            "files": [
                upload(NEWS.name, NEWS.read_bytes()),
                upload(CHINESE.name, CHINESE.read_bytes()),
            ]
        },
    )
    data = _review_data(review)
    data["doc-0-event_start"] = data["doc-0-event_end"] = "2024-08-08"
    data["doc-0-new_people"] = ["Shao Chunhong"]
    response = editor.post(reverse(IMPORT_URL), data)

    assert response.status_code == 200, response.text
    assert Article.objects.count() == 2
    yiwu = Article.objects.get(source_language="en")
    assert yiwu.events.get().start_date.isoformat() == "2024-08-08"
    assert yiwu.created_by.username == "editor"
    shao = Person.objects.get(name_en="Shao Chunhong")
    assert shao.translation_status_en == "draft"
    assert Participation.objects.filter(person=shao).exists()


def test_a_document_without_title_is_imported_once_the_editor_gives_one(editor):
    review = editor.post(
        reverse(IMPORT_URL), {"files": [upload(UNTITLED.name, UNTITLED.read_bytes())]}
    )
    data = _review_data(review)
    assert "doc-0-include" not in data  # refused until a title is given
    data["doc-0-include"] = "on"
    again = editor.post(reverse(IMPORT_URL), data)
    assert "A title is needed" in again.text
    assert not Article.objects.exists()
    data["doc-0-title"] = "EU Delegation Visited CQC"
    data["doc-0-published"] = "2024-11-13"
    editor.post(reverse(IMPORT_URL), data)
    assert Article.objects.get().title_en == "EU Delegation Visited CQC"


def test_an_altered_review_page_is_refused(editor):
    review = editor.post(
        reverse(IMPORT_URL), {"files": [upload(NEWS.name, NEWS.read_bytes())]}
    )
    data = _review_data(review)
    data["doc-0-payload"] = data["doc-0-payload"][:-3] + "abc"
    assert editor.post(reverse(IMPORT_URL), data).status_code == 403
    assert not Article.objects.exists()


def test_a_proposal_already_imported_is_unchanged(liu_jiang):
    catalogue = Catalogue()
    save_proposal(propose(NEWS.read_bytes(), name=NEWS.name, catalogue=catalogue))
    again = propose(
        NEWS.read_bytes().replace(b"\n", b"\r\n"), name="x.txt", catalogue=catalogue
    )
    assert again.status == Outcome.UNCHANGED


def test_the_same_document_confirmed_twice_at_once_is_saved_once(liu_jiang):
    catalogue = Catalogue()
    first, second = (
        propose(NEWS.read_bytes(), name=NEWS.name, catalogue=catalogue)
        for _ in range(2)
    )
    save_proposal(first)
    with pytest.raises(NotConfirmable):
        save_proposal(second)
    assert Article.objects.count() == 1
    assert Event.objects.count() == 1


def test_known_people_and_organisations_are_found_under_every_spelling(tmp_path):
    cqc = OrganizationFactory(name_en="China Quality Certification Centre", slug="cqc")
    OrganizationAlias.objects.create(name="CQC", organization=cqc)
    liu = PersonFactory(name_en="Jiang Liu", slug="liu-jiang")  # given name first
    xie = PersonFactory(name_en="Zhaoxu Xie", slug="xie-zhaoxu")
    PersonAlias.objects.create(name="Xie Zhaoxu", person=xie)
    proposal = propose(
        b"CQC Met\n\nOn May 5, 2024, Mdm. LIU Jiang, Managing Director of CQC, "
        b"and XIE ZHAOXU met.\n",
        name="a.txt",
        source_url="https://www.cqc.com.cn/www/english/c/2024-05-06/1.shtml",
        catalogue=Catalogue(),
    )
    assert proposal.organizations == [cqc]
    known = {found.person: found.role for found in proposal.people if found.known}
    assert known == {liu: "Managing Director of CQC", xie: ""}
