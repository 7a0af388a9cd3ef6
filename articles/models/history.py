"""
An article's past as readers are told it: corrections. Its versions, for
editors, are kept by django-reversion (``articles.revisions``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models.articles import Article


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
