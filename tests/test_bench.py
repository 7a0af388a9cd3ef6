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
