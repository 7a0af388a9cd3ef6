"""Favorites without an account: the list is the page's address, never a cookie."""

import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from articles.views.favorites import FavoritesView
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def favorites_in(language, *slugs):
    with translation.override(language):
        address = reverse("articles:favorites")
    return (
        f"{address}?{urlencode([('a', slug) for slug in slugs])}" if slugs else address
    )


def listed(html):
    """The slugs of the articles the page lists, in order."""
    return re.findall(
        r'<button class="favorite-button"[^>]*data-favorite="([^"]+)"', html
    )


def get(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    return response.content.decode()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_favorites_page_lists_the_published_articles_of_its_address(client, language):
    first, second = ArticleFactory(), ArticleFactory()
    draft = ArticleFactory(status=Article.Status.DRAFT)
    html = get(
        client,
        favorites_in(language, second.slug, draft.slug, "no-such-article", first.slug),
    )
    assert listed(html) == [second.slug, first.slug]
    title = second.title_en if language == "en" else second.title_zh_hans
    assert title in html
    assert draft.title_en not in html and draft.title_zh_hans not in html
    assert 'name="robots" content="noindex"' in html


def test_favorites_list_is_cut_at_its_limit(rf, monkeypatch):
    monkeypatch.setattr(FavoritesView, "max_articles", 2)
    slugs = [article.slug for article in ArticleFactory.create_batch(3)]
    view = FavoritesView()
    view.setup(rf.get(favorites_in("en", slugs[0], slugs[0], *slugs)))
    shown = [article.slug for article, _remove in view.get_context_data()["favorites"]]
    assert shown == slugs[:2]  # a repeated slug counts once


def test_each_favorite_links_to_the_list_without_it(client):
    first, second, third = ArticleFactory.create_batch(3)
    html = get(client, favorites_in("en", first.slug, second.slug, third.slug))
    removals = re.findall(r'<a href="([^"]+)" data-favorite-fallback>', html)
    assert [address.replace("&amp;", "&") for address in removals] == [
        favorites_in("en", second.slug, third.slug),
        favorites_in("en", first.slug, third.slug),
        favorites_in("en", first.slug, second.slug),
    ]


def test_empty_favorites_page_says_so_and_explains_where_the_list_lives(client):
    html = get(client, favorites_in("zh-hans"))
    assert "您尚未收藏任何文章。" in html
    assert "data-favorites-page" in html
    assert "JavaScript" in html and listed(html) == []


def test_favorites_page_costs_the_same_whatever_the_list(
    client, django_assert_max_num_queries
):
    slugs = [article.slug for article in ArticleFactory.create_batch(30)]
    with django_assert_max_num_queries(8):
        html = get(
            client, favorites_in("en", *slugs, *[f"gone-{n}" for n in range(200)])
        )
    assert len(listed(html)) == 30


def test_article_page_offers_the_toggle_and_a_link_without_javascript(client):
    article = ArticleFactory()
    html = get(client, article.get_absolute_url())
    button = re.search(r'<button class="favorite-button"[^>]*>', html)[0]
    assert f'data-favorite="{article.slug}"' in button
    assert 'type="button"' in button and 'aria-pressed="false"' in button
    assert " hidden" in button  # shown by the script, useless without it
    fallback = re.search(
        r"<p data-favorite-fallback><a href=\"([^\"]+)\">([^<]+)", html
    )
    assert fallback[1] == favorites_in("en", article.slug)
    assert fallback[2] == "Add to a bookmarkable favorites list"


def test_cards_carry_a_named_toggle(client):
    article = ArticleFactory()
    html = get(client, reverse("articles:article-list"))
    assert re.search(
        rf'data-favorite="{article.slug}"[^>]*>Save to favorites'
        rf'<span class="visually-hidden">: {article.title_en}</span></button>',
        html,
    )


def test_favorites_script_is_a_deferred_file(client):
    """The policy refuses inline script: data travel in data-* attributes."""
    html = get(client, reverse("articles:home"))
    assert re.search(r'<script src="/static/js/favorites\.js" defer></script>', html)
    assert re.search(r'<a href="/en/favorites/" data-favorites-link', html)


def test_favorites_script_keeps_the_list_in_local_storage_not_a_cookie():
    script = (settings.BASE_DIR / "static/js/favorites.js").read_text()
    assert "window.localStorage" in script
    assert "document.cookie" not in script
