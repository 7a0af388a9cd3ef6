"""
Versions of articles: every save that changes an article keeps a ``Revision``.

A revision holds a JSON snapshot of the article's editable fields in both
languages (``title_en``, ``title_zh_hans``…) and of its relations as ids, the
names of the fields that changed since the previous revision, who saved it and
when. Snapshots are what editors compare and restore, and the revision number
is the version an edit form was loaded from (see ``articles.forms``): a save
whose form was loaded from an older number than the latest is refused.

Saves are recorded by signals (connected in ``articles.signals``), so the
importer and the shell keep versions too.
A save and the relations set after it (the admin saves the article, then its
many-to-many fields) belong in one revision: code that does several writes
wraps them in ``recording(user)``, which records once per article at the end.
"""

import datetime
import difflib
import html
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import FileField
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField

from articles.models import Article, Revision

LANGUAGE_NAMES = dict(settings.LANGUAGES)

# Restoring brings back what an article said, never whether or when it is
# published, nor its address: those change only when an editor sets them.
NOT_RESTORED = frozenset({"status", "published_at", "slug"})

_pending = ContextVar("pending_revisions", default=None)


def tracked_fields():
    """
    The fields a snapshot holds: every editable column, per language where it
    is translated (the untranslated original ``title`` mirrors one of them),
    then the many-to-many relations.
    """
    fields = Article._meta.concrete_fields
    originals = {
        f.translated_field.name for f in fields if isinstance(f, TranslationField)
    }
    columns = [
        field
        for field in fields
        if field.editable and not field.primary_key and field.name not in originals
    ]
    return [*columns, *Article._meta.many_to_many]


def field_label(name):
    """How an editor knows the field ``name``: "Title (Simplified Chinese)"."""
    try:
        field = Article._meta.get_field(name)
    except FieldDoesNotExist:  # kept by an old version, removed from the model since
        return name
    if name.startswith("translation_status_"):
        language = name.removeprefix("translation_status_").replace("_", "-")
        return _("Translation status (%(language)s)") % {
            "language": LANGUAGE_NAMES[language]
        }
    if isinstance(field, TranslationField):
        name = capfirst(field.translated_field.verbose_name)
        return f"{name} ({LANGUAGE_NAMES[field.language]})"
    return capfirst(field.verbose_name)


def snapshot(article):
    """The article's tracked fields as JSON-ready values, read from ``article``."""
    values = {}
    for field in tracked_fields():
        if field.many_to_many:
            values[field.name] = sorted(
                getattr(article, field.name).values_list("pk", flat=True)
            )
            continue
        value = field.value_from_object(article)
        if isinstance(value, FieldFile):
            value = value.name or ""
        elif isinstance(value, datetime.datetime):
            value = value.isoformat()
        values[field.name] = value
    return values


def _blank(value):
    return None if value in ("", [], None) else value


def changed_fields(before, after):
    """The names of the fields whose values differ between two snapshots."""
    return [
        name for name in after if _blank(before.get(name)) != _blank(after.get(name))
    ]


def latest_number(article):
    """The number of the article's latest revision, 0 when it has none yet."""
    if article.pk is None:
        return 0
    latest = article.revisions.order_by("-number").values_list("number", flat=True)
    return latest.first() or 0


def record(article, *, user=None, restored_from=None):
    """
    Keep the article's present state as a new revision, unless nothing
    tracked changed since the latest one. Returns the revision, or None.
    """
    latest = article.revisions.order_by("-number").first()
    state = snapshot(article)
    changed = changed_fields(latest.snapshot if latest else {}, state)
    if latest is not None and not changed:
        return None
    return Revision.objects.create(
        article=article,
        number=(latest.number if latest else 0) + 1,
        created_by=user if user is not None and user.is_authenticated else None,
        restored_from=restored_from,
        snapshot=state,
        changed_fields=changed,
    )


@contextmanager
def recording(user=None, *, restored_from=None):
    """
    Record the articles saved inside the block once each, as ``user``, when
    the block ends without an error (nothing is recorded for a rolled-back
    change).
    """
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for article in pending.values():
        record(article, user=user, restored_from=restored_from)


def _saved(article):
    pending = _pending.get()
    if pending is None:
        record(article)
    else:
        pending[article.pk] = article


