"""
Two versions of an article side by side, as the admin's compare and restore
screens show them: the fields that differ, each as an editor reads it, with
what was removed in ``<del>`` and what was added in ``<ins>``.
"""

import difflib
import html
import re
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join, strip_tags

from articles.models import Article
from articles.revisions import changed_fields, field_label

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
