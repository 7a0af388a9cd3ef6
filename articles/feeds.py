"""
The news feed, one per language (``/en/feed/``, ``/zh-hans/feed/``).

A feed declares one language, so it carries the articles that have their own
text in it: an article not yet translated joins the other language's feed
once it is, rather than appearing there in a language the feed does not
announce.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext

from articles import languages, seo
from articles.invalidation import NEWS
from articles.models import Article
from articles.views.base import display_text
from cqcnews.tags import tag


def feed_title():
    """The feed's name, also the title of the pages' autodiscovery link."""
    return gettext("%(site)s — News") % {"site": settings.SITE_NAME}


class LatestArticlesFeed(Feed):
    """The latest published articles in the active language, newest first."""

    item_count = 20
    #: Words of the body a reader gets when an article has no standfirst.
    summary_words = 60

    @property
    def language(self):
        return seo.FEED_LANGUAGES[languages.current()]

    def title(self):
        return feed_title()

    def link(self):
        return reverse("articles:article-list")

    def description(self):
        return str(seo.SITE_DESCRIPTION)

    def items(self):
        tag(NEWS)
        return Article.objects.published().available_in()[: self.item_count]

    def item_title(self, item):
        return display_text(item, ["title"])["title"]

    def item_description(self, item):
        # The feed's own language only: modeltranslation would fill an empty
        # standfirst with the other language's. Readers render a description
        # as HTML: the plain-text standfirst is escaped, "<script>" stays text.
        text = display_text(item, ["standfirst", "body"])
        if text["standfirst"]:
            return escape(text["standfirst"])
        return Truncator(strip_tags(text["body"])).words(self.summary_words)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return seo.last_modified(item)
