"""
Where a press release's parts are: its title, subtitle, publication line and
paragraphs, and the page furniture around them.

CQC's pages, saved as text, come in a few shapes::

    Homepage / Favorites / 中文版                        header line
    CQC and TÜV Rheinland signed an agreement....       a cut copy of the title
    CQC and TÜV Rheinland signed an agreement on …      the title
    Public Time:2024-09-10 Origin:CHINA QUALITY …       publication line (or two)
    CQC and TÜV Rheinland signed an agreement on …      the title again
    --a subtitle                                        subtitle
        On September 5, …                               indented paragraphs
    1                                                   a photo caption's number
    Introduction of Website / Exception Clause          footer line

and Chinese pages carry breadcrumbs ("您现在的位置：首页>>新闻"), a run-together
``发布时间：…来源：…访问次数：…`` line, a video player's controls and image
names. Every line left out is listed with its reason, so that an editor can
see that nothing was lost.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from articles.documents.dates import publication_date

# Lines of the site's navigation that saved pages carry along, whole.
CHROME_LINES = frozenset(
    {
        "Homepage / Favorites / 中文版",
        "首页 / 收藏 / English",
        "Introduction of Website / Exception Clause",
        "网站简介 / 免责声明",
    }
)
# Lines that are furniture whatever their wording: breadcrumbs, a video
# player's controls, print and share links, copyright footers.
FURNITURE = [
    (
        re.compile(
            r"^(?:您现在的位置|您的位置|当前位置|所在位置|现在位置|位置"
            r"|current\s+(?:location|position)|location|you\s+are\s+here)\s*[:：>]",
            re.IGNORECASE,
        ),
        _("breadcrumbs"),
    ),
    (
        re.compile(r"^(?:首页|主页|home(?:page)?)\s*(?:>|》|/|»)", re.IGNORECASE),
        _("breadcrumbs"),
    ),
    (
        re.compile(
            r"^(?:当前音量|音量|播放|暂停|全屏|退出全屏|倍速|静音|重播|画中画|\d+(?:\.\d+)?[%x×]"  # noqa: RUF001
            r"|\d{1,2}:\d{2}(?::\d{2})?(?:\s*/\s*\d{1,2}:\d{2}(?::\d{2})?)?)$"
        ),
        _("video player controls"),
    ),
    (
        re.compile(
            r"^(?:【?(?:打印本页|打印|关闭窗口|关闭|收藏本页|返回顶部|字体|字号)[^\n]{0,20}】?\s*)+$"
            r"|^(?:分享到|扫一扫|上一篇|下一篇|相关链接).{0,60}$"
            r"|^(?:print|close|share|print this page|close window|back to top)$",
            re.IGNORECASE,
        ),
        _("print and share links"),
    ),
    (
        re.compile(
            r"^(?:copyright|版权所有|©)|ICP备|公网安备|^(?:主办|承办)(?:单位)?\s*[:：]",
            re.IGNORECASE,
        ),
        _("site footer"),
    ),
    (re.compile(r"^\d{1,3}$"), _("a photo caption's number")),
    (
        re.compile(
            r"^(?:(?:IMG|DSC|DSCF|DSCN|PIC|微信图片)[_\-\s]?\d[\w\-]*|P\d{5,}"
            r"|[\w\-\s]+\.(?:jpe?g|png|gif|webp|bmp))$",
            re.IGNORECASE,
        ),
        _("an image's file name"),
    ),
]

# The labelled fields of a publication line, in English and Chinese.
DATE_LABELS = (
    "public time|publish(?:ed)? time|release time|publication (?:time|date)"
    "|published(?: (?:at|on))?|date|time|发布时间|发布日期|发表时间|时间|日期"
)
SOURCE_LABELS = "origin|source|文章来源|来源|稿源|信息来源"
OTHER_LABELS = (
    "author|editor|hits|views|clicks|作者|编辑|责任编辑|访问次数|浏览次数|浏览量|点击数"
    "|点击量|阅读次数|阅读量"
)
# A label ends with a colon; a date's label may go without ("发布时间 2009-04-21").
LABEL = re.compile(
    rf"(?P<label>{DATE_LABELS}|{SOURCE_LABELS}|{OTHER_LABELS})\s*(?:[:：]|(?=\s*\d{{4}}))",
    re.IGNORECASE,
)
# A line that is a date, perhaps with its source and a count run on after it:
# "2022-04-24", "2017-08-07 中国质量认证中心9370".
DATE_LINE = re.compile(
    r"^(?P<date>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)(?:\s+(?P<origin>[^\s.。，,]{2,30}?)\d*)?$"
)
DATE_LABEL = re.compile(rf"^(?:{DATE_LABELS})$", re.IGNORECASE)
SOURCE_LABEL = re.compile(rf"^(?:{SOURCE_LABELS})$", re.IGNORECASE)

# A title is a short line; a first line longer than this is prose.
TITLE_MAX_LENGTH = 200
SENTENCE_END = ".。!！?？;；…:：,，"
CLOSING_QUOTES = "\"'”’」』)）"  # noqa: RUF001
# A subtitle: "--The standard goes global", "——标准走出去".
SUBTITLE = re.compile(r"^(?:-{2,}|—{1,2}|――)\s*(?P<text>\S.*)$")
# The cut copy of a title that list pages show: "CQC signed an agreement....".
CUT_TITLE = re.compile(r"^(?P<start>.+?)\s*(?:\.{3,}|…+)$")


@dataclass(frozen=True)
class Dropped:
    """A line left out of the text, and why."""

    line: int
    text: str
    reason: str


@dataclass
class Layout:
    """The parts of a page, found by ``lay_out``."""

    title: str | None = None
    subtitle: str | None = None
    published_at: datetime.datetime | None = None
    origin: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def lines_of(text: str) -> list[str]:
    """
    The lines of ``text`` whatever its line endings, each stripped of the
    space around it (an indent, full-width or not, is layout, not text).
    """
    unix = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [line.strip() for line in unix.split("\n")]


def lay_out(lines: list[str], *, title_hint: str | None = None) -> Layout:
    """
    The parts of a page given as lines (blank ones included: they tell a title
    from a paragraph on pages without a publication line). ``title_hint`` is a
    title found elsewhere, such as an HTML page's ``<h1>``.
    """
    layout = Layout()
    kept = []  # (index, line) of lines that are not furniture
    publication_lines = []
    for index, line in enumerate(lines):
        if not line:
            continue
        if reason := furniture(line):
            layout.dropped.append(Dropped(index + 1, line, reason))
        elif fields := publication_fields(line):
            publication_lines.append((index, line, fields))
        else:
            kept.append((index, line))
    _read_publication(layout, publication_lines)

    title_at = _title_position(lines, kept, publication_lines, title_hint)
    if title_at is not None:
        position = kept.index(title_at)
        layout.title = title_at[1]
        for index, line in kept[:position]:
            layout.dropped.append(
                Dropped(index + 1, line, _furniture_before_title(line, layout.title))
            )
        kept = kept[position + 1 :]
        kept = _without_repeated_title(layout, kept)
    if kept and (match := SUBTITLE.match(kept[0][1])):
        layout.subtitle = match.group("text")
        kept = kept[1:]
    layout.paragraphs = [line for _index, line in kept]
    layout.dropped.sort(key=lambda dropped: dropped.line)
    return layout


def furniture(line: str) -> str | None:
    """Why ``line`` is page furniture rather than text, or None when it is text."""
    if " ".join(line.split()) in CHROME_LINES:
        return _("site navigation")
    for pattern, reason in FURNITURE:
        if pattern.search(line):
            return str(reason)
    return None


def publication_fields(line: str) -> dict[str, str] | None:
    """
    A publication line's fields by label (``{"Public Time": "2020-10-26",
    "Origin": "中国质量认证中心"}``), or None when ``line`` is not one: such a
    line is nothing but labelled fields, the first at its start.
    """
    if match := DATE_LINE.match(line):
        fields = {"date": match.group("date")}
        if match.group("origin"):
            fields["origin"] = match.group("origin")
        return fields
    labels = list(LABEL.finditer(line))
    if not labels or line[: labels[0].start()].strip(" 【[(（"):
        return None
    fields = {}
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        end = following.start() if following else len(line)
        fields[label.group("label")] = line[label.end() : end].strip(" 】])）|")
    dated = [value for label, value in fields.items() if DATE_LABEL.match(label)]
    if dated and not any(re.search(r"\d", value) for value in dated):
        return None  # "Time: the essence of quality" is a sentence.
    return fields


def _read_publication(layout, publication_lines):
    for index, line, fields in publication_lines:
        for label, value in fields.items():
            if DATE_LABEL.match(label):
                moment = publication_date(value)
                if moment is None:
                    layout.problems.append(
                        str(
                            _(
                                "line %(line)d: “%(text)s” is not a valid "
                                "publication time."
                            )
                        )
                        % {"line": index + 1, "text": line}
                    )
                elif layout.published_at and layout.published_at != moment:
                    layout.problems.append(
                        str(_("line %(line)d: a second, different publication time."))
                        % {"line": index + 1}
                    )
                else:
                    layout.published_at = moment
            elif SOURCE_LABEL.match(label) and value:
                layout.origin = layout.origin or value


def _title_position(lines, kept, publication_lines, title_hint):
    """The (index, line) of the title among ``kept``, or None when there is none."""
    if not kept:
        return None
    if title_hint:
        wanted = _comparable(title_hint)
        for found in kept:
            if _comparable(found[1]) == wanted:
                return found
    if publication_lines:
        first_publication = publication_lines[0][0]
        before = [found for found in kept if found[0] < first_publication]
        after = [found for found in kept if found[0] > publication_lines[-1][0]]
        if before and (cut := CUT_TITLE.match(before[-1][1])):
            # "Positively founding … and ....", then the whole title after the date.
            start = _comparable(cut.group("start"))
            for found in after[:2]:
                if _comparable(found[1]).startswith(start):
                    return found
        if before and looks_like_title(before[-1][1]):
            return before[-1]
        if not before and len(after) > 1 and looks_like_title(after[0][1]):
            return after[0]
        return None
    first = kept[0]
    if _followed_by_blank(lines, first[0]) and looks_like_title(first[1]):
        return first
    return None


def looks_like_title(line: str) -> bool:
    """Short, and not ending a sentence: the way a headline looks."""
    return len(line) <= TITLE_MAX_LENGTH and not line.rstrip(CLOSING_QUOTES).endswith(
        tuple(SENTENCE_END)
    )


def _followed_by_blank(lines, index):
    return index + 1 < len(lines) and not lines[index + 1]


def _furniture_before_title(line, title):
    if (match := CUT_TITLE.match(line)) and _comparable(title).startswith(
        _comparable(match.group("start"))
    ):
        return str(_("a cut copy of the title"))
    return str(_("before the title"))


def _without_repeated_title(layout, kept):
    """Drop the title where the page repeats it (after the publication line)."""
    wanted = _comparable(layout.title)
    for position, (index, line) in enumerate(kept[:3]):
        if _comparable(line) == wanted:
            layout.dropped.append(Dropped(index + 1, line, str(_("the title again"))))
            return kept[:position] + kept[position + 1 :]
    return kept


def _comparable(text):
    return " ".join(text.split()).casefold()
