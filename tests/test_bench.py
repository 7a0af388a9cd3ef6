"""
The benchmark's floors (``bench.floor_urls``) do what their rows in ``make
bench`` say: the middleware alone runs no query, and the article's floor runs
exactly the article page's own lookup, with the same publication rule.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from bench.uncached_settings import MIDDLEWARE, ROOT_URLCONF
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def floor_site(settings):
    """The benchmark's uncached server: its middleware and its URLconf."""
    settings.MIDDLEWARE = MIDDLEWARE
    settings.ROOT_URLCONF = ROOT_URLCONF


def floor_url(name, **kwargs):
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def test_middleware_floor_runs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(floor_url("floor-middleware"))
    assert response.status_code == 200


def test_article_floor_runs_the_article_pages_one_query(
    client, django_assert_num_queries
):
    article = ArticleFactory(body_en="<p>Measured.</p>")
    with django_assert_num_queries(1):
        response = client.get(floor_url("floor-article", slug=article.slug))
    assert response.content == b"<p>Measured.</p>"


def test_article_floor_keeps_the_publication_rule(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(floor_url("floor-article", slug=draft.slug)).status_code == 404


def test_reader_pages_are_served_beside_the_floors(client):
    article = ArticleFactory()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_a_page_that_does_more_counts_more_calls_than_its_floor(client):
    from bench.calls import calls_per_request

    article = ArticleFactory()
    floor = calls_per_request(client, floor_url("floor-middleware"))
    lookup = calls_per_request(client, floor_url("floor-article", slug=article.slug))
    page = calls_per_request(client, article.get_absolute_url())

    assert floor < lookup < page
    assert calls_per_request(client, floor_url("floor-middleware")) == floor


def test_each_editing_load_comes_first_in_turn():
    from bench.editing import in_turns

    assert list(in_turns(["warm", "published", "draft"], 4)) == [
        ["warm", "published", "draft"],
        ["published", "draft", "warm"],
        ["draft", "warm", "published"],
        ["warm", "published", "draft"],
    ]


def test_the_mixed_load_asks_for_home_the_news_and_articles_in_both_languages():
    from bench.editing import mixed_paths

    article = ArticleFactory()
    ArticleFactory(title_zh_hans="")  # without Chinese: not in the load
    paths, slugs = mixed_paths()
    assert slugs == [article.slug]
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert reverse("articles:home") in paths
            assert reverse("articles:article-list") in paths
            assert article.get_absolute_url() in paths
    assert len(paths) == 6
