"""
What every translated model shares: the site's two languages, the editorial
state of each language's text, the source language an editor writes first, and
the rich-text body with the one allow-list its editor and sanitiser share.

Display fields (names, titles, bodies, roles, alt text) are translated through
django-modeltranslation (see ``articles/translation.py``): each gets ``_en``
and ``_zh_hans`` columns. Slugs, dates and keys are not translated, so one URL
pattern serves both languages and the language toggle never meets a missing
slug.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField

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


class ListQuerySet(models.QuerySet):
    """A list of which a page shows the first few, with a link to the rest."""

    def head(self, count):
        """
        The first ``count`` items and whether there are more, read in one
        query: one item more than is shown, not a count of them all.
        """
        found = list(self[: count + 1])
        return found[:count], len(found) > count


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
