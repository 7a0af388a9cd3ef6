"""The shapes of CQC pages and the forms of their dates, on strings."""

import datetime

import pytest

from articles.documents import DocumentError, decode, identity, parse_document
from articles.documents.dates import address_date, find_date_mentions, find_dates
from articles.documents.names import candidate_people

HEADER = "Homepage / Favorites / 中文版"
FOOTER = "Introduction of Website / Exception Clause"


def span(start, end=None):
    start = datetime.date.fromisoformat(start)
    return (start, datetime.date.fromisoformat(end) if end else start)


def spans(text, **context):
    return [(found.start, found.end) for found in find_dates(text, **context)]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "From April 19th to 21st, CQC held training. In May 2019, it did not.",
            "2024-09-01",
            [span("2024-04-19", "2024-04-21")],
        ),
        ("On June 22, CQC met its partners.", "2020-10-26", [span("2020-06-22")]),
        ("on December 18 the meeting was held.", "2021-01-05", [span("2020-12-18")]),
        (
            "From September 5 2005 to 6th, the conference met.",
            None,
            [span("2005-09-05", "2005-09-06")],
        ),
        (
            "On January 13 and14, 2021, CQC convened.",
            None,
            [span("2021-01-13", "2021-01-14")],
        ),
        (
            "on August 9th and 10th, 2023, the conference",
            None,
            [span("2023-08-09", "2023-08-10")],
        ),
        (
            "On 13-14 July, the CQC organised the 2023 conference.",
            None,
            [span("2023-07-13", "2023-07-14")],
        ),
        (
            "From November 9-11, 2020, the events were held.",
            None,
            [span("2020-11-09", "2020-11-11")],
        ),
        (
            "From October 31st to November 1st, 2023, it met.",
            None,
            [span("2023-10-31", "2023-11-01")],
        ),
        (
            "China Quality Certification Centre\n12. 29. 2020",
            None,
            [span("2020-12-29")],
        ),
        ("On Sep. 20, 2011, CQC signed.", None, [span("2011-09-20")]),
        ("On March 5 and 9, 2020, two meetings.", None, [span("2020-03-05")]),
        ("2024年3月1日，会议在北京召开。", None, [span("2024-03-01")]),
        (
            "3月1日至2日，培训在上海举行。",
            "2024-04-05",
            [span("2024-03-01", "2024-03-02")],
        ),
        ("2013年11月19日至20日，大会召开。", None, [span("2013-11-19", "2013-11-20")]),
        (
            "3月30日至4月1日，论坛举行。",
            "2024-04-05",
            [span("2024-03-30", "2024-04-01")],
        ),
        ("１２月５日，会议召开。", "2024-12-20", [span("2024-12-05")]),
    ],
)
def test_dates_as_an_editor_reads_them(text, published, expected):
    published = datetime.date.fromisoformat(published) if published else None
    assert spans(text, published=published) == expected


def test_a_missing_year_is_the_latest_one_on_or_before_publication():
    assert spans("On December 30, CQC met.", published=datetime.date(2024, 1, 5)) == [
        span("2023-12-30")
    ]


def test_the_year_of_another_date_never_leaks_into_a_date_without_one():
    mentions = find_date_mentions("On April 19th, 2023 and on June 1 it met.")
    assert [mention.missing_year for mention in mentions] == [False, True]


def test_a_year_standing_alone_in_the_sentence_names_the_event_year():
    assert spans("On March 31st, Forum 2023 was held in Beijing.") == [
        span("2023-03-31")
    ]


def test_numbers_and_impossible_dates_are_not_dates():
    assert spans("CQC may act. In 2019, 100 stations. February 30, 2024.") == []
    assert spans("On March 31st and 2,000 people", year=2023) == [span("2023-03-31")]


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (
            "https://www.cqc.com.cn/www/english/c/2020-10-26/595338.shtml",
            datetime.date(2020, 10, 26),
        ),
        (
            "https://www.cnas.org.cn/tpxw/202401/t20240105_1.shtml",
            datetime.date(2024, 1, 5),
        ),
        ("https://www.cnas.org.cn/tpxw/888323.shtml", None),
    ],
)
def test_publication_date_from_the_address(address, expected):
    assert address_date(address) == expected


# The shapes of a text page.


@pytest.mark.parametrize(
    "publication",
    [
        "Public Time:2020-10-26 Origin:中国质量认证中心",
        "Public Time：2020-10-26 Origin：CHINA QUALITY CERTIFICATION CENTRE CO.,LTD.",
        "Public Time:2020-10-26\nOrigin:CHINA QUALITY CERTIFICATION CENTRE",
    ],
)
def test_publication_and_origin_lines_in_every_form(publication):
    text = (
        f"{HEADER}\nCQC Convened 2020 CB System Conference\n{publication}\n"
        f"    On October 15, 2020, CQC convened.\n1\n{FOOTER}\n"
    )
    document = parse_document(text, name="a.txt")
    assert document.title == "CQC Convened 2020 CB System Conference"
    assert document.published_at == datetime.datetime(2020, 10, 26)
    assert document.origin.startswith(("中国质量认证中心", "CHINA QUALITY"))
    assert document.paragraphs == ["On October 15, 2020, CQC convened."]
    assert [dropped.reason for dropped in document.dropped] == [
        "site navigation",
        "a photo caption's number",
        "site navigation",
    ]


