"""Parsing press-release text: pure functions, tested on strings and the real files."""

import datetime

import pytest

from articles.documents import (
    DateSpan,
    DocumentError,
    checksum,
    decode,
    find_dates,
    find_mentions,
    paragraphs_html,
    parse_document,
    read_document,
)
from articles.fixture_builder import DOCUMENTS_DIR
from articles.models import Article

HEADER = "Homepage / Favorites / 中文版"
FOOTER = "Introduction of Website / Exception Clause"


def real(number):
    """The parsed source document ``number`` (0 to 4) from fixtures/documents/."""
    (path,) = DOCUMENTS_DIR.glob(f"{number:03d}_*.txt")
    return read_document(path.read_bytes(), name=path.name)


def span(start, end=None):
    start = datetime.date.fromisoformat(start)
    return DateSpan(start, datetime.date.fromisoformat(end) if end else start)


# The five real documents.


@pytest.mark.parametrize(
    ("number", "title", "paragraphs"),
    [
        (0, "Academician Haizhou Wang visited CQC", 4),
        (1, "CQC Participated in China Electric Vehicle 100 Forum 2023", 3),
        (2, None, 4),
        (
            3,
            "CQC&NAST: Inject Innovative Driving Force to Automotive Industry",
            5,
        ),
        (
            4,
            "CQC Held 2023 International Certification Factory Inspection Working "
            "Conference",
            6,
        ),
    ],
)
def test_real_documents_give_their_title_and_paragraphs_without_site_chrome(
    number, title, paragraphs
):
    document = real(number)
    assert document.title == title
    assert len(document.paragraphs) == paragraphs
    assert not {HEADER, FOOTER} & set(document.paragraphs)
    assert all(paragraph == paragraph.strip() for paragraph in document.paragraphs)


def test_document_without_title_takes_its_long_first_sentence_as_a_paragraph():
    document = real(2)
    assert document.title is None
    assert document.paragraphs[0] == (
        "From October 31st to November 1st, 2023, the Global New Energy and "
        "Intelligent Automobile Supply Chain Innovation Conference was held in "
        "Guangzhou, and the CQC was invited to attend."
    )
    assert document.paragraphs[-1].endswith("the Chinese automotive industry.")


def test_full_width_full_stop_ending_a_paragraph_is_kept():
    first = real(0).paragraphs[0]
    assert first.endswith("Deputy Managing Director of CQC。")
    assert first.startswith("On March 1, 2024, a delegation led by Academician")


def test_quirks_of_the_original_text_are_kept_word_for_word():
    text = "\n".join(real(4).paragraphs)
    for quirk in (
        "streng then",
        "environmentconducive",
        "internationa lcounter parts",
        "business.This",
        '"encouraging domestic organisations to strengthen cooperation with '
        'internationa lcounter parts",carries out',
        "TÜV Rheinland",
    ):
        assert quirk in text


@pytest.mark.parametrize(
    ("number", "dates"),
    [
        (0, [span("2024-03-01")]),
        (1, [span("2023-03-31")]),
        (2, [span("2023-10-31", "2023-11-01")]),
        (3, [span("2020-12-30")]),
        (4, [span("2023-07-13", "2023-07-14")]),
    ],
)
def test_real_documents_give_their_event_dates(number, dates):
    assert real(number).dates == dates


# Structure.


def test_paragraphs_may_be_separated_by_several_blank_lines():
    document = parse_document(
        f"{HEADER}\nTitle\n\nOne.\n\n\n\nTwo.\n\n{FOOTER}", name="a.txt"
    )
    assert document.title == "Title"
    assert document.paragraphs == ["One.", "Two."]


def test_single_newlines_separate_paragraphs_when_there_is_no_title():
    document = parse_document("First sentence.\nSecond one.\nThird.", name="a.txt")
    assert document.title is None
    assert document.paragraphs == ["First sentence.", "Second one.", "Third."]


