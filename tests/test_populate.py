"""``manage.py populate``: synthetic bilingual news, one per seed, safe to run."""

import re
import string

import pytest
from django.core.management import CommandError
from django.urls import reverse

from articles.models import Article, Event, Organization, Page, Participation, Person
from articles.populating.news import WORDS
from articles.search import search
from tests.commands import output_of
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def populate(**options):
    return output_of("populate", **options)


def content():
    """Everything a reader sees of the articles, independent of primary keys."""
    return list(
        Article.objects.order_by(
            "slug", "events__slug", "organizations__slug"
        ).values_list(
            "slug",
            "status",
            "title_en",
            "title_zh_hans",
            "standfirst_en",
            "body_en",
            "body_zh_hans",
            "events__slug",
            "organizations__slug",
        )
    )


def remove_everything():
    for model in (Participation, Article, Event, Person, Organization, Page):
        model.objects.all().delete()


def test_each_template_fills_the_same_words_in_both_languages():
    """
    The vocabulary is a data file anyone may extend: a Chinese template that
    lost a word of the story, or gained one, would tell another story.
    """

    def words(template):
        fields = string.Formatter().parse(template)
        return {name for _text, name, *_rest in fields if name is not None}

    for templates in (
        WORDS["organization_kinds"],
        WORDS["roles"],
        WORDS["event_names"],
        WORDS["titles"],
        WORDS["standfirsts"],
        WORDS["sentences"],
    ):
        for english, chinese, *_rest in templates:
            assert words(english) == words(chinese), (english, chinese)


def test_makes_bilingual_news_with_events_people_and_organisations():
    populate(articles=300, seed=4)
    assert Article.objects.count() == 300
    assert Event.objects.exists() and Person.objects.exists()
    assert Organization.objects.exists() and Participation.objects.exists()
    assert Page.objects.count() == 2
    both = Article.objects.exclude(title_en="").exclude(title_zh_hans="")
    assert both.count() > 200
    article = both.first()
    assert CHINESE.search(article.title_zh_hans)
    assert not CHINESE.search(article.title_en)
    assert article.body_zh_hans.count("<p>") >= 3
    bodies = "".join(Article.objects.values_list("body_zh_hans", flat=True))
    for word in ("认证", "检验检测", "新能源汽车", "福州"):
        assert word in bodies


def test_covers_every_state_a_page_must_show():
    populate(articles=300, seed=4)
    assert Article.objects.filter(title_zh_hans="").exists()  # English only
    assert Article.objects.filter(title_en="").exists()  # Chinese only
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()
    scheduled = Article.objects.scheduled()
    assert scheduled.exists()
    assert not scheduled.filter(pk__in=Article.objects.published()).exists()
    assert Article.objects.filter(events__isnull=False).exists()


def test_the_same_seed_makes_the_same_news():
    populate(articles=50, seed=9)
    first = content()
    remove_everything()
    populate(articles=50, seed=9)
    assert content() == first
    remove_everything()
    populate(articles=50, seed=10)
    assert content() != first


def test_made_objects_pass_validation():
    populate(articles=40, seed=5)
    for model in (Article, Event, Person, Organization, Participation, Page):
        for obj in model.objects.all()[:10]:
            obj.full_clean()


def test_refuses_a_database_that_holds_content():
    ArticleFactory()
    with pytest.raises(CommandError, match="already holds content"):
        populate(articles=10)
    assert Article.objects.count() == 1


def test_force_adds_to_existing_content_and_keys_stay_free():
    ArticleFactory()
    populate(articles=10, seed=2, force=True)
    assert Article.objects.count() == 11
    # Rows are written with explicit keys: the next save must still find a
    # free one (PostgreSQL's sequence was moved on).
    ArticleFactory()
    assert Article.objects.count() == 12


def test_force_links_the_new_news_with_what_is_there():
    """So that the pages already there grow with the site, as real ones would."""
    populate(articles=10, seed=1)
    events, people = list(Event.objects.all()), list(Person.objects.all())
    organizations = list(Organization.objects.all())

    def links():
        return {
            "articles of its events": Article.objects.filter(events__in=events),
            "events of its people": Participation.objects.filter(person__in=people),
            "articles of its organisations": Article.objects.filter(
                organizations__in=organizations
            ),
        }

    before = {name: links.count() for name, links in links().items()}
    populate(articles=800, seed=2, force=True)
    after = {name: links.count() for name, links in links().items()}
    assert all(after[name] > before[name] for name in before), (before, after)
    # Organisations and footer pages of the same name are not made twice.
    names = list(Organization.objects.values_list("name_en", flat=True))
    assert len(names) == len(set(names)) > len(organizations)
    assert Page.objects.count() == 2


def test_a_seed_used_twice_is_refused_and_writes_nothing():
    populate(articles=10, seed=2)
    with pytest.raises(CommandError, match="Nothing was written"):
        populate(articles=10, seed=2, force=True)
    assert Article.objects.count() == 10


def test_dry_run_changes_nothing():
    out = populate(articles=1000, dry_run=True)
    assert "Would make" in out and "1000 articles" in out
    assert not Article.objects.exists()


def test_populated_news_is_searchable_in_both_languages():
    populate(articles=100, seed=6)
    assert len(search("certification", language="en")) > 0
    assert len(search("认证", language="zh-hans")) > 0


def test_cached_pages_show_the_populated_news(client):
    """Rows written in bulk send no signals: the command starts a new version."""
    news = reverse("articles:article-list")
    client.get(news)  # cached while the site is empty
    populate(articles=20, seed=7)
    article = Article.objects.published().available_in("en").first()
    assert article.get_absolute_url() in client.get(news).text
