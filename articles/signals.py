"""
Everything a save sets off, on one screen: the app's one signal map,
connected from ``ArticlesConfig.ready()``, each receiver with its sender.

=========================  ====================  ===============================
signal                     sender                receiver: what it keeps true
=========================  ====================  ===============================
pre_save                   each model with       ``workflow.before_save``: rich
                           translated text       text sanitised, publication
                                                 completed, translations outdated
post_save / m2m_changed    Article, its links    ``revisions``: a version per
                                                 save
post_save / post_delete    Article               the search index (below)
pre_save, post_save,       what an article's     ``linked``: its linked part's
pre_delete, m2m_changed    linked part shows     version raised
pre_save, post_save,       what readers see      ``invalidation``: the cached
pre_delete, m2m_changed,   (its ``CHANGES`` and  pages showing the change
post_init                  ``RELATIONS``)        forgotten; what a page shows
=========================  ====================  ===============================

The search index is kept here: the handlers run inside the save's or
delete's own transaction (the admin wraps each change in one), so an article
and its index entry are written or rolled back together. Changes that send
no signals (``bulk_create``, ``update()``) need ``manage.py
rebuild_search_index``, and ``cqcnews.tags.forget_everything()`` for the
pages.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from articles import invalidation, linked, revisions, workflow
from articles.models import Article
from articles.search import index_articles, remove_articles


def index_saved_article(sender, instance, using, **kwargs):
    # Drafts are indexed too: publication is checked when searching, so an
    # article scheduled for later is found once its time comes, unsaved.
    index_articles([instance], using=using)


def remove_deleted_article(sender, instance, using, **kwargs):
    remove_articles([instance.pk], using=using)


def connect():
    """Connect the map above, in its order."""
    for model in workflow.SOURCE_TEXT_FIELDS:
        pre_save.connect(
            workflow.before_save,
            sender=model,
            dispatch_uid=f"articles.workflow.before_save.{model._meta.label_lower}",
        )
    post_save.connect(
        revisions.article_saved, sender=Article, dispatch_uid="articles.revisions.saved"
    )
    for relation in Article._meta.many_to_many:
        m2m_changed.connect(
            revisions.relations_changed,
            sender=relation.remote_field.through,
            dispatch_uid=f"articles.revisions.{relation.name}",
        )
    post_save.connect(
        index_saved_article, sender=Article, dispatch_uid="articles.search.index"
    )
    post_delete.connect(
        remove_deleted_article, sender=Article, dispatch_uid="articles.search.remove"
    )
    invalidation.connect_signals()
    linked.connect_signals()
