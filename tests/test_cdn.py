"""
A CDN in front of the site (cqcnews/cdn.py, the contract in docs/deploy.md):
public responses carry their tags, and a change purges exactly the tags it
forgot, once committed, in the configured style; a dead CDN fails no save.
"""

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Article
from tests.factories import ArticleFactory
from tests.pages import url_in

pytestmark = pytest.mark.django_db


class Purges(BaseHTTPRequestHandler):
    """A CDN's purge endpoint on loopback that records what it is asked."""

    received = None

    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.received.append(
            {
                "method": self.command,
                "path": self.path,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": self.rfile.read(length),
            }
        )
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PURGE = do_POST = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    """A purge endpoint, configured as CQCNEWS_CDN_PURGE_URL would."""
    received = []
    handler = type("Recording", (Purges,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CDN_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield received
    server.shutdown()
    server.server_close()


def purged_tags(received):
    return {tag for purge in received for tag in purge["headers"]["xkey-purge"].split()}


def test_a_public_page_carries_its_tags(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    keys = response["Surrogate-Key"].split()
    assert f"article-{article.pk}" in keys
    assert f"article-{article.pk}-page" in keys
    assert "footer" in keys
    assert "site" in keys
    assert response["xkey"] == response["Surrogate-Key"]


def test_the_news_list_carries_the_lists_tag_and_its_articles(client):
    article = ArticleFactory()
    keys = client.get(url_in("zh-hans", "article-list"))["Surrogate-Key"].split()
    assert {"news", f"article-{article.pk}"} <= set(keys)


def test_cloudflares_style_names_the_tags_in_cache_tag(client, settings):
    settings.CDN_STYLE = "cloudflare"
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert f"article-{article.pk}" in response["Cache-Tag"].split(",")
    assert not response.has_header("xkey")


def test_fastlys_style_names_them_in_surrogate_key_alone(client, settings):
    settings.CDN_STYLE = "fastly"
    response = client.get(ArticleFactory().get_absolute_url())
    assert response.has_header("Surrogate-Key")
    assert not response.has_header("xkey")
    assert not response.has_header("Cache-Tag")


def test_an_edit_purges_exactly_its_tags_once_committed(
    cdn, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body_en="<p>Before.</p>")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.body_en = "<p>After.</p>"
        article.save()
    assert cdn == []  # nothing before the commit
    for callback in callbacks:
        callback()

    assert {purge["method"] for purge in cdn} == {"PURGE"}
    assert purged_tags(cdn) == {f"article-{article.pk}", "search"}


def test_each_cache_of_the_cluster_is_purged(
    cdn, settings, django_capture_on_commit_callbacks
):
    address = settings.CDN_PURGE_URLS[0]
    settings.CDN_PURGE_URLS = [address, address + "second/"]
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article.title_en = "Changed"
        article.save()
    assert {purge["path"] for purge in cdn} == {"/", "/second/"}


def test_a_draft_purges_nothing(cdn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
        draft.title_en = "Still a draft"
        draft.save()
    assert cdn == []


def test_cloudflare_is_sent_the_tags_as_json(
    cdn, settings, django_capture_on_commit_callbacks
):
    settings.CDN_STYLE = "cloudflare"
    settings.CDN_PURGE_TOKEN = "secret-token"
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        article.body_en = "<p>After.</p>"
        article.save()
    (purge,) = cdn
    assert purge["method"] == "POST"
    assert purge["headers"]["authorization"] == "Bearer secret-token"
    assert set(json.loads(purge["body"])["tags"]) == {f"article-{article.pk}", "search"}


def test_a_dead_cdn_only_logs_a_warning(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URLS = ["http://127.0.0.1:9/"]  # nothing listens there
    article = ArticleFactory()
    with (
        caplog.at_level(logging.WARNING, logger="cqcnews.cdn"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        article.title_en = "Saved all the same"
        article.save()
    assert Article.objects.get(pk=article.pk).title_en == "Saved all the same"
    assert any("CDN purge" in record.message for record in caplog.records)
