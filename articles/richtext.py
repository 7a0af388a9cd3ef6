"""
Rich text is sanitised on every save, not only when a form is cleaned.

django-prose-editor sanitises a ``ProseEditorField`` in ``full_clean``, which
the admin's forms call but the importer, fixtures and the shell need not.
``sanitise`` runs each rich-text column of an object (both languages: the
modeltranslation copies keep the field's ``sanitize``) through the field's own
sanitiser, so there is one allow-list, ``RICH_TEXT_EXTENSIONS``, for the
editor, the forms and the database alike.
"""

import re
from functools import cache

from django_prose_editor.fields import ProseEditorField
from modeltranslation.fields import TranslationField

# After nh3, "<img" can only open a tag: a "<" in text is written "&lt;".
_IMG_TAG = re.compile(r"<img(?=[\s/>])")


@cache
def rich_text_fields(model):
    """
    The rich-text columns of ``model``, per language where it is translated.

    A translated field's original (``body``) is left out: reading or writing
    it goes through modeltranslation to the active language's column, with
    fallback, and it is filled from the sanitised ``body_en`` / ``body_zh_hans``.
    """
    fields = model._meta.concrete_fields
    translated = {
        field.translated_field.name
        for field in fields
        if isinstance(field, TranslationField)
    }
    return [
        field
        for field in fields
        if isinstance(field, ProseEditorField) and field.name not in translated
    ]


def lazy_images(html):
    """
    ``html`` with its pictures loaded only as the reader scrolls to them.

    Applied after sanitising, which drops ``loading``: it is not in the
    editor's allow-list, so the value never comes from an editor.
    """
    return _IMG_TAG.sub('<img loading="lazy" decoding="async"', html)


def sanitise(instance):
    """Sanitise every rich-text column of ``instance`` in place."""
    for field in rich_text_fields(type(instance)):
        value = getattr(instance, field.attname)
        if value:
            setattr(instance, field.attname, lazy_images(field.sanitize(value)))
