"""import_documents and load_initial_content, run as editors and `make run` run them."""

import datetime
import hashlib
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.documents import read_document
from articles.fixture_builder import DOCUMENTS_DIR
from articles.models import (
    Article,
    Event,
    OrganizationAlias,
    Person,
    PersonAlias,
    TranslationStatus,
)
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

SOURCES = sorted(DOCUMENTS_DIR.glob("*.txt"))


def run(command, *args, **options):
    """Run a management command; its standard output and error, as text."""
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def source(number):
    return SOURCES[number]


@pytest.fixture
def cqc():
    return OrganizationFactory(
        name_en="China Quality Certification Centre", short_name="CQC", slug="cqc"
    )


@pytest.fixture
def cstm():
    cstm = OrganizationFactory(
        name_en="Zhongguancun Material Testing Technology Alliance", slug="cstm"
    )
    OrganizationAlias.objects.create(name="CSTM", organization=cstm)
    return cstm


@pytest.fixture
def wang_haizhou():
    person = PersonFactory(name_en="Haizhou Wang", slug="wang-haizhou")
    PersonAlias.objects.create(name="Wang Haizhou", person=person)
    return person


@pytest.fixture
def xie_zhaoxu():
    return PersonFactory(name_en="Xie Zhaoxu", slug="xie-zhaoxu")


# import_documents


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name[:3])
def test_each_document_is_imported_as_a_draft_nobody_can_read(path):
    output = run("import_documents", path)

    article = Article.objects.get()
    document = read_document(path.read_bytes(), name=path.name)
    assert article.status == Article.Status.DRAFT
    assert not article.is_published
    assert not Article.objects.published().exists()
    assert article.published_at is None
    assert article.translation_status_zh_hans == TranslationStatus.MISSING
    assert article.source_checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.body_en.count("<p>") == len(document.paragraphs)
    if document.title:
        assert article.title_en == document.title
    assert f"{path} imported as the draft “{article.title_en}”" in output


def test_imported_body_keeps_each_paragraph_word_for_word_in_its_own_element():
    run("import_documents", source(4))
    body = Article.objects.get().body_en
    assert "<p>On 13-14 July, the CQC organised the 2023 International" in body
    assert "aims to streng then communication" in body
    assert "the certification business.This is aimed at" in body


def test_document_without_title_gets_its_slug_and_a_stand_in_title_from_the_file():
    output = run("import_documents", source(2))
    article = Article.objects.get()
    assert article.slug == "002-87ab8c7679e7f7d6"
    assert article.title_en == "002_87ab8c7679e7f7d6"
    assert article.body_en.startswith("<p>From October 31st to November 1st, 2023,")
    assert "The document has no title" in output


def test_slug_is_made_unique(cqc):
    ArticleFactory(slug="academician-haizhou-wang-visited-cqc")
    run("import_documents", source(0))
    assert Article.objects.filter(
        slug="academician-haizhou-wang-visited-cqc-2", status=Article.Status.DRAFT
    ).exists()


def test_organisations_are_linked_by_name_short_name_and_alias(cqc, cstm):
    OrganizationFactory(name_en="National Automobile Quality Supervision", slug="n")
    output = run("import_documents", source(0))
    article = Article.objects.get()
    assert set(article.organizations.all()) == {cqc, cstm}
    assert "Organisations: China Quality Certification Centre, " in output


def test_people_found_by_name_or_alias_are_reported(wang_haizhou, xie_zhaoxu):
    PersonFactory(name_en="Liu Gang")
    output = run("import_documents", source(0))
    assert "People: Haizhou Wang, Xie Zhaoxu\n" in output