def article_saved(sender, instance, **kwargs):
    """An article saved (``post_save``, connected in ``articles.signals``)."""
    _saved(instance)


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An article's links changed (``m2m_changed``, in ``articles.signals``)."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        _saved(instance)
    elif pk_set:
        for article in Article.objects.filter(pk__in=pk_set):
            _saved(article)


def changes_since(article, number):
    """The revisions of ``article`` saved after revision ``number``, oldest first."""
    return list(
        article.revisions.filter(number__gt=number)
        .select_related("created_by")
        .order_by("number")
    )


def restore(revision, *, user):
    """
    Bring the article back to what ``revision`` says, as a new revision: the
    history keeps both the restored state and the one it replaced.

    Publication status, date and address are kept as they are (``NOT_RESTORED``);
    relations to objects deleted since are dropped.
    """
    article = Article.objects.get(pk=revision.article_id)
    relations = {}
    with transaction.atomic(), recording(user, restored_from=revision.number):
        for field in tracked_fields():
            if field.name in NOT_RESTORED or field.name not in revision.snapshot:
                continue
            value = revision.snapshot[field.name]
            if field.many_to_many:
                relations[field] = value
            elif field.get_internal_type() == "DateTimeField":
                setattr(article, field.attname, value and parse_datetime(value))
            elif (
                isinstance(field, FileField)
                and value
                and not field.storage.exists(value)
            ):
                continue  # the picture was deleted since: keep the present one
            else:
                setattr(article, field.attname, value)
        article.save()
        for field, ids in relations.items():
            model = field.remote_field.model
            getattr(article, field.name).set(model.objects.filter(pk__in=ids))
    return article


# Comparing -----------------------------------------------------------------

_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote|tr|figcaption)>|<br\s*/?>", re.I)
# Words, runs of space, or single characters: Chinese is compared character
# by character, since it does not separate its words with spaces.
_TOKEN = re.compile(r"[A-Za-z0-9_]+|\s+|.", re.S)


def plain_text(value):
    """Rich text as the reader reads it: one line per block, no markup."""
    text = _BLOCK_END.sub(lambda match: match.group(0) + "\n", value or "")
    return html.unescape(strip_tags(text)).strip()


def _marked(tokens, tag):
    return format_html("<{}>{}</{}>", tag, "".join(tokens), tag)


def text_diff(old, new):
    """
    ``(old, new)`` as HTML with what was removed in ``<del>`` and what was
    added in ``<ins>``, word by word (character by character in Chinese).
    """
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    old_parts, new_parts = [], []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for operation, a1, a2, b1, b2 in matcher.get_opcodes():
        if operation == "equal":
            old_parts.append(format_html("{}", "".join(before[a1:a2])))
            new_parts.append(format_html("{}", "".join(after[b1:b2])))
            continue
        if a2 > a1:
            old_parts.append(_marked(before[a1:a2], "del"))
        if b2 > b1:
            new_parts.append(_marked(after[b1:b2], "ins"))
    return _joined(old_parts), _joined(new_parts)


def _joined(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


def display_value(name, value):
    """A snapshot value as an editor reads it, in the active language."""
    try:
        field = Article._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    if field.many_to_many:
        objects = field.remote_field.model.objects.filter(pk__in=value or [])
        return ", ".join(str(obj) for obj in objects) or "—"
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "DateTimeField":
        return date_format(timezone.localtime(parse_datetime(value)), "DATETIME_FORMAT")
    if field.get_internal_type() == "TextField":
        return plain_text(value)
    return str(value)


@dataclass
class FieldChange:
    """One field of a comparison: its label and both values, marked up."""

    name: str
    label: str
    old: str
    new: str


def compare(old_snapshot, new_snapshot):
    """The fields that differ between two snapshots, in form order, marked up."""
    changes = []
    for name in changed_fields(old_snapshot, new_snapshot):
        old = display_value(name, old_snapshot.get(name))
        new = display_value(name, new_snapshot.get(name))
        old_html, new_html = text_diff(old, new)
        changes.append(FieldChange(name, field_label(name), old_html, new_html))
    return changes


def describe(revision):
    """A revision in a sentence of the history list."""
    who = revision.created_by or _("the system")
    when = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
    if revision.restored_from:
        return _(
            "Version %(number)s, %(when)s, by %(who)s: restored version %(old)s"
        ) % {
            "number": revision.number,
            "when": when,
            "who": who,
            "old": revision.restored_from,
        }
    return _("Version %(number)s, %(when)s, by %(who)s") % {
        "number": revision.number,
        "when": when,
        "who": who,
    }
