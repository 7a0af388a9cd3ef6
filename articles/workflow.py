"""
The editorial rules that hold however an article is saved: by the admin, the
importer, a fixture or the shell.

- Rich text is sanitised (``articles.richtext``), for every model that has it.
- Publication: an article stores "draft" or "published" and its date; a
  published article whose date is ahead is *scheduled* and goes live by
  itself (``Article.objects.published()`` needs no job to run). Publishing
  without a date publishes now.
- Source language: each item is written first in its ``source_language``
  ("en" or "zh-hans") and translated into the other one
  (``translation_language()``). When the source text of an item whose
  translation was reviewed changes, the translation becomes "outdated" until
  a translator reviews it again; readers of the translation are told so
  meanwhile. In either direction: an edit to the Chinese of a Chinese-source
  article outdates its English.
- Roles: who may publish is one permission, ``articles.publish_article``
  (the Editors group): with it, a user changes everything. Without it, a
  user changes only translations, and only into the languages they hold a
  translating permission for (``articles.translate_into_en``,
  ``articles.translate_into_zh_hans``; the groups "Translators into English"
  and "Translators into Chinese"): an English translator edits the English
  text and its status of Chinese-source items, and nothing of English-source
  ones; a Chinese translator the reverse.
"""

from django.db.models import Q
from django.utils import timezone

from articles import richtext
from articles.languages import field_suffix
from articles.languages import other as other_language
from articles.models import (
    Article,
    Event,
    Language,
    Organization,
    Page,
    Participation,
    Person,
    TranslationStatus,
)

PUBLISH_PERMISSION = "articles.publish_article"

#: The source language of an item that does not say (a new, unsaved one).
DEFAULT_SOURCE_LANGUAGE = Language.ENGLISH

# The text of each model whose translation can fall behind its source; the
# first field is the one without which there is no text in a language.
SOURCE_TEXT_FIELDS = {
    Article: ("title", "standfirst", "body"),
    Page: ("title", "body"),
    Event: ("name", "city", "venue", "summary"),
    Person: ("name", "honorific"),
    Organization: ("name", "description"),
    Participation: ("role",),
}

#: Statuses that mean a translation is waiting for a translator.
WAITING = (
    TranslationStatus.MISSING,
    TranslationStatus.DRAFT,
    TranslationStatus.OUTDATED,
)


# Languages ------------------------------------------------------------------


def translation_language(source_language):
    """The language an item written in ``source_language`` is translated into."""
    return other_language(source_language)


def source_language_of(obj):
    """
    The source language of ``obj``, or the default for ``None`` (an add page)
    and for objects without one of their own (a correction has its article's,
    which the admin passes instead).
    """
    return getattr(obj, "source_language", None) or DEFAULT_SOURCE_LANGUAGE


def status_field(language):
    """The column holding the translation status of ``language``'s text."""
    return f"translation_status_{field_suffix(language)}"


def new_draft_statuses(source_language):
    """
    The statuses of an item just written in ``source_language`` and not yet
    reviewed or translated (as the importer creates them), as keyword
    arguments for the model: its source text a draft, its translation missing.
    """
    return {
        status_field(source_language): TranslationStatus.DRAFT,
        status_field(translation_language(source_language)): TranslationStatus.MISSING,
    }


def needs_translation(language, source_lookup="source_language"):
    """
    A ``Q`` for the items waiting to be translated into ``language``: those
    written in the other language whose ``language`` text is missing, a draft
    or outdated. ``source_lookup`` reaches the source language from the model
    filtered ("event__source_language" for participations).
    """
    return ~Q(**{source_lookup: language}) & Q(
        **{f"{status_field(language)}__in": WAITING}
    )


# Roles ----------------------------------------------------------------------


def translate_permission(language):
    """The permission to translate into ``language``: "articles.translate_into_en"."""
    return f"articles.translate_into_{field_suffix(language)}"


def can_publish(user):
    """Whether ``user`` may publish, schedule, unpublish and edit everything."""
    return user.has_perm(PUBLISH_PERMISSION)


def can_translate_into(user, language):
    """Whether ``user`` may write and review translations into ``language``."""
    return user.has_perm(translate_permission(language))


def translator_fields(form_fields, user, source_language):
    """
    Of ``form_fields``, those ``user`` (a translator, without the publishing
    permission) may change on an item written in ``source_language``: the
    text and status of its translation language, if the user translates
    into that language; otherwise none.
    """
    language = translation_language(source_language)
    if not can_translate_into(user, language):
        return []
    suffix = f"_{field_suffix(language)}"
    return [name for name in form_fields if name.endswith(suffix)]


# Publication ----------------------------------------------------------------


def publication(status, published_at, now=None):
    """
    ``(status, published_at)`` made complete: an article published without a
    date is published now. A date ahead is kept as it is: the article is
    scheduled by that alone (``Article.publication_state``).
    """
    if status == Article.Status.PUBLISHED and published_at is None:
        return status, now or timezone.now()
    return status, published_at


def unpublish(article):
    """
    Take ``article`` back to draft: readers no longer see it. Its date is
    kept, so publishing it again restores its place in the news.
    """
    article.status = Article.Status.DRAFT
    article.save()


# Translation ----------------------------------------------------------------


def mark_translation_outdated(instance, fields):
    """
    Mark the translation of ``instance`` outdated when its source text in
    ``fields`` differs from what is stored and the translation had been
    reviewed: whichever language the source is.
    """
    if instance.pk is None:
        return
    source = source_language_of(instance)
    status = status_field(translation_language(source))
    if getattr(instance, status) != TranslationStatus.REVIEWED:
        return
    columns = [f"{name}_{field_suffix(source)}" for name in fields]
    stored = (
        type(instance)._base_manager.filter(pk=instance.pk).values(*columns).first()
    )
    if stored is None:
        return
    if any(
        (stored[column] or "") != (getattr(instance, column) or "")
        for column in columns
    ):
        setattr(instance, status, TranslationStatus.OUTDATED)


def mark_empty_translation_missing(instance, field):
    """
    A translation without text is missing, whatever its status says: a new
    Chinese-source item must not keep the model's default "reviewed" for an
    English text nobody wrote. ``field`` is the one without which there is
    no text (the title or the name).
    """
    language = translation_language(source_language_of(instance))
    if not instance.translated_value(field, language).strip():
        setattr(instance, status_field(language), TranslationStatus.MISSING)


def before_save(sender, instance, raw, **kwargs):
    """
    The rules above, before each save of a model with translated text
    (``pre_save`` of each model of ``SOURCE_TEXT_FIELDS``, connected in
    ``articles.signals``).
    """
    richtext.sanitise(instance)
    if raw:
        return
    if sender is Article:
        instance.status, instance.published_at = publication(
            instance.status, instance.published_at
        )
    if sender in SOURCE_TEXT_FIELDS:
        fields = SOURCE_TEXT_FIELDS[sender]
        mark_translation_outdated(instance, fields)
        if sender is not Participation:  # a role may be left blank on purpose
            mark_empty_translation_missing(instance, fields[0])
