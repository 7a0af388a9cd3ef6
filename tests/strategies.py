"""
Hostile input for the security tests, and the checks of what comes back.

``tests/test_hostile_input.py`` sends these strings to every public address;
``tests/test_xss.py`` stores them in every field a reader sees. Both then ask
the same questions of each response: did anything executable reach the
reader (``unsafe_markup``), did anything private leak (``leaks``)?
"""

import json
from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

from django.conf import settings
from hypothesis import strategies as st

#: Markup that would run if it reached a page unescaped.
MARKUP = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--",
    "]]>",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
]

#: Full-text and SQL syntax: quotes, operators, wildcards, comments.
QUERY_SYNTAX = [
    '"',
    "'",
    'title:"unclosed',
    "NEAR(",
    "NEAR(a b, 5)",
    "*",
    "a*",
    "OR",
    "AND NOT",
    "^",
    "(",
    "-",
    ":",
    "\\",
    "'; DROP TABLE articles_article; --",
    "' OR 1=1 --",
    "%",
    "_",
]

#: Unicode that trips up normalisation, display and byte handling.
ODD_UNICODE = [
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\t",
    "e\u0301\u0301\u0301",  # combining accents
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters
    "\u202eevil\u202c",  # right-to-left override
    "\u2066isolate\u2069",
    "مرحبا بالعالم",  # Arabic, right to left
    "שלום",  # Hebrew
    "B\u0435ijing",  # a Cyrillic letter among Latin ones
    "福州新能源汽车",
    "\uff1cscript\uff1e",  # full-width angle brackets
    "👩‍👩‍👧‍👦🇨🇳",  # emoji sequences
    "\ud800",  # a lone surrogate
    "\ufffd\uffff",
    "\u0130\u0131ß",  # case mappings that change length
]

#: File paths a request might try to reach.
PATHS = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "file:///etc/passwd",
]

#: Page numbers, and things that are not page numbers.
NUMBERS = [
    "-1",
    "0",
    "1",
    "2",
    str(10**30),
    "9" * 5000,
    "1.5",
    "2.0",
    "1e3",
    "NaN",
    "inf",
    "last",
    "",
    " 1",
    "0x10",
    "1_0",
    "٣",  # an Arabic-Indic digit: int() takes it
]

HOSTILE_TEXT = MARKUP + QUERY_SYNTAX + ODD_UNICODE + PATHS + NUMBERS

#: Address pieces already percent-encoded as on the wire: NUL, bytes that are
#: not UTF-8, an overlong "/" and ".", an encoded lone surrogate, traversal.
WIRE = [
    "%00",
    "%ff",
    "%FF%FE",
    "%C0%AF",
    "%C0%AE%C0%AE",
    "%E0%80%AF",
    "%ED%A0%80",
    "%E2%80%AE",
    "%25",
    "%",
    "%zz",
    "%2e%2e",
    "%2e%2e%2f",
    "..%2f..%2fetc%2fpasswd",
    "..%5c..%5cwindows",
    "%0d%0aSet-Cookie:%20x=1",
    "%3Cscript%3Ealert(1)%3C/script%3E",
]


