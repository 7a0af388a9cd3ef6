"""
Versions of articles, kept by django-reversion: every save that changes an
article stores a reversion ``Version`` of it, in a ``Revision`` that says who
saved it and when. This module is the project's side of it: what a version
holds, the numbers editors know versions by, and the comparing and restoring
the admin shows.

A version holds the article's editable fields in both languages
(``title_en``, ``title_zh_hans``…) and its links as ids, as JSON that reads
the same for the same record (``articles.stable_json``), so that two
versions, or a version and the article as it is, compare field by field.

A version's number is its place in the article's history, from 1: the
admin's addresses use it (compare a with b, restore n), and so does an edit
form, for the version it was loaded from (``articles.forms``): a save whose
form was loaded from an older number than the latest is refused. Numbers are
places, so an article's versions are never pruned (reversion's
``deleterevisions`` would renumber them).

A save and the relations set after it (the admin saves the article, then its
many-to-many fields) belong in one version: code that does several writes
wraps them in ``recording(user)``, reversion's revision block. Reversion
records what is saved inside a block; the receivers below (connected in
``articles.signals``) record what it leaves out, so that the importer and the
shell keep versions too: a save outside any block, as a version of its own,
and links set from the other side (``event.articles.add(article)``).
"""

import json
import re
from contextlib import contextmanager
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.db.models import FileField
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from reversion.models import Version

from articles.models import Article

LANGUAGE_NAMES = dict(settings.LANGUAGES)

# Restoring brings back what an article said, never whether or when it is
# published, nor its address: those change only when an editor sets them.
NOT_RESTORED = frozenset({"status", "published_at", "slug"})

FORMAT = "stable-json"

# The comment on a restore's revision. Written in English whatever the
# editor's language, so that it reads back: ``describe`` says it in the
# language of whoever reads the history.
RESTORED = "Restored version {number}"
_RESTORED = re.compile(r"Restored version (\d+)")


def tracked_fields():
    """
    The fields a version holds: every editable column, per language where it
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


def register():
    """
    Keep versions of articles with django-reversion (called once, by
    ``articles.signals.connect()``). A save that changes nothing a version
    holds keeps none (``ignore_duplicates``), which is why versions are
    written in ``articles.stable_json``: the same links in any language.

    Nothing is followed. An article's events and organisations are linked
    through tables Django makes itself, so their ids are in the article's own
    version already; following them would copy whole events and organisations
    into every version of every article naming them, and reverting would roll
    back what was since edited on their own pages. Corrections stay out too:
    a correction is owned up to, and restoring an old text never removes one.
    """
    serializers.register_serializer(FORMAT, "articles.stable_json")
    reversion.register(
        Article,
        fields=[field.name for field in tracked_fields()],
        format=FORMAT,
        ignore_duplicates=True,
    )


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


def stored_values(serialized_data):
    """
    The fields of a version's JSON, by name, as stored: fields removed from
    the model since are kept, so that an old version still shows them.
    """
    (record,) = json.loads(serialized_data)
    return record["fields"]


def snapshot(article):
    """The article as a version holds it, read from ``article`` (links saved)."""
    fields = [field.name for field in tracked_fields()]
    return stored_values(serializers.serialize(FORMAT, (article,), fields=fields))


def _blank(value):
    return None if value in ("", [], None) else value


def changed_fields(before, after):
    """The names of the fields whose values differ between two snapshots."""
    return [
        name for name in after if _blank(before.get(name)) != _blank(after.get(name))
    ]


@dataclass
class ArticleVersion:
    """
    One of an article's versions as editors know it: reversion's ``Version``
    with its number, what it holds, and the fields that changed since the
    version before.
    """

    number: int
    version: Version
    snapshot: dict
    changed_fields: list

    @property
    def created_by(self):
        return self.version.revision.user

    @property
    def created_at(self):
        return self.version.revision.date_created

    @property
    def restored_from(self):
        """The number of the version this one brought back, if it did."""
        match = _RESTORED.fullmatch(self.version.revision.comment)
        return int(match[1]) if match else None


def _numbered(article, first, last=None):
    """
    The versions of ``article`` numbered ``first`` to ``last`` (the latest
    when None), oldest first; the one before ``first`` is read too, for what
    changed since.
    """
    start = max(first - 2, 0)
    rows = (
        Version.objects.get_for_object(article)
        .select_related("revision__user")
        .order_by("pk")[start:last]
    )
    versions, previous = [], {}
    for number, row in enumerate(rows, start + 1):
        state = stored_values(row.serialized_data)
        if number >= first:
            versions.append(
                ArticleVersion(number, row, state, changed_fields(previous, state))
            )
        previous = state
    return versions


def latest_number(article):
    """The number of the article's latest version, 0 when it has none yet."""
    if article.pk is None:
        return 0
    return Version.objects.get_for_object(article).count()


def get_version(article, number):
    """Version ``number`` of ``article``, or None when there is no such version."""
    if number < 1:
        return None
    found = _numbered(article, number, number)
    return found[0] if found else None


def history(article, length):
    """The latest ``length`` versions of ``article``, newest first."""
    first = max(latest_number(article) - length + 1, 1)
    return _numbered(article, first)[::-1]


def changes_since(article, number):
    """The versions of ``article`` saved after version ``number``, oldest first."""
    return _numbered(article, number + 1)


@contextmanager
def recording(user=None, *, comment=""):
    """
    Record the articles saved inside the block as one revision, by ``user``,
    when the block ends without an error. The block is atomic: one that fails
    leaves neither its changes nor a version.
    """
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        if comment:
            reversion.set_comment(comment)
        yield


def _keep(articles):
    with reversion.create_revision():
        for article in articles:
            reversion.add_to_revision(article)


def article_saved(sender, instance, **kwargs):
    """
    An article saved (``post_save``, connected in ``articles.signals``):
    outside a revision block, a version of its own. Inside one, reversion
    records it itself.
    """
    if not reversion.is_active():
        _keep([instance])


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """
    An article's links changed (``m2m_changed``, in ``articles.signals``).
    Reversion records the article's own side inside a revision block; this
    records that side outside one, and the other side's changes anywhere.
    """
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        if not reversion.is_active():
            _keep([instance])
    elif pk_set:
        _keep(Article.objects.filter(pk__in=pk_set))


def restore(version, *, user):
    """
    Bring the article back to what ``version`` (an ``ArticleVersion``) says,
    as a new version: the history keeps both the restored state and the one
    it replaced.

    Field by field rather than by reversion's ``revert()``, which saves the
    stored record whole and resets what a version does not hold:
    publication status, date and address are kept as they are
    (``NOT_RESTORED``), relations to objects deleted since are dropped, and a
    picture deleted since leaves the present one.
    """
    article = Article.objects.get(pk=version.version.object_id)
    values = version.snapshot
    relations = {}
    with recording(user, comment=RESTORED.format(number=version.number)):
        for field in tracked_fields():
            if field.name in NOT_RESTORED or field.name not in values:
                continue
            value = values[field.name]
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


def describe(version):
    """An ``ArticleVersion`` in a sentence of the history list."""
    who = version.created_by or _("the system")
    when = date_format(timezone.localtime(version.created_at), "DATETIME_FORMAT")
    if version.restored_from:
        return _(
            "Version %(number)s, %(when)s, by %(who)s: restored version %(old)s"
        ) % {
            "number": version.number,
            "when": when,
            "who": who,
            "old": version.restored_from,
        }
    return _("Version %(number)s, %(when)s, by %(who)s") % {
        "number": version.number,
        "when": when,
        "who": who,
    }
