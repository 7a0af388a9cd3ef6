"""
The editorial rules that hold however an article is saved: by the admin, the
importer, a fixture or the shell.

- Rich text is sanitised (``articles.richtext``), for every model that has it.
- Publication: "published" with a future date becomes "scheduled" (it goes
  live by itself: ``Article.objects.published()`` needs no job to run), and
  publishing without a date publishes now.
- Translation: when the English text of a reviewed translation changes, the
  Chinese translation becomes "outdated" until a translator reviews it again;
  readers of the Chinese page are told so meanwhile.
- Roles: who may publish is one permission, ``articles.publish_article``
  (the Editors group has it, the Translators group does not). Without it, a
  user edits the Chinese text and its status, nothing else.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from articles import richtext
from articles.languages import field_suffix
from articles.models import Article, Page, TranslationStatus

PUBLISH_PERMISSION = "articles.publish_article"

SOURCE_LANGUAGE = "en"
TRANSLATION_LANGUAGE = "zh-hans"

# The source text of each model whose translation can fall behind it.
SOURCE_TEXT_FIELDS = {
    Article: ("title", "standfirst", "body"),
    Page: ("title", "body"),
}


def can_publish(user):
    """Whether ``user`` may publish, schedule, unpublish and edit the English text."""
    return user.has_perm(PUBLISH_PERMISSION)


def translator_fields(form_fields):
    """
    Of ``form_fields``, those a translator may change: the Chinese text and
    the Chinese translation status.
    """
    suffix = f"_{field_suffix(TRANSLATION_LANGUAGE)}"
    return [name for name in form_fields if name.endswith(suffix)]


def publication(status, published_at, now=None):
    """
    ``(status, published_at)`` made to agree: a "published" article with a
    future date is "scheduled", and one published without a date is
    published now. A "scheduled" article without a date is left for the form
    (or the database constraint) to refuse: publishing it now would be
    publishing by accident.
    """
    if status != Article.Status.PUBLISHED:
        return status, published_at
    now = now or timezone.now()
    if published_at is None:
        return status, now
    if published_at > now:
        return Article.Status.SCHEDULED, published_at
    return status, published_at


def unpublish(article):
    """
    Take ``article`` back to draft: readers no longer see it. Its date is
    kept, so publishing it again restores its place in the news.
    """
    article.status = Article.Status.DRAFT
    article.save()


def mark_translation_outdated(instance, fields):
    """
    Mark the Chinese translation outdated when the English text in ``fields``
    differs from what is stored and the translation had been reviewed.
    """
    status_field = f"translation_status_{field_suffix(TRANSLATION_LANGUAGE)}"
    if (
        instance.pk is None
        or getattr(instance, status_field) != TranslationStatus.REVIEWED
    ):
        return
    columns = [f"{name}_{field_suffix(SOURCE_LANGUAGE)}" for name in fields]
    stored = (
        type(instance)._base_manager.filter(pk=instance.pk).values(*columns).first()
    )
    if stored is None:
        return
    if any(
        (stored[column] or "") != (getattr(instance, column) or "")
        for column in columns
    ):
        setattr(instance, status_field, TranslationStatus.OUTDATED)


@receiver(pre_save, dispatch_uid="articles.workflow.before_save")
def before_save(sender, instance, raw, **kwargs):
    richtext.sanitise(instance)
    if sender is Article and not raw:
        instance.status, instance.published_at = publication(
            instance.status, instance.published_at
        )
    if sender in SOURCE_TEXT_FIELDS and not raw:
        mark_translation_outdated(instance, SOURCE_TEXT_FIELDS[sender])
