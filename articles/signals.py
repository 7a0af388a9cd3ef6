"""
Everything a save sets off, on one screen: the app's one signal map
(``signal_map()``, the table below in code), connected from
``ArticlesConfig.ready()``, each receiver with its senders.

=========================  ====================  ===============================
signal                     sender                receiver: what it keeps true
=========================  ====================  ===============================
pre_save                   each model with       ``workflow.before_save``: rich
                           translated text       text sanitised, publication
                                                 completed, translations outdated
post_save / m2m_changed    Article, its links    ``revisions``: a version per
                                                 save (django-reversion's, and
                                                 what it leaves out)
post_save / post_delete    Article               the search index (below)
pre_save, post_save,       what readers see      ``invalidation``: the cached
pre_delete, m2m_changed,   (its ``CHANGES`` and  pages showing the change
post_init                  ``RELATIONS``)        forgotten; what a page shows
pre_save, post_save,       what an article's     ``linked``: its linked part's
pre_delete, m2m_changed    linked part shows     version raised
=========================  ====================  ===============================

The search index is kept here: the handlers run inside the save's or
delete's own transaction (the admin wraps each change in one), so an article
and its index entry are written or rolled back together. Changes that send
no signals (``bulk_create``, ``update()``) need ``manage.py
rebuild_search_index``, and ``cqcnews.tags.forget_everything()`` for the
pages.
"""

from django.db.models.signals import (
    m2m_changed,
    post_delete,
    post_init,
    post_save,
    pre_delete,
    pre_save,
)

from articles import invalidation, linked, revisions, workflow
from articles.models import Article, Correction
from articles.search import index_articles, remove_articles


def index_saved_article(sender, instance, using, **kwargs):
    # Drafts are indexed too: publication is checked when searching, so an
    # article scheduled for later is found once its time comes, unsaved.
    index_articles([instance], using=using)


def remove_deleted_article(sender, instance, using, **kwargs):
    remove_articles([instance.pk], using=using)


def signal_map():
    """
    ``(signal, receiver, senders)`` for every receiver of the app, in the
    order of the table above: the order in which a save runs them.
    """
    linked_relations = [Article.events.through, Article.organizations.through]
    return [
        (pre_save, workflow.before_save, workflow.SOURCE_TEXT_FIELDS),
        (post_save, revisions.article_saved, [Article]),
        (
            m2m_changed,
            revisions.relations_changed,
            [field.remote_field.through for field in Article._meta.many_to_many],
        ),
        (post_save, index_saved_article, [Article]),
        (post_delete, remove_deleted_article, [Article]),
        (post_init, invalidation.shown, [*invalidation.PREFIXES, Correction]),
        (pre_save, invalidation.before_save, invalidation.CHANGES),
        (post_save, invalidation.after_save, invalidation.CHANGES),
        (pre_delete, invalidation.before_delete, invalidation.CHANGES),
        (m2m_changed, invalidation.links_changed, invalidation.RELATIONS),
        (pre_save, linked.record_changing, linked.MOVABLE),
        (pre_delete, linked.record_changing, linked.SHOWN),
        (post_save, linked.record_saved, linked.SHOWN),
        (m2m_changed, linked.links_changed, linked_relations),
    ]


def connect():
    """Connect the map, each receiver once per sender."""
    revisions.register()
    for signal, receiver, senders in signal_map():
        name = f"{receiver.__module__}.{receiver.__name__}"
        for sender in senders:
            signal.connect(
                receiver,
                sender=sender,
                dispatch_uid=f"{name}.{sender._meta.label_lower}",
            )
