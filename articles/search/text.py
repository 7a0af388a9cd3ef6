"""
Text handling shared by every database backend: pure functions, no ORM.

Both languages are reduced to one stream of space-separated tokens that any
word-based full-text engine can index (FTS5's ``unicode61``, PostgreSQL's
``simple`` configuration):

- words of alphabetic scripts and numbers are lower-cased whole words;
- Chinese (and Japanese, Korean) text has no spaces, so each run of such
  characters becomes its overlapping bigrams: 新能源汽车 → 新能 能源 源汽 汽车.

A query is tokenised the same way. A Chinese term then matches as the phrase of
its bigrams, which is exactly "this substring occurs in the text": 福州 is the
one-bigram phrase 福州, and 新能源汽车 the four-bigram phrase above. Words of
``MIN_PREFIX`` letters or more match by prefix, so "certif" finds
"certification"; shorter ones only whole, so "eu" finds "EU", not "Europe".
"""

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Longest query we look at: enough for any real search, small enough that a
# pasted page cannot become an expensive query.
MAX_QUERY_LENGTH = 200
# Terms beyond this many add nothing but cost.
MAX_TERMS = 12
# The shortest word matched by prefix. One or two letters begin a large share
# of all words, which costs much and finds little.
MIN_PREFIX = 3

# Scripts written without spaces between words: Han (with extensions and
# compatibility ideographs), kana and Hangul.
_CJK_CLASS = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_CJK = f"[{_CJK_CLASS}]"
# A word: a run of letters and digits in any other script (``\w`` without the
# underscore or CJK).
_WORD_CHARACTER = f"[^\\W_{_CJK_CLASS}]"
_WORD = f"{_WORD_CHARACTER}+"
# Each piece of text: a CJK run (group 1) or a word.
_PIECE = re.compile(f"({_CJK}+)|{_WORD}")
# The index tokens themselves in one pass, for the bulk of indexing: at each
# CJK character followed by another, the bigram they form (group 1, read
# ahead so that bigrams overlap); otherwise a word (group 2). A CJK character
# with none after it yields nothing, as in ``bigrams``.
_TOKEN = re.compile(f"(?=({_CJK}{{2}})){_CJK}|({_WORD})")


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word (see ``is_prefix``) or a CJK substring."""

    text: str
    is_cjk: bool

    @property
    def is_prefix(self) -> bool:
        """Whether the term matches the words it begins, not only itself."""
        return not self.is_cjk and len(self.text) >= MIN_PREFIX

    @property
    def tokens(self) -> list[str]:
        """The index tokens this term must match, in order."""
        return bigrams(self.text) if self.is_cjk else [self.text]


def normalise(text: str) -> str:
    """Compatibility-normalised, lower-case text: full-width letters read as ASCII."""
    return unicodedata.normalize("NFKC", text).lower()


def bigrams(run: str) -> list[str]:
    """Overlapping pairs of characters of a CJK run (a lone character has none)."""
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _pieces(text: str):
    """Yield (piece, is_cjk) for each alphanumeric piece of normalised text."""
    for match in _PIECE.finditer(normalise(text)):
        yield match.group(), match.group(1) is not None


def index_tokens(text: str) -> str:
    """
    The space-separated tokens under which ``text`` is indexed: each word, and
    each CJK run's ``bigrams``, in order.
    """
    return " ".join(
        [bigram or word for bigram, word in _TOKEN.findall(normalise(text))]
    )


def query_terms(query: str) -> list[Term]:
    """
    The terms of a reader's query, safe to put in any engine's query syntax.

    Only letters and digits survive, so quotes, operators (AND, NEAR(, *, ^,
    :, parentheses), markup and NUL bytes are mere separators; a term of one
    character matches too much to mean anything and is dropped. Duplicates go,
    order stays.
    """
    terms = []
    for piece, is_cjk in _pieces(query[:MAX_QUERY_LENGTH]):
        term = Term(piece, is_cjk)
        if len(piece) > 1 and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


class _TextExtractor(HTMLParser):
    """Collects the text of an HTML fragment, with a space wherever a tag was."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(html: str) -> str:
    """
    The readable text of an HTML body, whitespace collapsed.

    Tags become spaces so that "<p>one</p><p>two</p>" does not read "onetwo".
    """
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    return " ".join("".join(extractor.parts).split())


def _pattern(query: str) -> re.Pattern | None:
    """A regular expression finding the query's terms in original text."""
    alternatives = []
    for term in sorted(query_terms(query), key=lambda term: -len(term.text)):
        if term.is_cjk:
            alternatives.append(re.escape(term.text))
        else:
            # A word, whether it stands alone or sits against CJK text
            # ("CQC中心"); matched by prefix, the whole word it begins is
            # highlighted.
            ending = (
                f"{_WORD_CHARACTER}*" if term.is_prefix else f"(?!{_WORD_CHARACTER})"
            )
            alternatives.append(
                rf"(?:(?<={_CJK})|(?<![^\W_])){re.escape(term.text)}{ending}"
            )
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern | None) -> SafeString:
    parts = []
    position = 0
    if pattern is not None:
        for match in pattern.finditer(text):
            if match.end() == match.start():
                continue
            parts.append(escape(text[position : match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:]))
    # Safe: every piece of the input went through escape().
    return mark_safe("".join(parts))


def highlight(text: str, query: str) -> SafeString:
    """
    ``text`` HTML-escaped, with each match of the query's terms in <mark>.

    Words match case-insensitively as in search, by prefix from
    ``MIN_PREFIX`` letters (the whole word is marked); Chinese terms match
    anywhere. Neither the text nor the query can inject
    markup: both are treated as plain text.
    """
    return _marked(text or "", _pattern(normalise(query or "")))


def snippet(html: str, query: str, length: int = 200) -> SafeString:
    """
    About ``length`` characters of the body's text around its first match,
    highlighted, with "…" where text was cut. Without a match: the beginning.
    """
    text = plain_text(html)
    pattern = _pattern(normalise(query or ""))
    match = pattern.search(text) if pattern else None
    start = 0
    if match and len(text) > length:
        # Show a little context before the match, but keep the match visible.
        start = max(0, min(match.start() - length // 4, len(text) - length))
    end = min(len(text), start + length)
    excerpt = text[start:end]
    if start > 0:
        excerpt = "…" + excerpt
    if end < len(text):
        excerpt += "…"
    return _marked(excerpt, pattern)
