"""Events, the sessions within them, and the order readers find them in."""

from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.base import Authored, ListQuerySet
from articles.models.organizations import Organization


class EventQuerySet(ListQuerySet):
    def public(self):
        """Events readers see: not the drafts an import proposes for review."""
        return self.filter(status=Event.Status.PUBLISHED)

    def main(self):
        """Events in their own right; a session within one is shown on its page."""
        return self.filter(parent__isnull=True)

    def upcoming(self, today=None):
        """Events not over yet: ending (or, one-day, starting) today or later."""
        today = today or timezone.localdate()
        return self.filter(
            Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
        ).order_by("start_date")

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.exclude(
            Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)
        ).order_by("-start_date")

    def with_participants(self):
        """Each event's parts, with the person and organisation each names."""
        participations = self.model._meta.get_field("participations").related_model
        return self.prefetch_related(
            Prefetch("participations", queryset=participations.objects.with_names())
        )

    def for_detail(self):
        """A public event as its page shows it first: with the event it is part of."""
        return self.public().select_related("parent")

    def with_links(self):
        """
        What an event's page shows besides the event: its public sessions by
        date, its organisers and its participants. Read apart from the event,
        as a part of its page kept rendered (``articles.parts``).
        """
        return self.prefetch_related(
            Prefetch(
                "sub_events",
                queryset=Event.objects.public().order_by("start_date", "name"),
            ),
            "organisers",
        ).with_participants()

    def involving(self, organization):
        """
        The events ``organization`` organised or was represented at, newest
        first, each ``organised`` or not.
        """
        organised = self.model.organisers.through.objects.filter(
            organization=organization
        )
        represented = organization.participations.all()
        return (
            self.filter(
                Q(pk__in=organised.values("event"))
                | Q(pk__in=represented.values("event"))
            )
            .annotate(organised=Exists(organised.filter(event=OuterRef("pk"))))
            .order_by("-start_date", "name", "pk")
        )


class Event(Authored):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        FORUM = "forum", _("Forum")
        CONFERENCE = "conference", _("Conference")
        MEETING = "meeting", _("Meeting")
        SEMINAR = "seminar", _("Seminar")
        CEREMONY = "ceremony", _("Ceremony")
        TRAINING = "training", _("Training")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.MEETING
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status,
        default=Status.PUBLISHED,
        help_text=_(
            "An event proposed by an import is a draft, which readers do not "
            "see, until an editor has checked it and published it."
        ),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a one-day event."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    attendance = models.PositiveIntegerField(
        _("attendance"),
        null=True,
        blank=True,
        help_text=_("Number of people present, only where the source states it."),
    )
    attendance_is_approximate = models.BooleanField(
        _("attendance is approximate"),
        default=False,
        help_text=_('Tick when the source gives a round figure ("nearly a thousand").'),
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences: what happened and why."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_events",
        help_text=_("For a session held within a larger event (a seminar at a forum)."),
    )
    organisers = models.ManyToManyField(
        Organization,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_events",
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="event_ends_on_or_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="event_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:event-detail", kwargs={"slug": self.slug})

    @property
    def last_date(self):
        return self.end_date or self.start_date
