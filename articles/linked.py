"""
The part of an article's page that shows other records (its events with
their participants, the organisations it names, its corrections), kept
until one of them changes.

Reading this part is the costly half of an article page, and it changes
with other records than the article's own text: an editor's edit of the
article renders the page again (``articles.invalidation``) but reads this
part from the cache. Every change to a record it shows raises
``Article.linked_version`` on the articles that show it, in the change's
own transaction (the receivers below, connected in ``articles.signals``);
the part is kept under the article and its ``linked_version``, with the tags
of what it shows (``cqcnews.page_cache.remember``), which also reach the page
it is in.

``records`` (what the part reads) and ``SHOWN`` (how an article reaches
each record) describe one template,
``articles/includes/article_linked.html``: a record shown there must be
followed here.
"""

from dataclasses import dataclass

from django.db.models import F, Q

from articles.invalidation import people_of_event
from articles.models import (
    Article,
    Correction,
    Event,
    Organization,
    Participation,
    Person,
)
from cqcnews.page_cache import remember
from cqcnews.tags import tag

#: How long an unchanged part is kept: a new version makes it unreachable at
#: once; this only frees the memory of articles nobody reads any more.
PART_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class LinkedRecords:
    """What the part shows, in the order it shows them."""

    #: The article's public events by date, each with its participations
    #: (``Event.objects.with_participants()``).
    events: list
    organizations: list
    corrections: list


def records(article):
    """
    What ``article``'s linked part shows, read in four queries; the page is
    tagged with who took part in each event, which the part lists.
    """
    events = list(article.events.public().order_by("start_date").with_participants())
    tag(*(people_of_event(event.pk) for event in events))
    return LinkedRecords(
        events=events,
        organizations=list(article.organizations.all()),
        corrections=list(article.corrections.all()),
    )


def kept(article):
    """
    ``records(article)``, from the cache or read and then kept, in both
    languages, under the article and its ``linked_version``, with the tags
    of what it shows, which reach the page it is in. An unpublished article
    (a preview) is read each time and never kept.
    """
    if not article.is_published:
        return records(article)
    key = f"article-linked:{article.pk}:{article.linked_version}"
    return remember(key, lambda: records(article), timeout=PART_SECONDS)


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


def record_changing(sender, instance, **kwargs):
    """
    Before a delete, or a save that may move the record (``MOVABLE``): the
    articles showing it as it is stored.
    """
    if instance.pk is not None and not instance._state.adding:
        mark_changed(articles_showing(instance))


def record_saved(sender, instance, **kwargs):
    """After a save: the articles showing the record as it now is."""
    mark_changed(articles_showing(instance))


def links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's events or organisations added, removed or cleared."""
    if not reverse and action in {"post_add", "post_remove", "post_clear"}:
        mark_changed(Q(pk=instance.pk))
    elif reverse and action in {"post_add", "post_remove"}:
        mark_changed(Q(pk__in=pk_set))
    elif reverse and action == "pre_clear":
        mark_changed(articles_showing(instance))