def test_short_first_line_not_followed_by_a_blank_line_is_a_paragraph():
    document = parse_document("CQC news\nThe text.", name="a.txt")
    assert document.title is None
    assert document.paragraphs == ["CQC news", "The text."]


def test_first_line_ending_a_sentence_is_not_a_title_even_before_a_blank_line():
    document = parse_document("CQC was invited to attend.\n\nMore.", name="a.txt")
    assert document.title is None
    assert document.paragraphs == ["CQC was invited to attend.", "More."]


def test_footer_without_trailing_newline_is_dropped():
    document = parse_document(f"Title\n\nText.\n\n{FOOTER}", name="a.txt")
    assert document.paragraphs == ["Text."]


def test_only_surrounding_whitespace_is_stripped():
    document = parse_document("Title  \n\n   Two  spaces\tinside.  \n", name="a.txt")
    assert document.title == "Title"
    assert document.paragraphs == ["Two  spaces\tinside."]


def test_windows_line_endings_are_read_like_unix_ones():
    text = f"{HEADER}\r\nTitle\r\n\r\nOne.\r\n\r\nTwo.\r\n\r\n{FOOTER}\r\n"
    document = parse_document(text, name="a.txt")
    assert document.title == "Title"
    assert document.paragraphs == ["One.", "Two."]


def test_byte_order_mark_is_dropped_from_bytes_and_from_text():
    data = "\ufeffTitle\n\nText.".encode()
    assert read_document(data, name="a.txt").title == "Title"
    assert parse_document("\ufeffTitle\n\nText.", name="a.txt").title == "Title"


@pytest.mark.parametrize(
    ("line", "published_at"),
    [
        ("Time: 2024-03-15", datetime.datetime(2024, 3, 15)),
        ("Published: 2024-03-15 10:30", datetime.datetime(2024, 3, 15, 10, 30)),
        ("发布时间\N{FULLWIDTH COLON}2024-03-15", datetime.datetime(2024, 3, 15)),
    ],
)
def test_publication_time_line_is_read_and_is_not_a_paragraph(line, published_at):
    document = parse_document(f"{HEADER}\nTitle\n{line}\n\nText.", name="a.txt")
    assert document.published_at == published_at
    assert document.title == "Title"
    assert document.paragraphs == ["Text."]


def test_document_without_publication_time_has_none():
    assert real(0).published_at is None


def test_invalid_publication_time_is_a_problem_naming_the_line():
    document = parse_document("Title\n\nTime: 2024-13-45\nText.", name="a.txt")
    assert document.published_at is None
    assert any(
        problem.startswith("line 3:") and "2024-13-45" in problem
        for problem in document.problems
    )


def test_two_different_publication_times_are_a_problem_and_the_first_is_kept():
    text = "Title\nTime: 2024-03-15\n\nTime: 2024-03-16\nText."
    document = parse_document(text, name="a")
    assert document.published_at == datetime.datetime(2024, 3, 15)
    assert "line 4: a second, different publication time." in document.problems


# Errors.


@pytest.mark.parametrize("text", ["", "  \n\r\n\t", "\ufeff"])
def test_empty_document_is_an_error_naming_the_file(text):
    with pytest.raises(DocumentError, match=r"^empty\.txt: the file is empty") as error:
        parse_document(text, name="empty.txt")
    assert error.value.name == "empty.txt"


@pytest.mark.parametrize(
    "text",
    [f"{HEADER}\n\n{FOOTER}", "Only a title\n\n", f"{HEADER}\nTitle\n\n{FOOTER}"],
)
def test_document_without_paragraphs_is_an_error(text):
    with pytest.raises(DocumentError, match=r"^bare\.txt: no paragraphs"):
        parse_document(text, name="bare.txt")


