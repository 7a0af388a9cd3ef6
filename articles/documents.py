"""
Press-release text from CQC's English site, turned into plain data.

Pure functions, no database: the importer and the fixture builder decide what
to store. A source document is a page saved as text, one paragraph per line::

    Homepage / Favorites / 中文版                  (site chrome: dropped)
    Academician Haizhou Wang visited CQC          (title, when there is one)

    On March 1, 2024, a delegation ...            (paragraphs)

    Introduction of Website / Exception Clause    (site chrome: dropped)

Paragraphs are kept word for word, quirks of the original included (a
full-width "。", "streng then"): they are the source, not ours to correct.
"""

import datetime
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.translation import gettext as _

# Lines of the original site's navigation that the saved pages carry along.
CHROME_LINES = frozenset(
    {
        "Homepage / Favorites / 中文版",
        "首页 / 收藏 / English",
        "Introduction of Website / Exception Clause",
    }
)

# A title is a short line; a first line longer than this is prose.
TITLE_MAX_LENGTH = 200
SENTENCE_END = ".。!！?？;；…:：,，"
CLOSING_QUOTES = "\"'”’」』)）"  # noqa: RUF001

# Chinese pages write the colon full-width ("发布时间" then U+FF1A).
_COLON = "[:\N{FULLWIDTH COLON}]"
PUBLICATION_LINE = re.compile(
    r"(?:time|date|published(?:\s+(?:at|on))?|publication\s+(?:time|date)"
    r"|发布时间|发布日期|时间|日期)"
    rf"\s*{_COLON}\s*"
    r"(?P<year>\d{4})[-/.年](?P<month>\d{1,2})[-/.月](?P<day>\d{1,2})日?"
    rf"(?:[\sT]+(?P<hour>\d{{1,2}}){_COLON}(?P<minute>\d{{2}})"
    rf"(?:{_COLON}(?P<second>\d{{2}}))?)?",
    re.IGNORECASE,
)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
# Month names are capitalised in English, which keeps "may" the verb out.
_MONTH = r"(?P<month>{})\b\.?".format("|".join(sorted(MONTHS, key=len, reverse=True)))
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2})\b)?"
_DASH = r"\s*[-–—]\s*"  # noqa: RUF001
# Longest forms first: where two match at the same place, the longer wins.
DATE_PATTERNS = [
    # "July 13-14, 2023"
    re.compile(
        rf"\b{_MONTH}\s+{_DAY.format('day')}{_DASH}{_DAY.format('last')}{_YEAR}"
    ),
    # "13-14 July", "13 to 14 July 2023"
    re.compile(
        rf"\b{_DAY.format('day')}(?:{_DASH}|\s+to\s+){_DAY.format('last')}"
        rf"\s+(?:of\s+)?{_MONTH}{_YEAR}"
    ),
    # "March 1, 2024", "March 31st"
    re.compile(rf"\b{_MONTH}\s+{_DAY.format('day')}{_YEAR}"),
    # "1 March 2024"
    re.compile(rf"\b{_DAY.format('day')}\s+(?:of\s+)?{_MONTH}{_YEAR}"),
]
# What joins two dates into one span: "From October 31st to November 1st".
RANGE_JOINER = re.compile(r"\s*(?:to|until|till|through|[-–—])\s*", re.IGNORECASE)  # noqa: RUF001
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
SENTENCE_BREAK = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n")


class DocumentError(Exception):
    """A document that cannot be read or parsed, with the file it came from."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


class DateSpan(NamedTuple):
    """The days an event took; ``end == start`` for a one-day event."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class Document:
    """
    What a source document says, as plain data.

    ``title`` is None when the document has none (an editor gives one);
    ``published_at`` is naive, in the source's local time, and None unless the
    document has a publication line; ``dates`` are the event dates the text
    mentions, in order.
    """

    name: str
    title: str | None
    paragraphs: list[str]
    published_at: datetime.datetime | None = None
    dates: list[DateSpan] = field(default_factory=list)

    @property
    def text(self):
        """Title and paragraphs, one a line: what names are looked for in."""
        return "\n".join([self.title or "", *self.paragraphs])

    def mentions(self, names):
        """The ``names`` this document mentions (see ``find_mentions``)."""
        return find_mentions(self.text, names)


