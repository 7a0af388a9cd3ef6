"""Reading message catalogues (.po) and what a page says, for the Chinese tests."""

import ast
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES"

#: Chinese characters and the full-width punctuation Chinese writes.
CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u201c\u201d\u2018\u2019"
#: A word in Latin letters standing on its own: not part of a code, an
#: address, a hash or a number ("pbkdf2_sha256", "zh-hans", "/admin/", "10").
LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_\-./@*])[A-Za-z]+(?![A-Za-z0-9_\-./@*])")


@dataclass
class Message:
    context: str | None
    msgid: str
    plural: str | None
    translations: list
    flags: str
    where: str

    @property
    def key(self):
        """The key gettext's catalogue gives it: "context\\x04msgid"."""
        return f"{self.context}\x04{self.msgid}" if self.context else self.msgid


def messages(path):
    """The messages of the .po file at ``path``, but its header and obsolete ones."""
    found = []
    for block in re.split(r"\n\s*\n", Path(path).read_text()):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fields, current = {}, None
        for line in lines:
            if line.startswith("#"):
                continue
            if match := re.match(r"(msg\w+(?:\[\d+\])?) (\".*\")$", line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if not fields.get("msgid"):
            continue
        found.append(
            Message(
                context=fields.get("msgctxt"),
                msgid=fields["msgid"],
                plural=fields.get("msgid_plural"),
                translations=[
                    text for name, text in fields.items() if name.startswith("msgstr")
                ],
                flags=" ".join(line[2:] for line in lines if line.startswith("#,")),
                where=" ".join(line[3:] for line in lines if line.startswith("#:")),
            )
        )
    return found


class VisibleText(HTMLParser):
    """
    What a page says to its reader: the text of its elements, and the words
    of its buttons, images and labels for assistive technology (``value`` of
    a submit button, ``alt``, ``title``, ``aria-label``, ``placeholder``).
    Left out: scripts and styles; what an editor typed (``<textarea>``, form
    values); and whatever is marked as English on purpose (``lang="en"``: a
    language named in itself, an English source text beside its translation).
    """

    SKIPPED = {"script", "style", "template", "textarea"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link"}
    VOID |= {"meta", "source", "track", "wbr"}
    SPOKEN = ("alt", "title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__()
        self.hidden = [False]
        self.texts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        english = (attrs.get("lang") or "").lower().startswith("en")
        hidden = self.hidden[-1] or english or tag in self.SKIPPED
        if not hidden:
            self.texts += [attrs[name] for name in self.SPOKEN if attrs.get(name)]
            if tag == "input" and attrs.get("type") in {"submit", "button", "reset"}:
                self.texts.append(attrs.get("value") or "")
        if tag not in self.VOID:
            self.hidden.append(hidden)

    def handle_endtag(self, tag):
        if tag not in self.VOID and len(self.hidden) > 1:
            self.hidden.pop()

    def handle_data(self, data):
        if not self.hidden[-1] and data.strip():
            self.texts.append(data.strip())

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        return parser.texts


def latin_words(text):
    return LATIN_WORD.findall(text)
