"""Articles and the one rule that decides which of them readers see."""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles import images
from articles.languages import field_suffix
from articles.models.base import Authored, rich_text_field
from articles.models.events import Event
from articles.models.organizations import Organization


class ArticleQuerySet(models.QuerySet):
    """
    The one publication rule. An article stores one state, draft or
    published, and its publication moment: a published article is live once
    that moment has passed and *scheduled* until then. Nothing has to run
    when the moment comes, and no stored state can fall behind the clock.
    ``Article.publication_state`` says the same of one article in Python.
    """

    @staticmethod
    def state_condition(state, now=None):
        """The condition an article in ``state`` meets at ``now``, as a ``Q``."""
        if state == Article.PublicationState.DRAFT:
            return Q(status=Article.Status.DRAFT)
        now = now or timezone.now()
        if state == Article.PublicationState.SCHEDULED:
            return Q(status=Article.Status.PUBLISHED, published_at__gt=now)
        return Q(status=Article.Status.PUBLISHED, published_at__lte=now)

    def published(self, until=None):
        """
        What readers may see, used by every page, feed, sitemap and search: a
        scheduled article goes live by itself once its time has come.

        ``until`` narrows it to the articles published by then (never later
        than now): the news older than a given article. One bound on the
        date, not two, so that the database walks the reading-order index
        from that moment rather than from now.
        """
        now = timezone.now()
        moment = now if until is None else min(until, now)
        return self.in_state(Article.PublicationState.PUBLISHED, moment)

    def scheduled(self, now=None):
        """Published articles whose moment is still ahead (of ``now``)."""
        return self.in_state(Article.PublicationState.SCHEDULED, now)

    def drafts(self):
        return self.in_state(Article.PublicationState.DRAFT)

    def in_state(self, state, now=None):
        """The articles in ``state`` (an ``Article.PublicationState``) at ``now``."""
        return self.filter(self.state_condition(state, now))

    def state_counts(self, now=None):
        """How many articles are in each state at ``now``, in one query."""
        now = now or timezone.now()
        return self.aggregate(
            **{
                state: models.Count("pk", filter=self.state_condition(state, now))
                for state in Article.PublicationState.values
            }
        )

    def next_publication(self, now=None):
        """When the next scheduled article goes live, or ``None``."""
        return self.scheduled(now).aggregate(next=models.Min("published_at"))["next"]

    def available_in(self, language=None):
        """Articles with a title in ``language`` (the active one by default)."""
        suffix = field_suffix(language)
        return self.exclude(**{f"title_{suffix}": ""}).exclude(
            **{f"title_{suffix}__isnull": True}
        )

    def in_year(self, year):
        """The articles published in ``year``, in the site's time zone."""
        return self.filter(published_at__year=year)

    def year_counts(self):
        """``{year: number of articles}``, newest year first."""
        years = (
            self.annotate(year=ExtractYear("published_at"))
            .values("year")
            .annotate(count=Count("pk"))
            .order_by("-year")
        )
        return {row["year"]: row["count"] for row in years}

    def neighbours(self, article):
        """
        The published articles just before and after ``article`` in reading
        order (``published_at``, then ``pk``), either ``None`` at an end: one
        query, in which each side walks the reading-order index from the
        article's date and stops at the first row. Only what the links show
        is read.
        """
        moment, pk = article.published_at, article.pk
        previous_pk = (
            self.published(until=moment)
            .filter(Q(published_at__lt=moment) | Q(pk__lt=pk))
            .order_by("-published_at", "-pk")
            .values("pk")[:1]
        )
        next_pk = (
            self.published()
            .filter(published_at__gte=moment)
            .filter(Q(published_at__gt=moment) | Q(pk__gt=pk))
            .order_by("published_at", "pk")
            .values("pk")[:1]
        )
        found = list(
            self.model.objects.filter(Q(pk__in=previous_pk) | Q(pk__in=next_pk)).only(
                "slug", "title", "published_at"
            )
        )
        place = (moment, pk)
        before = next((o for o in found if (o.published_at, o.pk) < place), None)
        after = next((o for o in found if (o.published_at, o.pk) > place), None)
        return before, after


class Article(Authored):
    class Status(models.TextChoices):
        """What is stored: an editor's decision, which the clock never changes."""

        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    class PublicationState(models.TextChoices):
        """What the stored status and date amount to now (never stored)."""

        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            "Lower-case ASCII words joined by hyphens; part of the page address."
        ),
    )
    standfirst = models.TextField(
        _("standfirst"),
        blank=True,
        help_text=_("One or two sentences under the title: the news in brief."),
    )
    body = rich_text_field(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("When readers first see it; a future time schedules the article."),
    )
    events = models.ManyToManyField(
        Event, verbose_name=_("events"), blank=True, related_name="articles"
    )
    organizations = models.ManyToManyField(
        Organization,
        verbose_name=_("organisations mentioned"),
        blank=True,
        related_name="articles",
    )
    cover_image = images.ImageField(
        _("cover image"),
        upload_to="covers/",
        blank=True,
        width_field="cover_width",
        height_field="cover_height",
        help_text=_(
            "JPEG, PNG or WebP, at most 10 MB; turned upright and stripped of "
            "camera data (including location) when saved."
        ),
    )
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the image shows, for readers who cannot see it. Required in "
            "both languages when there is a cover image."
        ),
    )
    source_url = models.URLField(
        _("source address"),
        blank=True,
        help_text=_("The original page, where there is one."),
    )
    source_checksum = models.CharField(
        _("source checksum"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "SHA-256 of the imported document, so the same file is imported once."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    #: Raised when a record the article's page shows besides the article
    #: itself changes: with ``updated_at``, the key of the page's cached
    #: linked part (``articles.linked``).
    linked_version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        # Site-wide roles, declared here as the one model every editor uses:
        # they govern every translated model (``articles.workflow``).
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("translate_into_en", _("Can translate into English")),
            ("translate_into_zh_hans", _("Can translate into Simplified Chinese")),
        ]
        indexes = [
            # The reading order, with the status beside it: a page of news,
            # the articles either side of one, a year's worth and the count
            # of what is published all walk this one index from a date and
            # stop early, checking the status without reading the row. It
            # replaces an index on each column: the planner (SQLite without
            # statistics above all) took the one on the status for a
            # selective one and sorted every published article to show ten.
            models.Index(
                fields=["-published_at", "-id", "status"],
                name="article_reading_order",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source_checksum"],
                condition=~Q(source_checksum=""),
                name="article_source_imported_once",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published"]),
                name="article_status_is_draft_or_published",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_(
                    "A published or scheduled article needs a date."
                ),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:article-detail", kwargs={"slug": self.slug})

    def publication_state(self, now=None):
        """Draft, scheduled or published: ``ArticleQuerySet``'s rule, in Python."""
        if self.status != self.Status.PUBLISHED or self.published_at is None:
            return self.PublicationState.DRAFT
        if self.published_at > (now or timezone.now()):
            return self.PublicationState.SCHEDULED
        return self.PublicationState.PUBLISHED

    @property
    def is_published(self):
        return self.publication_state() == self.PublicationState.PUBLISHED

    @property
    def is_scheduled(self):
        return self.publication_state() == self.PublicationState.SCHEDULED

    def is_available_in(self, language=None):
        """Whether the article has its own text in ``language`` (no fallback)."""
        return bool(self.translated_value("title", language or get_language()))
