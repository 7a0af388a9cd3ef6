"""
Press releases, as CQC's sites publish them, turned into plain data.

Pure functions, no database: the importer decides what to store. A document
is a page saved as text (one paragraph per line, as CQC's English site and
its Chinese press releases are saved) or as HTML; both are read into the same
parts by ``layout``: the title, the publication line, the paragraphs, and the
page furniture left out. ``dates`` reads the dates the text gives, ``names``
the people and organisations it names, and ``kinds`` what the document is.

Paragraphs are kept word for word, quirks of the original included (a
full-width "。", "streng then"): they are the source, not ours to correct.
"""

import codecs
import datetime
import hashlib
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.documents import kinds, layout, webpage
from articles.documents.dates import (
    YEAR,
    DateSpan,
    address_date,
    find_date_mentions,
    find_dates,
    publication_date,
)
from articles.documents.layout import Dropped, lines_of
from articles.documents.names import Found, find_mentions, find_names

__all__ = [
    "DateSpan",
    "Document",
    "DocumentError",
    "Dropped",
    "EventFound",
    "Found",
    "checksum",
    "decode",
    "find_dates",
    "find_mentions",
    "find_names",
    "identity",
    "paragraphs_html",
    "parse_document",
    "read_document",
]

# A press release is a few pages of text; a file far larger is something else.
MAX_DOCUMENT_BYTES = 2 * 1024 * 1024
SENTENCE = re.compile(r"[^.!?。！？\n]*(?:[.!?。！？]|$)")


class DocumentError(Exception):
    """A document that cannot be read or parsed, with the file it came from."""

    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True)
class EventFound:
    """The event a document reports: its first date, and what the text says of it."""

    dates: DateSpan
    kind: str
    city: str | None


@dataclass(frozen=True)
class Document:
    """
    What a source document says, as plain data.

    ``title`` is None when the document has none (an editor gives one);
    ``published_at`` is naive, in the source's local time, from the page's
    publication line, else from its address, else None (never from an event);
    ``dates`` are the event dates the text mentions with their year known,
    in order, and ``undated`` the ones whose year the text does not settle;
    ``dropped`` the lines left out, each with its reason; ``problems`` what
    an editor should look at before confirming.
    """

    name: str
    title: str | None
    paragraphs: list[str]
    published_at: datetime.datetime | None = None
    dates: list[DateSpan] = field(default_factory=list)
    language: str = "en"
    subtitle: str | None = None
    origin: str | None = None
    source_url: str = ""
    undated: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    notice: str | None = None
    event: EventFound | None = None

    @property
    def text(self):
        """Title and paragraphs, one a line: what names are looked for in."""
        return "\n".join([self.title or "", *self.paragraphs])

    def mentions(self, names):
        """The ``names`` this document mentions (see ``find_mentions``)."""
        return find_mentions(self.text, names)


def checksum(data: bytes) -> str:
    """SHA-256 of a file's bytes: what the first imports were recorded under."""
    return hashlib.sha256(data).hexdigest()


def identity(text: str) -> str:
    """
    SHA-256 of a document's meaning: its lines without the space around them,
    whatever the line endings, byte-order mark or blank lines at either end.
    The same text saved on another system is recognised as the same.
    """
    lines = lines_of(text)
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def decode(data: bytes, *, name: str) -> str:
    """
    The text of a file's bytes: UTF-8 (or UTF-16 with its byte-order mark),
    or for a web page the character set it declares (Chinese sites often
    write GBK).
    """
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            name,
            _("the file is %(size)s MB; a press release is at most %(limit)s MB.")
            % {
                "size": f"{len(data) / 1024 / 1024:.1f}",
                "limit": MAX_DOCUMENT_BYTES // 1024 // 1024,
            },
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError(name, _("the file is not valid UTF-16 text.")) from None
    if b"\x00" in data:
        raise DocumentError(name, _("this is a binary file, not text."))
    encoding = "utf-8-sig"
    if webpage.is_web_page(name, data[:200].decode("ascii", "replace")):
        declared = webpage.declared_charset(data)
        if declared and _known_encoding(declared):
            encoding = "gb18030" if declared in {"gb2312", "gbk"} else declared
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise DocumentError(
            name,
            _(
                "line %(line)d is not %(encoding)s text (byte 0x%(byte)02x): "
                "save the file as UTF-8."
            )
            % {
                "line": line,
                "encoding": "UTF-8" if encoding == "utf-8-sig" else encoding,
                "byte": data[error.start],
            },
        ) from None


def read_document(data: bytes, *, name: str, source_url: str = "") -> Document:
    """A document from a file's bytes: ``decode`` then ``parse_document``."""
    return parse_document(decode(data, name=name), name=name, source_url=source_url)


def parse_document(text: str, *, name: str, source_url: str = "") -> Document:
    """
    The parts of a document, from its text (a page saved as text or HTML).

    Raises ``DocumentError`` only when there is nothing to import: an empty
    file, or no paragraph once the furniture is gone. Everything else a
    reader would query (no title, no date, a date without its year, a line
    that looked like a publication time but was not) is a problem for the
    editor to settle, listed in ``problems``.
    """
    title_hint = meta_published = None
    if webpage.is_web_page(name, text):
        page = webpage.read_web_page(text)
        lines, title_hint, meta_published = page.lines, page.title, page.published
    else:
        lines = lines_of(text)
    if not any(lines):
        raise DocumentError(name, _("the file is empty."))
    parts = layout.lay_out(lines, title_hint=title_hint)
    if not parts.paragraphs:
        raise DocumentError(
            name, _("no paragraphs: the document has no text to publish.")
        )

    problems = list(parts.problems)
    published_at = parts.published_at
    if published_at is None and meta_published:
        published_at = publication_date(meta_published)
    if published_at is None and (day := address_date(source_url)):
        published_at = datetime.datetime.combine(day, datetime.time())
    language = kinds.language_of("\n".join(parts.paragraphs))
    body = "\n".join(parts.paragraphs)
    mentions = find_date_mentions(
        body,
        year=_first_year(parts.title or ""),
        published=published_at.date() if published_at else None,
    )
    undated = [mention.text for mention in mentions if mention.missing_year]
    for text_of_date in undated:
        problems.append(
            _("“%(date)s” names no year, and nothing in the text settles it.")
            % {"date": text_of_date}
        )
    dates = []
    for mention in mentions:
        if mention.span is not None and mention.span not in dates:
            dates.append(mention.span)
    notice = kinds.notice_reason(parts.title, parts.paragraphs)
    return Document(
        name=name,
        title=parts.title,
        paragraphs=parts.paragraphs,
        published_at=published_at,
        dates=dates,
        language=language,
        subtitle=parts.subtitle,
        origin=parts.origin,
        source_url=source_url,
        undated=undated,
        dropped=parts.dropped,
        problems=problems,
        notice=notice,
        event=None if notice else _event(parts.title, body, mentions, language),
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


def _event(title, body, mentions, language):
    """The event of the first dated mention in the body, with its kind and city."""
    first = next((mention for mention in mentions if mention.span), None)
    if first is None:
        return None
    sentence = next(
        (
            match.group()
            for match in SENTENCE.finditer(body)
            if match.start() <= first.start <= match.end()
        ),
        body,
    )
    return EventFound(
        dates=first.span,
        kind=kinds.event_kind(f"{title or ''}\n{sentence}"),
        city=kinds.event_city(sentence, language),
    )


def _first_year(text):
    match = YEAR.search(text)
    return int(match.group()) if match else None


def _known_encoding(name):
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True