def checksum(data: bytes) -> str:
    """SHA-256 of a file's bytes: the identity under which it is imported once."""
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, *, name: str) -> str:
    """UTF-8 text from a file's bytes (a byte-order mark is dropped)."""
    if b"\x00" in data:
        raise DocumentError(name, _("this is a binary file, not text."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            name,
            _("line %(line)d is not UTF-8 text (byte 0x%(byte)02x).")
            % {"line": line, "byte": data[error.start]},
        ) from None


def read_document(data: bytes, *, name: str) -> Document:
    """A document from a file's bytes: ``decode`` then ``parse_document``."""
    return parse_document(decode(data, name=name), name=name)


def parse_document(text: str, *, name: str) -> Document:
    """
    Split a document into its title, paragraphs and publication time.

    Every non-blank line left once the site chrome and the publication line
    are gone is a paragraph: the pages were saved one paragraph per line,
    some with blank lines between paragraphs and some (002) without. The
    first line is the title only when it looks like one: short, not ending a
    sentence, and followed by a blank line.
    """
    unix = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in unix.split("\n")]
    if not any(lines):
        raise DocumentError(name, _("the file is empty."))

    published_at = None
    for number, line in enumerate(lines, start=1):
        if " ".join(line.split()) in CHROME_LINES:
            lines[number - 1] = ""
        elif match := PUBLICATION_LINE.fullmatch(line):
            if published_at is not None:
                raise DocumentError(
                    name,
                    _("line %(line)d: a second publication time.") % {"line": number},
                )
            published_at = _publication_time(match, name=name, line=number)
            lines[number - 1] = ""

    content = [(number, line) for number, line in enumerate(lines) if line]
    title = None
    if content:
        first, line = content[0]
        followed_by_blank = first + 1 < len(lines) and not lines[first + 1]
        if followed_by_blank and _looks_like_title(line):
            title = line
            content = content[1:]
    paragraphs = [line for _number, line in content]
    if not paragraphs:
        raise DocumentError(
            name, _("no paragraphs: the document has no text to publish.")
        )

    context_year = _first_year(title or "")
    return Document(
        name=name,
        title=title,
        paragraphs=paragraphs,
        published_at=published_at,
        dates=find_dates(
            "\n".join(paragraphs),
            year=context_year,
            published=published_at.date() if published_at else None,
        ),
    )


def paragraphs_html(paragraphs: Iterable[str]) -> str:
    """
    Paragraphs as rich text, one ``<p>`` each, with the text escaped.

    Only ``&``, ``<`` and ``>`` are escaped, as the rich-text sanitiser writes
    them, so the HTML comes out of sanitising unchanged.
    """
    return "".join(
        f"<p>{html.escape(paragraph, quote=False)}</p>" for paragraph in paragraphs
    )


def find_mentions(text: str, names: Iterable[str]) -> list[str]:
    """
    The ``names`` that occur in ``text`` as whole words, in order of first mention.

    Case and spacing are not significant ("GANGYAN NACKE" finds "Gangyan
    Nacke"), but word edges are: "CQC" is not found in "CQCM".
    """
    found = []
    for name in {name.strip() for name in names if name and name.strip()}:
        pattern = r"\s+".join(re.escape(word) for word in name.split())
        if match := re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE):
            found.append((match.start(), name))
    return [name for _position, name in sorted(found)]


