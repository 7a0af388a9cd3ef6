"""Standing pages, such as the site's introduction, linked from the footer."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.models.base import Authored, rich_text_field


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
