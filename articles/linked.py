"""
The part of an article's page that shows other records (its events with
their participants, the organisations it names, its corrections), kept
rendered until one of them changes.

This part is the costly half of an article page, and it changes with other
records than the article's own text: an editor's edit of the article
renders the page again (``articles.invalidation``) but not this part. Every
change to a record it shows raises ``Article.linked_version`` on the
articles that show it, in the change's own transaction
(``connect_signals``); the part is kept under the article and its
``linked_version``, with the tags of what it shows (``cqcnews.caching.
remember``), which also reach the page it is in.

``article_links`` (what the part reads) and ``SHOWN`` (how an article
reaches each record) describe one template,
``articles/includes/article_linked.html``: a record shown there must be
followed here.
"""

from django.db.models import F, Prefetch, Q, prefetch_related_objects
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from articles import languages
from articles.invalidation import people_of_event
from articles.models import (
    Article,
    Correction,
    Event,
    Organization,
    Participation,
    Person,
)
from cqcnews.caching import remember
from cqcnews.tags import tag

#: How long an unchanged part is kept: a new version makes it unreachable at
#: once; this only frees the memory of articles nobody reads any more.
PART_SECONDS = 24 * 60 * 60


def participants():
    """An event's participations with the person and organisation each names."""
    return Prefetch(
        "participations",
        queryset=Participation.objects.select_related("person", "organization"),
    )


def article_links():
    """What the part shows, as ``prefetch_related`` lookups of an article."""
    return [
        Prefetch(
            "events",
            queryset=Event.objects.public()
            .order_by("start_date")
            .prefetch_related(participants()),
        ),
        "organizations",
        "corrections",
    ]


#: Each kind of record the part shows, and how an article reaches it.
SHOWN = {
    Event: "events",
    Participation: "events__participations",
    Person: "events__participations__person",
    Organization: "organizations",
    Correction: "corrections",
}


#: The records whose own foreign key decides which articles show them: a save
#: can move one elsewhere, so the articles that showed it are found before
#: the save too. Any other record's save leaves its links as they were.
MOVABLE = {Participation, Correction}


def articles_showing(record):
    """
    The articles whose linked part shows ``record``, found through the
    database's links, not the record's fields: called before a save, it
    finds the articles that showed the record as it was.
    """
    return Q(**{SHOWN[type(record)]: record})


def mark_changed(showing):
    """Raise the linked version of the articles matching ``showing``."""
    Article.objects.filter(showing).update(linked_version=F("linked_version") + 1)


def rendered(article, render):
    """
    The article's linked part in the reader's language: from the cache, or
    ``render()``-ed with its records fetched, then cached. An unpublished
    article (a preview) is rendered each time and never kept.
    """

    def fetched_and_rendered():
        prefetch_related_objects([article], *article_links())
        tag(*(people_of_event(event.pk) for event in article.events.all()))
        return render()

    if not article.is_published:
        return fetched_and_rendered()
    key = ":".join(
        [
            "article-linked",
            str(article.pk),
            languages.current(),
            str(article.linked_version),
        ]
    )
    # Kept with the tags of what it shows, which reach the page it is in.
    return remember(key, fetched_and_rendered, timeout=PART_SECONDS)


def _record_changing(sender, instance, **kwargs):
    """
    Before a delete, or a save that may move the record (``MOVABLE``): the
    articles showing it as it is stored.
    """
    if instance.pk is not None and not instance._state.adding:
        mark_changed(articles_showing(instance))


def _record_saved(sender, instance, **kwargs):
    """After a save: the articles showing the record as it now is."""
    mark_changed(articles_showing(instance))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's events or organisations added, removed or cleared."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        mark_changed(Q(pk=instance.pk))
    elif reverse and action in {"post_add", "post_remove"}:
        mark_changed(Q(pk__in=pk_set))
    elif reverse and action == "pre_clear":
        mark_changed(articles_showing(instance))


def connect_signals():
    """Follow every change to a record that the linked part shows."""
    for model in SHOWN:
        label = model._meta.label_lower
        if model in MOVABLE:
            pre_save.connect(
                _record_changing,
                sender=model,
                dispatch_uid=f"linked.pre_save.{label}",
            )
        pre_delete.connect(
            _record_changing, sender=model, dispatch_uid=f"linked.pre_delete.{label}"
        )
        post_save.connect(
            _record_saved, sender=model, dispatch_uid=f"linked.post_save.{label}"
        )
    for relation in (Article.events.through, Article.organizations.through):
        m2m_changed.connect(
            _links_changed,
            sender=relation,
            dispatch_uid=f"linked.m2m.{relation._meta.label_lower}",
        )
