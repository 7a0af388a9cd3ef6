"""Organisations, their branches, and the other names the news gives them."""

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from articles.models.base import Alias, Authored


class OrganizationQuerySet(models.QuerySet):
    def for_detail(self):
        """
        An organisation as its page shows it first: with its parent. Its
        branches are read with its lists, a part of the page kept rendered
        (``articles.parts``).
        """
        return self.select_related("parent")


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

    objects = OrganizationQuerySet.as_manager()

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


class OrganizationAlias(Alias):
    organization = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    class Meta(Alias.Meta):
        pass
