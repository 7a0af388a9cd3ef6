"""
A saved web page (``.shtml``, ``.html``) read as the lines a reader sees.

Navigation, scripts, forms and footers are left out by their elements and by
the names sites give them (``class="nav"``, ``id="footer"``); what remains
goes through the same layout rules as a page saved as text, with the page's
``<h1>`` (else its ``<title>``) to tell which line is the title, and its
``<meta>`` publication date where its text gives none.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from articles.documents.dates import publication_date

SKIPPED_ELEMENTS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "nav",
        "header",
        "footer",
        "form",
        "select",
        "button",
        "iframe",
        "svg",
        "template",
        "object",
        "video",
        "audio",
        "head",
    }
)
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
BLOCK_ELEMENTS = frozenset(
    {
        "address",
        "article",
        "blockquote",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
# Names that sites give their furniture, as whole words of a class or id.
FURNITURE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|sidebar|share"
    r"|copyright|topbar|toolbar|skip)(?:$|[\s_-])",
    re.IGNORECASE,
)
PUBLICATION_META = frozenset(
    {
        "article:published_time",
        "pubdate",
        "publishdate",
        "publish_date",
        "publication_date",
        "firstpublishedtime",
        "date",
        "dc.date",
        "dc.date.issued",
    }
)
HTML_START = re.compile(
    r"\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<div|<p\b)", re.I
)
CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)
WHITESPACE = re.compile(r"[ \t\n\r\f\xa0]+")


@dataclass
class WebPage:
    """What a saved page shows: its text as lines, and the hints its markup gives."""

    lines: list[str] = field(default_factory=list)
    title: str | None = None
    published: str | None = None


def is_web_page(name: str, text: str) -> bool:
    """Whether a file is a saved web page, by its name or else its first bytes."""
    if name.lower().endswith((".html", ".htm", ".shtml", ".xhtml")):
        return True
    return bool(HTML_START.match(text[:200]))


def declared_charset(data: bytes) -> str | None:
    """The character set a page declares in its ``<meta>``, if any."""
    match = CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def read_web_page(text: str) -> WebPage:
    """The reader's lines of a page, blank lines between its blocks."""
    parser = _Reader()
    parser.feed(text)
    parser.close()
    page = parser.page
    page.title = parser.h1 or _without_site_name(parser.head_title)
    if page.published is not None and publication_date(page.published) is None:
        page.published = None
    return page


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = WebPage()
        self.open = []  # (tag, skipped) of the elements we are in
        self.block = []  # text of the block being read
        self.h1 = None
        self.head_title = None
        self._capture = None  # "h1" or "title" while reading one

    @property
    def skipping(self):
        return any(skipped for _tag, skipped in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "meta":
            self._meta(attributes)
        if tag in BLOCK_ELEMENTS or tag == "br":
            self._end_line(blank=tag != "br")
        if tag in VOID_ELEMENTS:
            return
        names = " ".join(filter(None, [attributes.get("class"), attributes.get("id")]))
        skipped = tag in SKIPPED_ELEMENTS or bool(FURNITURE_NAMES.search(names))
        self.open.append((tag, skipped))
        if tag == "title":
            self._capture, self.head_title = "title", ""
        elif tag == "h1" and self.h1 is None and not self.skipping:
            self._capture, self.h1 = "h1", ""

    def handle_endtag(self, tag):
        if tag in BLOCK_ELEMENTS:
            self._end_line(blank=True)
        if tag == self._capture:
            self._capture = None
        for position in range(len(self.open) - 1, -1, -1):
            if self.open[position][0] == tag:
                del self.open[position:]
                break

    def handle_data(self, data):
        if self._capture == "title":
            self.head_title += data
        if self.skipping:
            return
        if self._capture == "h1":
            self.h1 += data
        self.block.append(data)

    def close(self):
        super().close()
        self._end_line(blank=True)
        self.h1 = WHITESPACE.sub(" ", self.h1).strip() if self.h1 else None
        self.head_title = WHITESPACE.sub(" ", self.head_title or "").strip() or None

    def _end_line(self, *, blank):
        line = WHITESPACE.sub(" ", "".join(self.block)).strip()
        self.block = []
        lines = self.page.lines
        if line:
            lines.append(line)
        if blank and lines and lines[-1]:
            lines.append("")

    def _meta(self, attributes):
        key = (attributes.get("name") or attributes.get("property") or "").lower()
        if key in PUBLICATION_META and attributes.get("content"):
            self.page.published = self.page.published or attributes["content"]


def _without_site_name(title):
    """ "CQC signed … - 中国质量认证中心" without the site's name after it."""
    if not title:
        return None
    parts = re.split(r"\s+[-|_–—]\s+|_", title)  # noqa: RUF001
    return max(parts, key=len).strip() or None