def encode(text):
    """``text`` percent-encoded as UTF-8; a lone surrogate goes as its bytes."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def huge(piece, length=100_000):
    """``piece`` repeated to about ``length`` characters."""
    return piece * (length // max(len(piece), 1) + 1)


#: Decoded text: one hostile piece, random text, a mixture, or 100,000
#: characters of one piece.
hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=40),
    st.lists(st.sampled_from(HOSTILE_TEXT) | st.text(max_size=5), max_size=6).map(
        "".join
    ),
    st.sampled_from(["x", "福", "<script>", '"', "\x00", "a "]).map(huge),
)

#: The same as it travels in an address: encoded text or raw wire pieces.
wire_text = hostile_text.map(encode) | st.sampled_from(WIRE)

#: Slug-shaped words of no object: a valid address of something that is not.
unknown_slugs = st.from_regex(r"[a-z0-9][a-z0-9-]{0,40}", fullmatch=True).map(
    lambda slug: f"unknown-{slug}"
)

#: The query parameters the site reads, their array spellings, and others.
QUERY_KEYS = ["q", "page", "a", "p", "q[]", "page[]", "a[]", "q[0]", "utm_source"]

query_pairs = st.lists(
    st.tuples(st.sampled_from(QUERY_KEYS) | st.text(max_size=8), hostile_text),
    max_size=5,
)


@st.composite
def query_strings(draw):
    """
    A query string as a browser or an attacker sends it: encoded pairs
    (repeated keys included), with raw wire pieces and stray separators
    spliced in.
    """
    pairs = draw(query_pairs)
    parts = [f"{encode(key)}={encode(value)}" for key, value in pairs]
    extras = draw(st.lists(st.sampled_from(QUERY_EXTRAS), max_size=2))
    return "&".join(parts + extras)


#: Query string pieces no encoder would write.
QUERY_EXTRAS = (
    [f"q={piece}" for piece in WIRE]
    + [f"a={piece}" for piece in WIRE]
    + [
        "&",
        "=",
        "page",
        "a=",
        "page=1&page=last",
    ]
)


# What comes back.

#: Schemes a link or a source must never carry to the reader.
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
#: Elements that load or run something of the author's choosing, or change
#: where the page's links and forms go (the site's own pages carry no inline
#: style: the Content-Security-Policy forbids it).
FORBIDDEN_ELEMENTS = {
    "style",
    "iframe",
    "object",
    "embed",
    "base",
    "frame",
    "frameset",
    "applet",
}
#: What makes a style attribute run or fetch something.
UNSAFE_STYLE = ("expression(", "javascript:", "url(", "@import", "behavior:")
#: Attributes holding an address.
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "xlink:href",
    "poster",
    "srcset",
    "background",
}


class _UnsafeMarkupFinder(HTMLParser):
    """Collects every way an HTML document could run script a reader did not ask for."""

    def __init__(self, static_url):
        super().__init__(convert_charrefs=True)
        self.static_url = static_url
        self.problems = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def _check(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and value and _unsafe_url(value, tag):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}>")
        style = attributes.get("style") or ""
        if any(word in style.lower() for word in UNSAFE_STYLE):
            self.problems.append(f"<{tag} style={style!r}>")
        if tag == "form" and urlsplit(attributes.get("action") or "").netloc:
            self.problems.append(f"<form action={attributes['action']!r}>")
        stylesheet = "stylesheet" in (attributes.get("rel") or "").lower()
        href = attributes.get("href") or ""
        if tag == "link" and stylesheet and not href.startswith(self.static_url):
            self.problems.append(f"<link rel=stylesheet href={href!r}>")
        if tag == "script":
            src = attributes.get("src")
            kind = attributes.get("type")
            if src is not None:
                if (
                    not urlsplit(src).path.startswith(self.static_url)
                    or urlsplit(src).netloc
                ):
                    self.problems.append(f"<script src={src!r}>")
            elif kind != "application/ld+json":
                self.problems.append(f"<script type={kind!r}>")
            self._script = ""

    def handle_data(self, data):
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            if self._script.strip():
                try:
                    json.loads(self._script)
                except ValueError:
                    self.problems.append(
                        f"<script> that is not JSON: {self._script[:80]!r}"
                    )
            self._script = None


def _unsafe_url(value, tag):
    """Whether an address would run script: a javascript:, vbscript: or data: one."""
    # Browsers drop ASCII white space and controls around and inside a scheme.
    cleaned = "".join(c for c in value if c > " ").lower()
    scheme = cleaned.partition(":")[0] if ":" in cleaned else ""
    if scheme == "data":
        # A data: picture is inert (the policy allows it for <img>); a data:
        # document or script is not.
        return tag != "img" or not cleaned.startswith("data:image/") or "svg" in cleaned
    return scheme in UNSAFE_SCHEMES


def unsafe_markup(html):
    """
    What in ``html`` could run script a reader did not ask for: a <script>
    that is not the site's own file (under STATIC_URL) nor a JSON-LD block
    holding JSON, an ``on*`` attribute, a javascript:/vbscript:/data: address,
    an <iframe>, <object>, <embed>, <base>, <style> or <meta http-equiv>, a
    style that runs or fetches, a form or stylesheet from another site.
    Empty when the page is safe.
    """
    finder = _UnsafeMarkupFinder("/" + settings.STATIC_URL.lstrip("/"))
    finder.feed(html)
    finder.close()
    return finder.problems


#: What a response must never show: a system file, a traceback, the settings.
LEAK_MARKERS = [
    "root:x:0:0",
    "[boot loader]",
    "Traceback (most recent call last)",
    'File "/',
    "DATABASES",
]


def leaks(body):
    """The private things ``body`` (text) shows: empty when it shows none."""
    found = [marker for marker in LEAK_MARKERS if marker in body]
    if settings.SECRET_KEY in body:
        found.append("the secret key")
    return found