def find_dates(
    text: str, *, year: int | None = None, published: datetime.date | None = None
) -> list[DateSpan]:
    """
    The dates and date ranges ``text`` mentions, in order, each once.

    A date without a year ("March 31st", "13-14 July") takes it from its
    context: a year in the same sentence ("Forum 2023"), else ``year`` (the
    title's), else the year that puts it nearest to ``published``. A date
    whose year cannot be known is left out rather than guessed.
    """
    spans = []
    for start, end, found in _join_ranges(text, _date_mentions(text)):
        first, last = found
        if first.year is None or last.year is None:
            known = first.year or last.year
            if known is None:
                known = _year_nearby(text, start, end) or year
            if known is None and published is not None:
                known = _year_nearest(first, published)
            if known is None:
                continue
            first, last = _complete_years(first, last, known)
        try:
            span = DateSpan(first.date(), last.date())
        except ValueError:  # "February 30": not a date, whatever it was.
            continue
        if span.end >= span.start and span not in spans:
            spans.append(span)
    return spans


class _Day(NamedTuple):
    """A day as the text gives it: the year may be missing."""

    year: int | None
    month: int
    day: int

    def date(self):
        return datetime.date(self.year, self.month, self.day)


def _looks_like_title(line):
    return len(line) <= TITLE_MAX_LENGTH and not line.rstrip(CLOSING_QUOTES).endswith(
        tuple(SENTENCE_END)
    )


def _publication_time(match, *, name, line):
    parts = {
        key: int(value) for key, value in match.groupdict().items() if value is not None
    }
    try:
        return datetime.datetime(**parts)
    except ValueError:
        raise DocumentError(
            name,
            _("line %(line)d: “%(text)s” is not a valid publication time.")
            % {"line": line, "text": match.group(0)},
        ) from None


def _date_mentions(text):
    """(start, end, first day, last day) of each date in ``text``, without overlaps."""
    matches = []
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            parts = match.groupdict()
            year = int(parts["year"]) if parts["year"] else None
            month = MONTHS[parts["month"]]
            first = _Day(year, month, int(parts["day"]))
            last = _Day(year, month, int(parts.get("last") or parts["day"]))
            matches.append((match.start(), match.end(), first, last))
    matches.sort(key=lambda found: (found[0], -found[1]))
    mentions, covered = [], 0
    for found in matches:
        if found[0] >= covered:
            mentions.append(found)
            covered = found[1]
    return mentions


def _join_ranges(text, mentions):
    """Join "October 31st" "to" "November 1st, 2023" into one span."""
    joined = []
    for start, end, first, last in mentions:
        if joined and RANGE_JOINER.fullmatch(text, joined[-1][1], start):
            previous_start, _end, (previous_first, _last) = joined.pop()
            joined.append((previous_start, end, (previous_first, last)))
        else:
            joined.append((start, end, (first, last)))
    return joined


def _complete_years(first, last, year):
    """Give a year to whichever end lacks one; a span may run into the next year."""
    if last.year is None:
        last = last._replace(year=year if first.year is None else first.year)
        if (last.month, last.day) < (first.month, first.day):
            last = last._replace(year=last.year + 1)
    if first.year is None:
        first = first._replace(year=last.year)
        if (first.month, first.day) > (last.month, last.day):
            first = first._replace(year=last.year - 1)
    return first, last


def _year_nearby(text, start, end):
    """A year in the sentence around ``text[start:end]``: after it, else before."""
    sentence_start = 0
    for sentence in SENTENCE_BREAK.finditer(text):
        if sentence.start() >= end:
            following = text[end : sentence.start()]
            break
        sentence_start = sentence.end()
    else:
        following = text[end:]
    if match := YEAR.search(following):
        return int(match.group())
    before = YEAR.findall(text[sentence_start:start])
    return int(before[-1]) if before else None


def _year_nearest(day, published):
    """The year that puts ``day`` nearest to the publication date."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append((abs(day._replace(year=year).date() - published), year))
        except ValueError:  # 29 February
            continue
    return min(candidates)[1] if candidates else None


def _first_year(text):
    match = YEAR.search(text)
    return int(match.group()) if match else None
