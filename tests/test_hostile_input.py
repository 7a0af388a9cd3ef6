"""
Every public address against hostile input: whatever a client sends, the
site answers 200, a redirect to itself, 400 or 404, never a server error,
never the input back as live markup, never a file or a traceback, and never
a cookie.

The addresses come from the URL resolver itself (both language prefixes and
the unprefixed ones; the admin is not public), so a new route is exercised
as soon as it exists: its tests are parametrised from the resolver, and a
route whose arguments the tests cannot generate, or whose existing object
they do not know, fails ``test_every_route_with_arguments_is_covered``.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes, urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, converters, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Correction
from tests.factories import (
    ArticleFactory,
    EventFactory,
    OrganizationFactory,
    PageFactory,
    ParticipationFactory,
    PersonFactory,
)
from tests.strategies import (
    encode,
    huge,
    leaks,
    query_strings,
    unknown_slugs,
    unsafe_markup,
    wire_text,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: Random examples per route, sized for the module to run in about a minute
#: on two cores: path arguments are cheap, query strings also have the
#: explicit examples.
PATH_EXAMPLES, QUERY_EXAMPLES = (
    hypothesis_settings(
        max_examples=count,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
        ],
    )
    for count in (15, 6)
)

#: Payloads that, found verbatim in a response, would run in the reader's page.
REFLECTED = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</textarea><script>",
    "</title><script>",
]


@dataclass(frozen=True)
class Route:
    """One public URL pattern in one language: ``/en/news/<slug:slug>/``."""

    address: str
    #: The pattern without its language prefix, the same in both languages.
    key: str
    language: str | None
    converters: tuple

    def __str__(self):
        return self.address

    def url(self, **values):
        """The address with each ``<converter:name>`` replaced by ``values[name]``."""
        return PLACEHOLDER.sub(lambda m: str(values[m["name"]]), self.address)


PLACEHOLDER = re.compile(r"<(?:(?P<type>[^>:]+):)?(?P<name>[^>]+)>")


def _routes(patterns, prefix, key, language, found_converters):
    for entry in patterns:
        own = {**found_converters, **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue
            if isinstance(entry.pattern, LocalePrefixPattern):
                for code, _name in settings.LANGUAGES:
                    with translation.override(code):
                        inner = prefix + str(entry.pattern)
                    yield from _routes(entry.url_patterns, inner, "", code, own)
            else:
                yield from _routes(
                    entry.url_patterns,
                    prefix + str(entry.pattern),
                    key + str(entry.pattern),
                    language,
                    own,
                )
        else:
            yield Route(
                address=prefix + str(entry.pattern),
                key=key + str(entry.pattern),
                language=language,
                converters=tuple(own.items()),
            )


def public_routes():
    """Every public URL pattern, once per language prefix, as ``Route``."""
    return list(_routes(get_resolver().url_patterns, "/", "", None, {}))


ROUTES = public_routes()
ROUTES_WITH_ARGUMENTS = [route for route in ROUTES if route.converters]
BY_ADDRESS = {route.address: route for route in ROUTES}

MEDIA_ROUTE = f"{settings.MEDIA_URL.strip('/')}/<path:path>"

#: What exists at each route with arguments, made by the ``content`` fixture.
EXISTING = {
    "news/<int:year>/": {"year": 2024},
    "news/<slug:slug>/": {"slug": "hostile-article"},
    "events/<slug:slug>/": {"slug": "hostile-event"},
    "events/<slug:slug>/calendar.ics": {"slug": "hostile-event"},
    "people/<slug:slug>/": {"slug": "hostile-person"},
    "organizations/<slug:slug>/": {"slug": "hostile-organization"},
    "organizations/<slug:slug>/people/": {"slug": "hostile-organization"},
    "organizations/<slug:slug>/events/": {"slug": "hostile-organization"},
    "pages/<slug:slug>/": {"slug": "hostile-page"},
    MEDIA_ROUTE: {"path": "covers/notice.txt"},
    "sitemap-<section>.xml": {"section": "articles"},
}
#: A file beside the uploads, which no address may reach.
PRIVATE_FILE = "root:x:0:0:root:/root:/bin/sh\n"

#: Argument values of the right shape but naming nothing, per converter.
SHAPED = {
    converters.SlugConverter: unknown_slugs,
    converters.StringConverter: unknown_slugs,
    converters.PathConverter: unknown_slugs.map(lambda slug: f"{slug}/{slug}.jpg"),
    converters.IntConverter: st.sampled_from(["0", "1", "9999", "10000", str(10**30)])
    | st.integers(0, 10**30).map(str),
}


def variants(value):
    """An existing argument, and near misses of it that must not be found."""
    text = str(value)
    return st.sampled_from(
        [
            text,
            text.upper(),
            f"0{text}",
            f"{text}%00",
            f"{text}%2f..",
            f"{text}-",
            f"{text}/{text}",
            f"%20{text}",
            encode(f"{text}\u200b"),
        ]
    )


def arguments(route):
    """Hypothesis values (as on the wire) for each argument of ``route``."""
    existing = EXISTING[route.key]
    return st.fixed_dictionaries(
        {
            name: st.one_of(
                wire_text,
                SHAPED[type(converter)],
                *([variants(existing[name])] if name in existing else []),
            )
            for name, converter in route.converters
        }
    )


@pytest.fixture
def content(settings, tmp_path):
    """
    One published object of each kind, news enough for a second page (one
    of it recent), and an uploaded file with a private one beside the uploads
    folder.
    """
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "covers").mkdir(parents=True)
    (tmp_path / "media" / "covers" / "notice.txt").write_text("An upload.")
    (tmp_path / "passwd").write_text(PRIVATE_FILE)
    published = datetime.datetime(2024, 3, 15, 10, tzinfo=SHANGHAI)
    organization = OrganizationFactory(slug="hostile-organization")
    event = EventFactory(slug="hostile-event")
    event.organisers.add(organization)
    person = PersonFactory(slug="hostile-person")
    ParticipationFactory(event=event, person=person, organization=organization)
    article = ArticleFactory(slug="hostile-article", published_at=published)
    article.events.add(event)
    article.organizations.add(organization)
    Correction.objects.create(article=article, note_en="A date was wrong.")
    PageFactory(slug="hostile-page")
    ArticleFactory.create_batch(10, published_at=published)
    # Recent news, so that the news sitemap has something to list.
    ArticleFactory(published_at=timezone.now() - datetime.timedelta(hours=1))


@pytest.fixture
def reader():
    """A client that returns a server error as a 500 response, for the test to see."""
    return Client(raise_request_exception=False)


def assert_safe(response):
    """What holds of every answer to a public request, whatever was asked."""
    assert response.exc_info is None, response.exc_info
    assert response.status_code < 500, response.status_code
    assert not response.cookies, response.cookies
    if response.has_header("Location"):
        location = urlsplit(response["Location"])
        assert location.netloc in {"", "testserver"}, response["Location"]
        assert not response["Location"].startswith(("//", "/\\")), response["Location"]
    if response.streaming:
        return
    body = response.content.decode("utf-8", "replace")
    assert not leaks(body), leaks(body)
    for payload in REFLECTED:
        assert payload not in body, payload
    if response.get("Content-Type", "").startswith("text/html"):
        assert not unsafe_markup(body), unsafe_markup(body)


def found(path_info, language):
    """Whether ``path_info`` names something that exists, as the resolver reads it."""
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            match = resolve(path_info)
        except Resolver404:
            return False
    route = BY_ADDRESS.get("/" + match.route)
    if route is None:
        return False
    existing = EXISTING.get(route.key, {})
    return all(match.kwargs[name] == value for name, value in existing.items())


# The routes themselves.


def test_routes_are_read_from_the_resolver_in_both_languages_without_the_admin():
    addresses = {route.address for route in ROUTES}
    assert {"/healthz", "/sitemap.xml", "/robots.txt", "/en/", "/zh-hans/"} <= addresses
    assert {"/en/news/<slug:slug>/", "/zh-hans/search/"} <= addresses
    assert not [a for a in addresses if a.startswith("/admin")]
    prefixed = [route for route in ROUTES if route.language]
    assert len(prefixed) == len(settings.LANGUAGES) * len(
        {route.key for route in prefixed}
    )


def test_every_route_with_arguments_is_covered():
    """A new route fails here until the tests know its arguments and what exists."""
    for route in ROUTES_WITH_ARGUMENTS:
        assert route.key in EXISTING, f"{route}: add what exists there to EXISTING"
        for name, converter in route.converters:
            assert type(converter) in SHAPED, f"{route}: no values for <{name}>"


# Hostile path arguments and query strings, on every route.


@pytest.mark.parametrize("route", ROUTES_WITH_ARGUMENTS, ids=str)
@PATH_EXAMPLES
@given(data=st.data())
def test_path_arguments_find_what_exists_and_nothing_else(route, content, reader, data):
    """
    Slugs and numbers valid, unknown, unicode, percent-encoded, NUL, traversal,
    very long: what exists is shown, anything else is not found.
    """
    values = data.draw(arguments(route), label="arguments")
    response = reader.get(route.url(**values))
    assert_safe(response)
    if found(response.wsgi_request.path_info, route.language):
        assert response.status_code == 200
    else:
        # 400: a path climbing out of the uploads, refused as suspicious.
        assert response.status_code in {400, 404}


@pytest.mark.parametrize("route", ROUTES, ids=str)
@QUERY_EXAMPLES
@given(query=query_strings())
# The cases named in the security review, on every route, before the random ones.
@example(query="a=%00&q=%00&p=%00&a=hostile-article%00")
@example(query=f"page=-1&q={encode(huge('福'))}")
@example(query=f"page={10**30}&q=%FF%FE%ED%A0%80")
@example(query="page=1.5&a[]=x&q[]=y&page[]=2")
@example(query="page=0&page=last&p=last")
@example(query="page=&q=" + encode("\"NEAR( * OR '; DROP TABLE articles_article; --"))
@example(query="q=" + encode('<script>alert(1)</script>"><img src=x onerror=alert(1)>'))
@example(
    query="a=" + encode("javascript:alert(1)") + "&q=" + encode("e\u0301\u200b\u202e")
)
def test_query_strings_never_break_a_page(route, content, reader, query):
    """
    Any query string (page numbers negative, huge or not numbers; searches of
    100,000 characters, NUL bytes, bytes that are not UTF-8, full-text and SQL
    syntax, markup; favourites lists of junk; repeated and array parameters)
    leaves the page as it is, or, for a page number that is not one, a 404.
    """
    response = reader.get(route.url(**EXISTING.get(route.key, {})), QUERY_STRING=query)
    assert_safe(response)
    asked = response.wsgi_request.GET
    if "page" in asked or "p" in asked:
        assert response.status_code in {200, 404}
    else:
        assert response.status_code == 200


# Addresses no browser would send.

RAW_PATHS = [
    "//",
    "//evil.example/",
    "///evil.example/%2e%2e",
    "/\\evil.example/",
    "/%2F%2Fevil.example/",
    "/en/../admin/",
    "/en/..%2fadmin/",
    "/en/news/../../admin/",
    "/en/news/%2e%2e/",
    "/en/news/%2e%2e/%2e%2e/admin/",
    "/en/news/..%2f..%2fetc%2fpasswd/",
    "/en/news/hostile-article/..%2f..%2f..%2fetc%2fpasswd",
    "/en/%C0%AE%C0%AE/admin/",
    "/%C0%AE%C0%AE/%C0%AE%C0%AE/etc/passwd",
    "/en/news/%C0%AF/",
    "/en/news/%E0%80%AF/",
    "/en/news/%ED%A0%80/",
    "/en/news/%FF%FE/",
    "/en//news/",
    "/./en/",
    "/en/./news/",
    "/en/news/%00/",
    "/en/news/hostile-article%00.html",
    "/en\\news\\",
    "/en/news/%0d%0aSet-Cookie:%20x=1",
    "/en/news/x%0d%0aLocation:%20http://evil.example/",
    "/en/news/hostile-article",
    "/news/hostile-article/",
    "/news//evil.example/",
    "/EN/news/",
    "/zh-Hans/",
    "/zh/",
    "/en-us/",
    "/en/news/;jsessionid=1/",
    "/en/news/hostile-article;.css",
    "/en/" + "a/" * 2000,
    "/en/news/" + "%E2%80%AE" * 1000 + "/",
    "/media/../passwd",
    "/media/..%2fpasswd",
    "/media/%2e%2e/passwd",
    "/media/covers/../../passwd",
    "/media//etc/passwd",
    "/media/%00",
    "/media/covers/",
    "/media/" + "x" * 5000,
    "/static/../cqcnews/settings.py",
    "/static/..%2f..%2fcqcnews%2fsettings.py",
    "/static/%2e%2e/%2e%2e/manage.py",
]


@pytest.mark.parametrize("path", RAW_PATHS)
def test_raw_paths_never_escape_the_site(content, reader, path):
    """
    Paths as raw as a WSGI server passes them on (double slashes, dot
    segments, encoded and overlong slashes, NUL, CR LF, very long): never a
    server error, a file, the admin, or a redirect to another host.
    """
    response = reader.request(
        PATH_INFO=unquote_to_bytes(path).decode("iso-8859-1"),
        REQUEST_METHOD="GET",
        QUERY_STRING="",
    )
    assert_safe(response)
    match = response.wsgi_request.resolver_match
    assert match is None or match.app_name != "admin", path
    assert "x=1" not in response.get("Location", "").lower().replace("%3d", "=")


# The Host header.

DISALLOWED_HOSTS = [
    "evil.example",
    "evil.example:80",
    "testserver.evil.example",
    "testserver@evil.example",
    "evil.example#testserver",
    "testserver:abc",
    "[::1",
    "[::1]x",
    "a" * 300,
    "testserver\x00",
    "testserver\r\nX-Injected: 1",
    "tést.example",
    "..",
    "*",
]


@pytest.mark.parametrize("host", DISALLOWED_HOSTS)
def test_a_host_the_site_does_not_serve_is_a_bad_request(reader, host):
    """Django's ALLOWED_HOSTS check answers 400 before any view, on every route."""
    for route in ROUTES:
        response = reader.get(route.url(**EXISTING.get(route.key, {})), HTTP_HOST=host)
        assert response.exc_info is None, route
        assert response.status_code == 400, route
        assert not response.cookies, route