def test_a_cut_copy_of_the_title_and_the_title_repeated_are_left_out():
    text = (
        "Positively founding new phase of the non- machine and ....\n"
        "Public Time:2006-11-15\n"
        "Positively founding new phase of the non- machine and non-electric "
        "product certification\n"
        "From September 5 2005 to 6th, CQC convened the conference.\n"
    )
    document = parse_document(text, name="a.txt")
    assert document.title.endswith("non-electric product certification")
    assert document.paragraphs == [
        "From September 5 2005 to 6th, CQC convened the conference."
    ]
    assert document.event.dates == span("2005-09-05", "2005-09-06")


def test_title_repeated_after_the_publication_line_and_a_subtitle():
    text = (
        "CQC Attended the Conference\nPublic Time:2023-04-14\n"
        "CQC Attended the Conference\n--Quality first\n"
        "On April 8th, 2023 CQC attended.\n"
    )
    document = parse_document(text, name="a.txt")
    assert (document.title, document.subtitle) == (
        "CQC Attended the Conference",
        "Quality first",
    )
    assert document.paragraphs == ["On April 8th, 2023 CQC attended."]


def test_chinese_page_furniture_is_left_out_and_its_run_together_line_read():
    text = (
        "您现在的位置：首页>>中心要闻\n"
        "中国质量认证中心召开研讨会\n"
        "发布时间：2011-03-11 09:49来源：中国质量认证中心访问次数：175\n"
        "当前音量\n100%\nIMG_2903\n"
        "　　2011年3月1日至2日，中国质量认证中心在北京召开研讨会。\n"
    )
    document = parse_document(text, name="a.txt")
    assert document.title == "中国质量认证中心召开研讨会"
    assert document.published_at == datetime.datetime(2011, 3, 11, 9, 49)
    assert document.origin == "中国质量认证中心"
    assert document.language == "zh-hans"
    assert document.paragraphs == [
        "2011年3月1日至2日，中国质量认证中心在北京召开研讨会。"
    ]
    assert document.event.dates == span("2011-03-01", "2011-03-02")
    assert document.event.city == "北京"


@pytest.mark.parametrize(
    "opening",
    [
        "Dear Clients:",
        "Dear customers,",
        "Respected Certified Applicants and Concerned Parties,",
        "To those related companies:",
        "尊敬的客户：",
    ],
)
def test_a_letter_to_clients_is_a_notice_not_news(opening):
    document = parse_document(
        f"{opening}\nFrom January 4, 2021, certificates are issued again.\n"
        "12. 29. 2020\n",
        name="a.txt",
    )
    assert document.notice
    assert document.event is None


def test_a_saved_web_page_gives_its_title_date_and_body_without_navigation():
    page = """<!DOCTYPE html><html><head><meta charset="utf-8">
    <title>CQC Convened 2020 CB System Conference - CQC</title>
    <meta name="PubDate" content="2020-10-26 10:00">
    <script>var x = "On May 1, 2020";</script></head>
    <body><div class="nav"><a href="/">Home</a> <a href="/news">News</a></div>
    <div class="content"><h1>CQC Convened 2020 CB System Conference</h1>
    <p>On October 15, 2020, CQC convened the conference in Beijing.</p>
    <p>It was a success.</p></div>
    <div id="footer">Copyright CQC</div></body></html>"""
    document = parse_document(page, name="595338.shtml")
    assert document.title == "CQC Convened 2020 CB System Conference"
    assert document.published_at == datetime.datetime(2020, 10, 26, 10, 0)
    assert document.paragraphs == [
        "On October 15, 2020, CQC convened the conference in Beijing.",
        "It was a success.",
    ]


def test_a_web_page_in_gbk_is_read_in_the_encoding_it_declares():
    page = (
        '<html><head><meta charset="gbk"></head>'
        "<body><h1>标题</h1><p>正文。</p></body></html>"
    )
    assert "正文" in decode(page.encode("gbk"), name="a.html")


def test_the_same_text_with_other_line_endings_has_the_same_identity():
    text = "Title\n\nOn March 1, 2024, CQC met.\n"
    variants = [
        text,
        text.replace("\n", "\r\n"),
        "\ufeff" + text,
        text + "\n\n",
        text.replace("met.", "met.   "),
    ]
    assert len({identity(variant) for variant in variants}) == 1
    assert identity(text.replace("met", "signed")) != identity(text)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("Café forum".encode("latin-1"), "not UTF-8"),
        (b"x" * (2 * 1024 * 1024 + 1), "at most 2 MB"),
    ],
)
def test_unreadable_files_get_a_clear_message(data, message):
    with pytest.raises(DocumentError, match=message):
        parse_document(decode(data, name="a.txt"), name="a.txt")


def test_a_role_ends_with_its_paragraph():
    text = (
        "The meeting was chaired by Xu Shaoshan, Deputy Managing Director of CQC。\n"
        "During the meeting, both sides spoke."
    )
    (found,) = candidate_people(text, [])
    assert (found.name, found.role) == (
        "Xu Shaoshan",
        "Deputy Managing Director of CQC",
    )
