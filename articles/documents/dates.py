"""
Dates as press releases write them, read as a careful editor reads them.

English: "March 1, 2024", "1 March 2024", "March 31st", "13-14 July",
"July 13-14, 2023", "January 13 and14, 2021", "From April 19th to 21st",
"From September 5 2005 to 6th", "From October 31st to November 1st, 2023",
"12. 29. 2020", "2020-10-26". Chinese: "2024年3月1日", "3月1日至2日",
"3月30日至4月1日", "2024年3月1日—3日".

A date that names no year takes one by these rules, in order:

1. the other end of its own range ("From December 30 to January 2, 2024");
2. the latest year that puts it on or before the publication date, since a
   press release reports what has happened;
3. a year standing alone in its sentence, such as an event's name ("Forum
   2023"), but never the year of another date in that sentence;
4. a year in the document's title.

When none applies the date is kept as ``Mention.missing_year`` for the editor
to settle: it is never guessed and never dropped silently.
"""

import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

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
# Full-width digits read as ASCII ones, character for character, so that
# positions in the text stay the same.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # noqa: RUF001

# Month names are capitalised in English, which keeps "may" the verb out.
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d)\b"
_YEAR = r"(?:19|20)\d{2}(?!\d)"
# What joins the two days of one range: "13-14", "13 to 14", "13 and14".
_JOIN = r"(?:\s*[-–—~～]\s*|\s+(?:to|until|till|through)\s+|\s+and\s*)"  # noqa: RUF001

ENGLISH_DATES = [
    # "July 13, 2023", "July 13-14, 2023", "April 19th to 21st",
    # "September 5 2005 to 6th"
    re.compile(
        rf"\b(?P<month>{_MONTH_NAMES})\b\.?\s+(?P<day>{_DAY})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?"
        rf"(?:(?P<join>{_JOIN})(?P<last>{_DAY})(?!\s+(?:of\s+)?(?:{_MONTH_NAMES})\b))?"
        rf"(?:,?\s+(?P<last_year>{_YEAR}))?"
    ),
    # "13 July 2023", "13-14 July", "13 and 14 of July"
    re.compile(
        rf"\b(?P<day>{_DAY})(?:(?P<join>{_JOIN})(?P<last>{_DAY}))?"
        rf"\s+(?:of\s+)?(?P<month>{_MONTH_NAMES})\b\.?(?:,?\s+(?P<last_year>{_YEAR}))?"
    ),
    # "12. 29. 2020", "12/29/2020": month first, as CQC's English notices sign.
    re.compile(
        r"(?<![\d.])(?P<month_number>1[0-2]|0?[1-9])\s*[./]\s*(?P<day>[0-3]?\d)\s*[./]\s*"
        rf"(?P<year>{_YEAR})"
    ),
    # "2020-10-26", "2020/10/26", "2020.10.26"
    re.compile(
        rf"(?<![\d.])(?P<year>{_YEAR})[-/.](?P<month_number>1[0-2]|0?[1-9])[-/.]"
        r"(?P<day>[0-3]?\d)(?!\d)"
    ),
]
# "2024年3月1日", "3月1日至2日", "3月30日至4月1日", "2024年3月1日—2024年3月3日"
CHINESE_DATE = re.compile(
    r"(?:(?P<year>\d{4})\s*年\s*)?(?P<month_number>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]"
    r"(?:(?P<join>\s*(?:至|到|—|–|-|~|～|、)\s*)"  # noqa: RUF001
    r"(?:(?P<last_year>\d{4})\s*年\s*)?(?:(?P<last_month>\d{1,2})\s*月\s*)?"
    r"(?P<last>\d{1,2})\s*[日号])?"
)
# What joins two whole dates into one span: "From October 31st to November 1st".
RANGE_JOINER = re.compile(
    r"\s*(?:to|until|till|through|and|[-–—~～至到])\s*",  # noqa: RUF001
    re.IGNORECASE,
)
# Joiners that name two days rather than a span: a span only when they are
# consecutive ("August 9th and 10th"), two dates otherwise.
LIST_JOINERS = re.compile(r"\s*(?:and|、)\s*", re.IGNORECASE)
YEAR = re.compile(rf"(?<!\d){_YEAR}")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|[。！？\n]")
# "Public Time:2020-10-26 10:30", "2024年03月01日 10:23:05"
PUBLICATION_DATE = re.compile(
    rf"(?P<year>{_YEAR})\s*[-/.年]\s*(?P<month>\d{{1,2}})\s*[-/.月]\s*(?P<day>\d{{1,2}})\s*日?"
    r"(?:[\sT]*(?P<hour>\d{1,2})[:：](?P<minute>\d{2})(?:[:：](?P<second>\d{2}))?)?"
)
# An address that carries its publication date: ".../c/2020-10-26/595087.shtml",
# ".../t20240301_123.html", ".../202403/t20240301_1.html".
ADDRESS_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})[-_/]?(?P<month>0[1-9]|1[0-2])[-_/]?(?P<day>[0-3]\d)(?!\d)"
)


class DateSpan(NamedTuple):
    """The days an event took; ``end == start`` for a one-day event."""

    start: datetime.date
    end: datetime.date

    def __str__(self):
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}\N{EN DASH}{self.end.isoformat()}"


class _Day(NamedTuple):
    """A day as the text gives it: the year may be missing."""

    year: int | None
    month: int
    day: int

    def date(self):
        return datetime.date(self.year, self.month, self.day)


@dataclass(frozen=True)
class Mention:
    """
    A date or range in the text: ``span`` once its year is known, else
    ``missing_year`` is true and the editor gives it.
    """

    text: str
    start: int
    span: DateSpan | None

    @property
    def missing_year(self):
        return self.span is None