def test_existing_event_of_a_person_on_the_document_date_is_linked(xie_zhaoxu):
    visit = EventFactory(start_date=datetime.date(2024, 3, 1))
    ParticipationFactory(event=visit, person=xie_zhaoxu)
    elsewhere = EventFactory(start_date=datetime.date(2024, 3, 2))
    ParticipationFactory(event=elsewhere, person=xie_zhaoxu)
    other_people = EventFactory(start_date=datetime.date(2024, 3, 1))
    ParticipationFactory(event=other_people)

    output = run("import_documents", source(0))

    assert list(Article.objects.get().events.all()) == [visit]
    assert Event.objects.count() == 3
    assert f"Events: {visit.name_en}\n" in output


def test_no_event_is_invented_when_none_is_known(xie_zhaoxu):
    output = run("import_documents", source(0))
    assert not Event.objects.exists()
    assert "Events: none found" in output
    assert "Dates: 2024-03-01" in output


def test_importing_the_same_file_again_changes_nothing_and_says_so(cqc, tmp_path):
    run("import_documents", source(0))
    before = Article.objects.get()
    renamed = tmp_path / "renamed.txt"
    shutil.copy(source(0), renamed)

    output = run("import_documents", source(0), renamed)

    after = Article.objects.get()
    assert (after.pk, after.updated_at, after.slug) == (
        before.pk,
        before.updated_at,
        before.slug,
    )
    assert output.count("was imported before") == 2
    assert "nothing changed" in output


def test_broken_file_among_good_ones_saves_nothing_for_it_and_is_named(tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(
        "Title\n\nCaf\N{LATIN SMALL LETTER E WITH ACUTE}".encode("latin-1")
    )

    out, err = StringIO(), StringIO()
    with pytest.raises(
        CommandError, match="3 of 5 files could not be imported"
    ) as error:
        call_command(
            "import_documents",
            source(0),
            binary,
            empty,
            latin,
            source(1),
            stdout=out,
            stderr=err,
        )

    assert Article.objects.count() == 2
    for path in (binary, empty, latin):
        assert str(path) in str(error.value)
    assert f"{binary}: this is a binary file" in err.getvalue()
    assert f"{empty}: the file is empty" in err.getvalue()
    assert f"{latin}: line 3 is not UTF-8" in err.getvalue()


def test_missing_file_is_named_and_fails_the_command(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.txt"):
        run("import_documents", tmp_path / "missing.txt")
    assert not Article.objects.exists()


def test_folder_imports_each_text_file_in_it():
    run("import_documents", DOCUMENTS_DIR)
    assert Article.objects.count() == 5
    assert not Article.objects.exclude(status=Article.Status.DRAFT).exists()


def test_dry_run_reports_and_saves_nothing(cqc):
    output = run("import_documents", source(0), dry_run=True)
    assert not Article.objects.exists()
    assert "would be imported as the draft “Academician Haizhou Wang" in output


def test_publication_time_line_dates_the_draft(tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text("CQC news\nPublished: 2024-03-15 10:30\n\nCQC met.", "utf-8")
    run("import_documents", path)
    article = Article.objects.get()
    assert article.published_at == datetime.datetime.fromisoformat(
        "2024-03-15T10:30+08:00"
    )
    assert article.status == Article.Status.DRAFT
    assert not Article.objects.published().exists()


# load_initial_content


def test_initial_content_loads_into_an_empty_site_once():
    first = run("load_initial_content")
    counts = (Article.objects.count(), Person.objects.count(), Event.objects.count())
    second = run("load_initial_content")

    assert counts[0] == 5 and counts[1] >= 12
    assert (
        Article.objects.count(),
        Person.objects.count(),
        Event.objects.count(),
    ) == counts
    assert "Loaded the initial content" in first
    assert "nothing loaded" in second


def test_initial_content_never_overwrites_an_editors_work():
    person = PersonFactory(name_en="An editor's person")
    output = run("load_initial_content")
    assert "The site already has content (people): nothing loaded." in output
    assert not Article.objects.exists()
    person.refresh_from_db()
    assert person.name_en == "An editor's person"


def test_importing_a_document_already_in_the_initial_content_changes_nothing():
    run("load_initial_content")
    output = run("import_documents", source(0))
    assert Article.objects.count() == 5
    assert "nothing changed" in output
