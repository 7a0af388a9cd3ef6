"""People in the news, their names with honorifics, and their other names."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles import images
from articles.languages import current as current_language
from articles.languages import field_suffix
from articles.models.base import Alias, Authored


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
