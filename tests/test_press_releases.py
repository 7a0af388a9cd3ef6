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
def test_people_of_the_real_news_pages_are_found_known_or_proposed():
    """
    Every person a page names is either linked (known to the site from its
    first content) or proposed to the editor, under the name the page uses.
    Names written title-first ("Deputy Director of CQC Zeng Guangfeng") or
    with no role are not all proposed yet: the share found is held here, so
    that it can only rise.
    """
    call_command("load_initial_content", verbosity=0)
    catalogue = Catalogue()
    expected = found = 0
    for page in PAGES:
        if page["kind"] != "news":
            continue
        proposal = propose(
            (DATA / page["file"]).read_bytes(),
            name=page["file"],
            source_url=page["address"],
            catalogue=catalogue,
        )
        names = {_plain(person.name) for person in proposal.people}
        names |= {
            _plain(name)
            for person in proposal.people
            if person.known
            for name in (person.person.name_en, person.person.name_zh_hans)
            if name
        }
        wanted = [_plain(person["name"]) for person in page["people"]]
        expected += len(wanted)
        found += sum(name in names for name in wanted)
    assert found / expected >= 0.75, f"{found} of {expected}"


def _plain(name):
    return " ".join(name.replace("Mdm.", "").split()).casefold()
