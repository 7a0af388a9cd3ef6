"""import_documents and load_initial_content, run as editors and `make run` run them."""

import pytest

from articles.fixture_builder import DOCUMENTS_DIR
from articles.models import (
    Article,
    Event,
    Person,
)
from tests.commands import output_of
from tests.factories import (
    PersonFactory,
)

pytestmark = pytest.mark.django_db

SOURCES = sorted(DOCUMENTS_DIR.glob("*.txt"))


def source(number):
    return SOURCES[number]


# load_initial_content


def test_initial_content_loads_into_an_empty_site_once():
    first = output_of("load_initial_content")
    counts = (Article.objects.count(), Person.objects.count(), Event.objects.count())
    second = output_of("load_initial_content")

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
    output = output_of("load_initial_content")
    assert "The site already has content (people): nothing loaded." in output
    assert not Article.objects.exists()
    person.refresh_from_db()
    assert person.name_en == "An editor's person"


def test_importing_a_document_already_in_the_initial_content_changes_nothing():
    output_of("load_initial_content")
    output = output_of("import_documents", source(0))
    assert Article.objects.count() == 5
    assert "nothing changed" in output
