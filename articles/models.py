"""
The news domain: organisations, people, events, who took part in what, and the
articles that report on it.

Display fields (names, titles, bodies, roles, alt text) are translated through
django-modeltranslation (see ``translation.py``): each gets ``_en`` and
``_zh_hans`` columns. Slugs, dates and keys are not translated, so one URL
pattern serves both languages and the language toggle never meets a missing
slug.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_prose_editor.fields import ProseEditorField

from articles import images
from articles.languages import current as current_language
from articles.languages import field_suffix
from articles.languages import other as other_language

RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    "HardBreak": True,
}


def rich_text_field(verbose_name, **kwargs):
    """A rich-text body whose editor and server-side sanitiser share one allow-list."""
    return ProseEditorField(
        verbose_name,
        extensions=RICH_TEXT_EXTENSIONS,
        sanitize=True,
        blank=True,
        **kwargs,
    )


class Language(models.TextChoices):
    """The site's two languages, as a source language is chosen from them."""

    ENGLISH = "en", _("English")
    CHINESE = "zh-hans", _("Simplified Chinese")


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    DRAFT = "draft", _("Draft, awaiting review")
    REVIEWED = "reviewed", _("Reviewed")
    OUTDATED = "outdated", _("Outdated: the other language changed")


class Translated(models.Model):
    """
    Per-language editorial state of an object's translated fields.

    Kept apart from the text itself: modeltranslation falls back from one
    language to the other, so an empty Chinese title does not tell whether the
    translation is missing, waiting for review, or deliberately absent.

    Every subclass has a ``source_language``: a field of its own
    (``Authored``) or, for a participation, its event's.
    """

    translation_status_en = models.CharField(
        _("English text"),
        max_length=10,
        choices=TranslationStatus,
        default=TranslationStatus.REVIEWED,
        help_text=_("Set to Reviewed once an editor has checked the English text."),
    )
    translation_status_zh_hans = models.CharField(
        _("Chinese text"),
        max_length=10,
        choices=TranslationStatus,
        default=TranslationStatus.MISSING,
        help_text=_(
            "Draft while a translation awaits review (for example, a name whose "
            "Chinese characters are not confirmed); Reviewed once checked."
        ),
    )

    class Meta:
        abstract = True

    def translation_status(self, language=None):
        """The status of the text in ``language`` (the active one by default)."""
        return getattr(self, f"translation_status_{field_suffix(language)}")

    def translated_value(self, field, language):
        """The stored value of ``field`` in ``language``, without fallback."""
        return getattr(self, f"{field}_{field_suffix(language)}") or ""

    @property
    def translation_language(self):
        """The language this object's text is translated into: not its source."""
        return other_language(self.source_language)


class Authored(Translated):
    """
    Translated text that editors write first in one language, its *source*,
    and translators carry into the other. The source decides whose edit
    outdates whose text, which translators may change the object, and which
    language readers are told is a translation (``articles.workflow``).
    """

    source_language = models.CharField(
        _("source language"),
        max_length=7,
        choices=Language,
        default=Language.ENGLISH,
        help_text=_(
            "The language this is written in first; the other language's text "
            "is its translation. A change to the text in this language marks a "
            "reviewed translation Outdated."
        ),
    )

    class Meta:
        abstract = True


class Organization(Authored):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_('Full official name, e.g. "China Quality Certification Centre".'),
    )
    short_name = models.CharField(
        _("short name"),
        max_length=40,
        blank=True,
        help_text=_('Abbreviation as used in the news, e.g. "CQC", "CSTM", "JQA".'),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_(
            "Lower-case ASCII words joined by hyphens; part of the page address."
        ),
    )
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences readers see on the organisation's page."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="branches",
        help_text=_("For a branch or department: the organisation it belongs to."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="organization_not_own_parent"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:organization-detail", kwargs={"slug": self.slug})


class Alias(models.Model):
    """Another way the news writes a name ("Wang Haizhou" for "Haizhou Wang")."""

    name = models.CharField(
        _("alias"),
        max_length=200,
        unique=True,
        help_text=_("Used to link names when press releases are imported."),
    )

    class Meta:
        abstract = True
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self):
        return self.name


class OrganizationAlias(Alias):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    class Meta(Alias.Meta):
        pass


class Person(Authored):
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "As written in this language. In Chinese, use confirmed characters "
            "only; otherwise keep the romanised name and leave the Chinese text "
            "as Draft for review."
        ),
    )
    honorific = models.CharField(
        _("honorific"),
        max_length=60,
        blank=True,
        help_text=_('Shown before the name, e.g. "Academician", "Mdm.", "Mr.".'),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    photo = images.ImageField(
        _("photo"),
        upload_to="people/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
        help_text=_("JPEG, PNG or WebP; turned upright and stripped of camera data."),
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:person-detail", kwargs={"slug": self.slug})

    @property
    def own_honorific(self):
        """
        The honorific written in the active language, or "". Never borrowed
        from the other language, as a translated field otherwise would be:
        official Chinese gives no "女士" after a romanised name such as
        "Lu Mei", and an English "Mdm." has no place after any Chinese one.
        """
        return getattr(self, f"honorific_{field_suffix()}") or ""

    @property
    def display_name(self):
        """
        The name with its honorific, placed as the active language places it:
        "Academician Haizhou Wang", but "王海舟院士"; a language that gives no
        honorific shows the name alone ("Mdm. Lu Mei", but "Lu Mei").
        """
        honorific = self.own_honorific
        if not honorific:
            return self.name
        if current_language().startswith("zh"):
            return f"{self.name}{honorific}"
        return f"{honorific} {self.name}"


class PersonAlias(Alias):
    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("person"),
    )

    class Meta(Alias.Meta):
        pass


class EventQuerySet(models.QuerySet):
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


class Page(Authored):
    """A standing page linked from the footer ("Introduction of Website", …)."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    body = rich_text_field(_("body"))
    footer_order = models.PositiveSmallIntegerField(
        _("footer position"),
        default=0,
        help_text=_("Pages are listed in the footer in this order."),
    )

    class Meta:
        ordering = ["footer_order", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:page-detail", kwargs={"slug": self.slug})


class Correction(models.Model):
    """
    A dated note telling readers what was corrected in a published article,
    shown under it: a correction is owned up to, never made silently.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("article"),
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    note = models.TextField(
        _("correction"),
        help_text=_(
            'What was wrong and what it now says, e.g. "An earlier version gave '
            'the date of the forum as 13 July; it was 14 July."'
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.article} ({self.date})"


class Revision(models.Model):
    """
    One saved state of an article: who saved it, when, which fields changed,
    and a JSON snapshot of every field in both languages (relations as ids),
    from which an editor can compare and restore. See ``articles.revisions``.
    """

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("article"),
    )
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    restored_from = models.PositiveIntegerField(
        _("restored from version"), null=True, blank=True
    )
    snapshot = models.JSONField(_("snapshot"))
    changed_fields = models.JSONField(_("changed fields"), default=list)

    class Meta:
        ordering = ["article", "-number"]
        get_latest_by = "number"
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="revision_number_once_per_article"
            ),
        ]

    def __str__(self):
        return f"{self.article} #{self.number}"