def test_forwarded_host_is_not_believed(content, reader):
    """Addresses the page gives (canonical, sharing) never take X-Forwarded-Host."""
    response = reader.get(
        "/en/news/hostile-article/", HTTP_X_FORWARDED_HOST="evil.example"
    )
    assert response.status_code == 200
    assert b"evil.example" not in response.content


# Defects found by the tests above, pinned.


@pytest.mark.parametrize("year", [0, 1, 9999, 10000, 10**30])
def test_a_year_outside_the_calendar_is_not_found(content, reader, year):
    """It was a server error: the year lookup overflowed ``datetime``."""
    response = reader.get(f"/en/news/{year}/")
    assert response.exc_info is None
    assert response.status_code == 404


@pytest.mark.parametrize("year", [2, 9998])
def test_the_calendars_inner_years_are_looked_up(content, reader, year):
    response = reader.get(f"/zh-hans/news/{year}/")
    assert response.exc_info is None
    assert response.status_code == 404


def test_a_favourites_list_with_a_nul_byte_lists_the_rest(content, reader):
    """It was a server error on PostgreSQL, which refuses NUL in a query."""
    response = reader.get("/en/favorites/?a=hostile-article&a=x%00y&a=%00")
    assert response.exc_info is None
    assert response.status_code == 200
    assert b'href="/en/news/hostile-article/"' in response.content


def test_an_upload_name_too_long_for_the_file_system_is_not_found(content, reader):
    """It was a server error: Django's ``serve`` let the OSError through."""
    response = reader.get("/media/" + "x" * 5000)
    assert response.exc_info is None
    assert response.status_code == 404
