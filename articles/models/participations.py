"""Who took part in which event, for which organisation, in what role."""

from django.db import models
from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article
from articles.models.base import Language, ListQuerySet, Translated
from articles.models.events import Event
from articles.models.organizations import Organization
from articles.models.people import Person


class ParticipationQuerySet(ListQuerySet):
    def public(self):
        """Parts taken at the events readers see, not at an import's draft events."""
        return self.filter(event__status=Event.Status.PUBLISHED)

    def timeline(self, news_per_event):
        """
        A person's parts, newest first, each with its event and organisation,
        and its event's ``news_per_event`` latest published articles as
        ``event.published_articles``: a plain ``event.articles.all()`` would
        show drafts, and every one of them, however many years of news there
        are.
        """
        return (
            self.public()
            .select_related("event", "organization")
            .order_by("-event__start_date", "order", "pk")
            .prefetch_related(
                Prefetch(
                    "event__articles",
                    queryset=Article.objects.published()[:news_per_event],
                    to_attr="published_articles",
                )
            )
        )

    def latest_per_person(self):
        """
        Of these parts, each person's latest (by the event's date, then the
        order of the event's participants), with the person and the event,
        newest first: an organisation's representatives, once each.

        Each person's latest is ranked on keys alone, in a subquery; ranking
        whole rows (names, events) costs several times more.
        """
        recency = Window(
            RowNumber(),
            partition_by="person",
            order_by=[F("event__start_date").desc(), "order", "pk"],
        )
        latest = self.alias(recency=recency).filter(recency=1)
        return (
            self.model.objects.filter(pk__in=latest.values("pk"))
            .select_related("person", "event")
            .order_by("-event__start_date", "person__name", "pk")
        )

    def with_names(self):
        """With the person and the organisation each part names, as lists show them."""
        return self.select_related("person", "organization")


class Participation(Translated):
    class Part(models.TextChoices):
        HOST = "host", _("Host")
        CHAIR = "chair", _("Chair")
        SPEAKER = "speaker", _("Speaker")
        GUEST = "guest", _("Guest")
        ATTENDEE = "attendee", _("Attendee")
        REMOTE = "remote", _("Remote participant")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("event"),
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="participations",
        verbose_name=_("person"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("organisation"),
        help_text=_("The organisation the person represented at this event."),
    )
    role = models.CharField(
        _("role"),
        max_length=300,
        blank=True,
        help_text=_(
            "The title the source gives the person at this event, e.g. "
            '"Deputy Managing Director of CQC". Titles change: write the one of '
            "the time."
        ),
    )
    part = models.CharField(
        _("part"), max_length=20, choices=Part, default=Part.ATTENDEE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "order", "pk"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "person"], name="participation_once_per_event"
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.event}"

    @property
    def source_language(self):
        """
        A role is written with its event, in the event's source language: it
        is part of the event's text, not a text of its own.
        """
        return self.event.source_language if self.event_id else Language.ENGLISH