def find_dates(
    text: str, *, year: int | None = None, published: datetime.date | None = None
) -> list[DateSpan]:
    """The dates and date ranges ``text`` mentions whose year is known, each once."""
    spans = []
    for mention in find_date_mentions(text, year=year, published=published):
        if mention.span is not None and mention.span not in spans:
            spans.append(mention.span)
    return spans


def find_date_mentions(
    text: str, *, year: int | None = None, published: datetime.date | None = None
) -> list[Mention]:
    """
    Every date ``text`` mentions, in order, with its year settled by the rules
    of this module (``year`` is the title's). Impossible dates ("February
    30") are not dates and are left out.
    """
    digits = text.translate(FULL_WIDTH_DIGITS)
    found = _join_ranges(digits, _mentions(digits))
    taken = [(start, end) for start, end, _first, _last in found]
    mentions = []
    for start, end, first, last in found:
        if first.year is None or last.year is None:
            known = first.year or last.year
            if known is None and published is not None:
                first, last = _on_or_before(first, last, published)
            else:
                if known is None:
                    known = _free_year(digits, start, end, taken) or year
                if known is not None:
                    first, last = _complete_years(first, last, known)
        if first.year is None:
            mentions.append(Mention(text[start:end], start, None))
            continue
        try:
            span = DateSpan(first.date(), last.date())
        except ValueError:  # "February 30": not a date, whatever it was.
            continue
        if span.end < span.start:
            span = DateSpan(span.start, span.start)
        mentions.append(Mention(text[start:end], start, span))
    return mentions


def publication_date(text: str) -> datetime.datetime | None:
    """The moment a publication line's value gives, or None when it gives none."""
    match = PUBLICATION_DATE.search(text.translate(FULL_WIDTH_DIGITS))
    if match is None:
        return None
    parts = {key: int(value) for key, value in match.groupdict().items() if value}
    try:
        return datetime.datetime(**parts)
    except ValueError:
        return None


def address_date(address: str) -> datetime.date | None:
    """The publication date an address carries (``…/c/2020-10-26/…``), if any."""
    for match in ADDRESS_DATE.finditer(address or ""):
        try:
            return datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            continue
    return None


def _mentions(text):
    """(start, end, first day, last day) of each date in ``text``, without overlaps."""
    matches = []
    for pattern in [*ENGLISH_DATES, CHINESE_DATE]:
        for match in pattern.finditer(text):
            if days := _days(match):
                first, last, end = days
                matches.append((match.start(), end, first, last))
    # Where two match at the same place, the longer wins.
    matches.sort(key=lambda found: (found[0], -found[1]))
    mentions, covered = [], 0
    for found in matches:
        if found[0] >= covered:
            mentions.append(found)
            covered = found[1]
    return mentions


def _days(match):
    """
    The first and last day of a match and where it ends, or None when it is
    no date. Two days that are not consecutive ("March 5 and 9") are no span:
    the first stands alone.
    """
    parts = match.groupdict()
    month = MONTHS[parts["month"]] if parts.get("month") else int(parts["month_number"])
    last_year = parts.get("last_year")
    year = parts.get("year") or (last_year if not parts.get("last") else None)
    first = _Day(int(year) if year else None, month, int(parts["day"].rstrip("stndrh")))
    if not parts.get("last"):
        return (first, first, match.end()) if 1 <= month <= 12 else None
    last_month = int(parts["last_month"]) if parts.get("last_month") else month
    last = _Day(
        int(last_year) if last_year else None,
        last_month,
        int(parts["last"].rstrip("stndrh")),
    )
    if first.year is None and last.year is not None and last_month == month:
        first = first._replace(year=last.year)
    if LIST_JOINERS.fullmatch(parts["join"]) and not _consecutive(first, last):
        if "month" in parts and match.start("month") > match.start("day"):
            return None  # "5 and 9 March": neither day stands alone here.
        return first, first, match.start("join")
    return first, last, match.end()


def _consecutive(first, last):
    return (last.month, last.day - 1) == (first.month, first.day) or (
        last.day == 1 and last.month == first.month % 12 + 1
    )


def _join_ranges(text, mentions):
    """Join "October 31st" "to" "November 1st, 2023" into one span."""
    joined = []
    for start, end, first, last in mentions:
        if joined and (joiner := RANGE_JOINER.fullmatch(text, joined[-1][1], start)):
            previous_start, _end, previous_first, previous_last = joined[-1]
            listed = LIST_JOINERS.fullmatch(joiner.group())
            if not listed or _consecutive(previous_last, first):
                joined[-1] = (previous_start, end, previous_first, last)
                continue
        joined.append((start, end, first, last))
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


def _on_or_before(first, last, published):
    """The latest years that put the span's start on or before ``published``."""
    for year in (published.year, published.year - 1):
        completed = _complete_years(first, last, year)
        try:
            if completed[0].date() <= published:
                break
        except ValueError:  # 29 February of a year that has none
            continue
    return completed


def _free_year(text, start, end, taken):
    """
    A year in the sentence around ``text[start:end]`` that belongs to no date
    (the "2023" of "Forum 2023"): after the date first, else before it.
    """
    sentence_start, sentence_end = 0, len(text)
    for sentence in SENTENCE_BREAK.finditer(text):
        if sentence.start() >= end:
            sentence_end = sentence.start()
            break
        sentence_start = sentence.end()
    years = [
        match
        for match in YEAR.finditer(text, sentence_start, sentence_end)
        if not any(left <= match.start() < right for left, right in taken)
    ]
    after = [match for match in years if match.start() >= end]
    before = [match for match in years if match.end() <= start]
    if after:
        return int(after[0].group())
    return int(before[-1].group()) if before else None