def test_binary_file_is_an_error_naming_the_file():
    with pytest.raises(DocumentError, match=r"^photo\.jpg: .*binary"):
        decode(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", name="photo.jpg")


def test_text_in_another_encoding_is_an_error_naming_file_and_line():
    data = "Title\n\nCQC\N{RIGHT SINGLE QUOTATION MARK}s text.".encode("cp1252")
    with pytest.raises(DocumentError, match=r"^old\.txt: line 3 is not UTF-8"):
        decode(data, name="old.txt")


def test_checksum_is_the_sha256_of_the_bytes():
    assert checksum(b"") == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


# Dates.


def test_full_dates_are_found():
    assert find_dates("On December 30, 2020, CQC and NAST met.") == [span("2020-12-30")]


def test_year_less_date_takes_the_year_of_the_event_named_in_its_sentence():
    text = "On March 31st, China Electric Vehicle 100 Forum 2023 was held in Beijing."
    assert find_dates(text, year=2019) == [span("2023-03-31")]


def test_year_less_day_range_takes_the_year_from_its_sentence():
    text = "On 13-14 July, the CQC organised the 2023 International Conference."
    assert find_dates(text) == [span("2023-07-13", "2023-07-14")]


def test_range_across_months_takes_the_year_given_at_its_end():
    text = "From October 31st to November 1st, 2023, the conference was held."
    assert find_dates(text) == [span("2023-10-31", "2023-11-01")]


def test_range_across_new_year_starts_in_the_year_before():
    text = "From December 30 to January 2, 2024, CQC held training."
    assert find_dates(text) == [span("2023-12-30", "2024-01-02")]


def test_year_less_date_falls_back_to_the_title_year_then_the_publication():
    assert find_dates("On March 31st, CQC met.", year=2023) == [span("2023-03-31")]
    published = datetime.date(2024, 1, 5)
    assert find_dates("On December 28th, CQC met.", published=published) == [
        span("2023-12-28")
    ]


def test_title_year_gives_the_year_to_a_document_date():
    document = parse_document("Forum 2023\n\nOn March 31st, CQC spoke.", name="a")
    assert document.dates == [span("2023-03-31")]


def test_date_whose_year_cannot_be_known_is_left_out():
    assert find_dates("On March 31st, CQC met.") == []


def test_other_date_forms_are_found():
    assert find_dates("July 13-14, 2023 and 1 March 2024.") == [
        span("2023-07-13", "2023-07-14"),
        span("2024-03-01"),
    ]


def test_words_that_are_not_dates_are_ignored():
    text = "CQC may act. At the end of 2019, 100 stations. February 30, 2024."
    assert find_dates(text) == []


# Names and HTML.


def test_mentions_are_whole_words_in_order_of_first_mention_the_longest_first():
    text = "Wang Haizhou met CQC。 Then Xie Zhaoxu spoke to CQCM staff."
    names = ["Xie Zhaoxu", "CQC", "Wang Haizhou", "CQCM staff", "Haizhou", "Liu Gang"]
    assert find_mentions(text, names) == [
        "Wang Haizhou",
        "CQC",
        "Xie Zhaoxu",
        "CQCM staff",
    ]


def test_mentions_ignore_case_and_spacing():
    text = "GANGYAN NACKE Testing Technology\nCo., Ltd. and Mdm.Lu Mei"
    names = ["Gangyan Nacke Testing Technology Co., Ltd.", "Mdm.Lu Mei", "Mei Lu"]
    assert find_mentions(text, names) == names[:2]


def test_document_mentions_names_in_title_and_paragraphs():
    assert real(0).mentions(["Haizhou Wang", "Wang Haizhou", "CSTM", "NAST"]) == [
        "Haizhou Wang",
        "CSTM",
        "Wang Haizhou",
    ]


def test_paragraphs_become_escaped_html_paragraphs():
    assert paragraphs_html(['A & "B"', "<script>"]) == (
        '<p>A &amp; "B"</p><p>&lt;script&gt;</p>'
    )


def test_paragraph_html_of_every_real_document_is_already_clean():
    sanitise = Article._meta.get_field("body_en").sanitize
    for number in range(5):
        body = paragraphs_html(real(number).paragraphs)
        assert sanitise(body) == body
