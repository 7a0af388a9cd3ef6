"""
Real press releases nobody here wrote (tests/data/press_releases/, each with
its address in manifest.toml): the title, the publication date, the event's
dates and what kind of document each is, as a careful editor reads them.
"""

import datetime
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.documents import read_document
from articles.importing import Catalogue, Outcome, propose

DATA = Path(__file__).resolve().parent / "data" / "press_releases"
PAGES = tomllib.loads((DATA / "manifest.toml").read_text(encoding="utf-8"))["page"]


def parsed(page):
    data = (DATA / page["file"]).read_bytes()
    return read_document(data, name=page["file"], source_url=page["address"])


def day(text):
    return datetime.date.fromisoformat(text)


def test_the_real_pages_are_many_and_of_every_kind():
    kinds = {(page["language"], page["kind"]) for page in PAGES}
    assert len(PAGES) >= 25
    assert kinds == {
        ("en", "news"),
        ("en", "notice"),
        ("zh-hans", "news"),
        ("zh-hans", "notice"),
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page["file"][:2])
def test_title_publication_date_and_language_of_each_real_page(page):
    document = parsed(page)
    assert document.title == page.get("title")
    published = document.published_at.date() if document.published_at else None
    assert published == (day(page["published"]) if "published" in page else None)
    assert document.language == page["language"]


@pytest.mark.parametrize(
    "page",
    [page for page in PAGES if page["kind"] == "news"],
    ids=lambda page: page["file"][:2],
)
def test_event_of_each_real_news_page_is_its_first_dated_event(page):
    document = parsed(page)
    expected = page["events"]
    if not expected:
        assert document.event is None
    else:
        start, end = expected[0]
        assert (document.event.dates.start, document.event.dates.end) == (
            day(start),
            day(end),
        )


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page["file"][:2])
def test_notices_and_letters_are_told_from_news(page):
    document = parsed(page)
    assert (document.notice is not None) == (page["kind"] == "notice")
    if page["kind"] == "notice":
        assert document.event is None


@pytest.mark.django_db
def test_no_real_notice_becomes_news():
    catalogue = Catalogue()
    for page in PAGES:
        if page["kind"] == "notice":
            proposal = propose(
                (DATA / page["file"]).read_bytes(),
                name=page["file"],
                source_url=page["address"],
                catalogue=catalogue,
            )
            assert proposal.status == Outcome.REFUSED, page["file"]


@pytest.mark.django_db
def test_people_of_the_real_pages_are_found_with_their_roles_and_nobody_else():
    """
    Every person a page names is linked (known to the site from its first
    content) or proposed to the editor, under the name the page uses, with the
    role it gives them; nothing that is not a person is proposed. The shares
    are held here, so that they can only rise: roles that run on past a comma
    ("National Chair, Quality and Safety Services Sub-working Group of …") are
    cut at it.
    """
    call_command("load_initial_content", verbosity=0)
    catalogue = Catalogue()
    wanted = found = proposed = wrong = roles = same_roles = 0
    for page in PAGES:
        proposal = propose(
            (DATA / page["file"]).read_bytes(),
            name=page["file"],
            source_url=page["address"],
            catalogue=catalogue,
        )
        expected = {_plain(person["name"]): person["role"] for person in page["people"]}
        names = {}
        for person in proposal.people:
            spellings = [person.name]
            if person.known:
                spellings += [person.person.name_en, person.person.name_zh_hans]
            for spelling in filter(None, spellings):
                names[_plain(spelling)] = person
        wanted += len(expected)
        found += sum(name in names for name in expected)
        new = [person for person in proposal.people if not person.known]
        proposed += len(new)
        wrong += sum(_plain(person.name) not in expected for person in new)
        for name, role in expected.items():
            if name in names and not names[name].known:
                roles += 1
                same_roles += names[name].role == role
    assert found / wanted >= 0.9, f"{found} of {wanted} found"
    assert wrong / proposed <= 0.02, f"{wrong} of {proposed} proposed are no one"
    assert same_roles / roles >= 0.85, f"{same_roles} of {roles} roles as written"


def _plain(name):
    return " ".join(name.replace("Mdm.", "").split()).casefold()
