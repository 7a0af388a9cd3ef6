"""
A reader's crawl of the whole site: every page reachable from /en/ and
/zh-hans/ by following links, on the real initial content.

Page-type tests check each template; this checks what they cannot: that no
link anywhere leads to an error, and that the chrome holds on every page a
reader can actually reach.
"""

import re
from collections import deque
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, Event, Organization, Page, Person

pytestmark = pytest.mark.django_db

HEADER = {
    "en": ("Homepage", "Favorites", "中文版"),
    "zh-hans": ("首页", "收藏", "English"),
}
FOOTER = {
    "en": ("Introduction of Website", "Exception Clause"),
    "zh-hans": ("网站介绍", "免责声明"),
}
HREFLANGS = ("en", "zh-Hans", "x-default")


class Links(HTMLParser):
    """The addresses a page links to with <a href>."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_of(address, html):
    parser = Links()
    parser.feed(html)
    for href in parser.hrefs:
        target = urldefrag(urljoin(f"http://testserver{address}", href)).url
        parts = urlsplit(target)
        if parts.netloc != "testserver" or not parts.path.startswith(
            ("/en/", "/zh-hans/")
        ):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client):
    """Every reachable page, by breadth-first search: ``{address: response}``."""
    seen = {}
    queue = deque(["/en/", "/zh-hans/"])
    while queue:
        address = queue.popleft()
        if address in seen:
            continue
        response = client.get(address)
        seen[address] = response
        if response["Content-Type"].startswith("text/html"):
            queue.extend(links_of(address, response.content.decode()))
    return seen


@pytest.fixture
def site(client):
    call_command("load_initial_content", verbosity=0)
    return crawl(client)


def test_the_crawl_reaches_every_article_event_person_and_organisation(site):
    reached = set(site)
    for model in (Article, Event, Organization, Page, Person):
        for obj in model.objects.all():
            for language in ("en", "zh-hans"):
                with translation.override(language):
                    address = obj.get_absolute_url()
                assert address in reached, f"{address} is linked from nowhere"


def test_no_page_reachable_by_a_reader_is_an_error_or_sets_a_cookie(site):
    for address, response in site.items():
        assert response.status_code == 200, address
        assert not response.cookies, address
        assert "Cookie" not in response.get("Vary", ""), address


def test_every_reachable_page_has_the_chrome_toggle_and_hreflang(site):
    pages = {
        address: response
        for address, response in site.items()
        if response["Content-Type"].startswith("text/html")
    }
    assert len(pages) > 60
    for address, response in pages.items():
        language = "zh-hans" if address.startswith("/zh-hans/") else "en"
        html = response.content.decode()
        for label in HEADER[language] + FOOTER[language]:
            assert label in html, f"{address}: no {label!r}"
        for hreflang in HREFLANGS:
            assert f'hreflang="{hreflang}"' in html, f"{address}: no {hreflang}"
        toggle = re.search(r'<a class="language-toggle" href="([^"]+)"', html)
        assert toggle, f"{address}: no language toggle"
        own, other = (
            ("/zh-hans/", "/en/") if language == "zh-hans" else ("/en/", "/zh-hans/")
        )
        target = unescape(toggle.group(1))
        assert target == other + address.removeprefix(own), address
        assert site[target].status_code == 200, target
