"""
Keeps the search index in step with the articles.

The handlers run inside the save's or delete's own transaction (the admin
wraps each change in one), so an article and its index entry are written or
rolled back together. Changes that send no signals (``bulk_create``,
``update()``) need ``manage.py rebuild_search_index``.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article
from articles.search import index_articles, remove_articles


@receiver(post_save, sender=Article, dispatch_uid="articles.search.index")
def index_saved_article(sender, instance, using, **kwargs):
    # Drafts are indexed too: publication is checked when searching, so an
    # article scheduled for later is found once its time comes, unsaved.
    index_articles([instance], using=using)


@receiver(post_delete, sender=Article, dispatch_uid="articles.search.remove")
def remove_deleted_article(sender, instance, using, **kwargs):
    remove_articles([instance.pk], using=using)
