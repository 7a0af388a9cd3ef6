"""
The admin's article forms, with the checks an editor's save must pass.

``VersionCheckedForm`` is the optimistic lock: the form carries the number of
the revision it was loaded from, and a save is refused when another one landed
meanwhile, with the fields that changed and their new values, so that nothing
is overwritten silently. The refused form keeps everything the editor typed
and now carries the latest number: saving again, having read the other
changes, is a deliberate choice.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.fields import TranslationField

from articles import comparing, revisions, workflow
from articles.languages import field_suffix
from articles.models import Article, Authored, TranslationStatus

LANGUAGES_IN_ORDER = ("en", "zh-hans")
# How much of another editor's text a refusal quotes: the field is named in
# full, and the history has the rest.
QUOTED_LENGTH = 200


class SourceTextForm(forms.ModelForm):
    """
    The admin form of an item with a source language: its title (or name) is
    required in that language, English or Chinese. modeltranslation would
    require it in English, the default language, whatever the item's source:
    ``TranslatedAdmin`` lifts that, and this form puts the requirement where
    it belongs, so a Chinese-first article is saved without any English.
    """

    def clean(self):
        cleaned_data = super().clean()
        model = self._meta.model
        if not issubclass(model, Authored):
            return cleaned_data
        source = cleaned_data.get("source_language") or workflow.source_language_of(
            self.instance
        )
        name = f"{workflow.SOURCE_TEXT_FIELDS[model][0]}_{field_suffix(source)}"
        value = cleaned_data.get(name)
        if name in self.fields and not (value and value.strip()):
            self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned_data


class VersionCheckedForm(forms.ModelForm):
    """A model form for an article that refuses to overwrite a newer save."""

    loaded_revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["loaded_revision"].initial = revisions.latest_number(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_revision")
        if self.instance.pk is None or loaded is None:
            return cleaned_data
        # Lock the row for the rest of the save's transaction (PostgreSQL;
        # SQLite's IMMEDIATE transactions already write one at a time).
        Article.objects.select_for_update().filter(pk=self.instance.pk).exists()
        newer = revisions.changes_since(self.instance, loaded)
        if newer:
            self._carry_latest(newer[-1].number)
            raise ValidationError(conflict_messages(newer))
        return cleaned_data

    def _carry_latest(self, number):
        """Render the refused form with the latest number, for a deliberate resave."""
        self.data = self.data.copy()
        self.data[self.add_prefix("loaded_revision")] = number


def conflict_messages(newer):
    """What an editor is told when ``newer`` revisions landed since the form loaded."""
    latest = newer[-1]
    editors = sorted(
        {str(revision.created_by or _("the system")) for revision in newer}
    )
    names = []
    for revision in newer:
        names.extend(name for name in revision.changed_fields if name not in names)
    messages = [
        _(
            "This article was changed by %(editors)s since you opened it, so your "
            "changes were not saved. Your text is still in the form below: compare "
            "it with theirs, keep what is right, and save again."
        )
        % {"editors": ", ".join(editors)}
    ]
    for name in names:
        value = comparing.display_value(name, latest.snapshot.get(name))
        messages.append(
            _("%(field)s is now: %(value)s")
            % {
                "field": revisions.field_label(name),
                "value": Truncator(value).chars(QUOTED_LENGTH),
            }
        )
    return messages


def require_cover_descriptions(form, cleaned_data, languages):
    """
    An article with a cover image describes it in each of ``languages``: the
    description is what a reader who cannot see the picture gets instead.
    """
    image = cleaned_data.get("cover_image", form.instance.cover_image)
    if not image:
        return
    for language in languages:
        name = f"cover_alt_{field_suffix(language)}"
        value = cleaned_data.get(name, getattr(form.instance, name))
        if value and value.strip():
            continue
        message = _(
            "Describe the cover image in %(language)s for readers who cannot see it."
        ) % {"language": revisions.LANGUAGE_NAMES[language]}
        form.add_error(name if name in form.fields else None, message)


class ArticleAdminForm(SourceTextForm, VersionCheckedForm):
    """
    The article change form: the version check, alt text in both languages
    for a cover image, and a date for a scheduled article. The admin gives
    it its model and fields.

    The status offers "Scheduled" beside "Draft" and "Published", as editors
    think of it, though only draft or published is stored: "Scheduled" is
    "Published" with a date ahead, and insists on that date, so that an
    editor who meant to schedule never publishes now by forgetting it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields:
            stored = self.fields["status"]
            self.fields["status"] = forms.ChoiceField(
                label=stored.label,
                initial=stored.initial,
                choices=Article.PublicationState.choices,
                help_text=gettext_lazy(
                    "Scheduled: published by itself at the publication date."
                ),
            )
            if self.instance.pk is not None:
                self.initial["status"] = self.instance.publication_state()

    def clean(self):
        cleaned_data = super().clean()
        require_cover_descriptions(self, cleaned_data, LANGUAGES_IN_ORDER)
        if "status" in self.fields and "published_at" in self.fields:
            self._clean_publication(cleaned_data)
        return cleaned_data

    def _clean_publication(self, cleaned_data):
        """
        Apply the publication rules before the model's constraints are checked,
        so that "published" without a date is published now, not refused, and
        store what "scheduled" means: published, at its date.
        """
        status = cleaned_data.get("status")
        published_at = cleaned_data.get("published_at")
        if status == Article.PublicationState.SCHEDULED:
            if published_at is None:
                self.add_error(
                    "published_at",
                    _("A scheduled article needs the time it goes live."),
                )
                return
            status = Article.Status.PUBLISHED
        if status:
            cleaned_data["status"], cleaned_data["published_at"] = workflow.publication(
                status, published_at
            )


#: The fields of an article's text in each language, as the translator's
#: page edits them.
TRANSLATED_ARTICLE_FIELDS = ("title", "standfirst", "body", "cover_alt")


class TranslationForm(VersionCheckedForm):
    """
    The translator's side-by-side form: the text and status of the article's
    translation language only, the one that is not its source.
    """

    class Meta:
        model = Article
        fields = [
            f"{name}_{field_suffix(language)}"
            for language in LANGUAGES_IN_ORDER
            for name in (*TRANSLATED_ARTICLE_FIELDS, "translation_status")
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language = workflow.translation_language(self.instance.source_language)
        suffix = f"_{field_suffix(self.language)}"
        for name in list(self.fields):
            if name != "loaded_revision" and not name.endswith(suffix):
                del self.fields[name]
        # The page heads the column with the language: the labels need not.
        for name in self._meta.fields:
            if name not in self.fields:
                continue
            model_field = Article._meta.get_field(name)
            if isinstance(model_field, TranslationField):
                label = capfirst(model_field.translated_field.verbose_name)
                self.fields[name].label = label
        self.status_field = workflow.status_field(self.language)
        self.cover_alt_field = f"cover_alt{suffix}"
        self.fields[self.status_field].label = _("Translation status")

    def clean(self):
        cleaned_data = super().clean()
        status = cleaned_data.get(self.status_field)
        title = f"title_{field_suffix(self.language)}"
        if status == TranslationStatus.REVIEWED and not cleaned_data.get(title):
            self.add_error(
                self.status_field,
                _("A translation without a title in %(language)s cannot be reviewed.")
                % {"language": revisions.LANGUAGE_NAMES[self.language]},
            )
        require_cover_descriptions(self, cleaned_data, [self.language])
        return cleaned_data
