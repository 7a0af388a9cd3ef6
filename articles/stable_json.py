"""
The JSON in which django-reversion stores the versions of articles: Django's
own, written so that the same record always reads the same.

Links are listed in the order of their ids, not in the linked model's order,
which follows the language of whoever saved (organisations sort by their
English or by their Chinese name); times are written in UTC, not in the zone
of the form or the code that set them. Reversion's check for a save that
changed nothing (``ignore_duplicates``) and the admin's comparisons
(``articles.revisions``) both rely on it.

Registered as the serialization format ``stable-json`` by
``articles.revisions.register()``; reading is plain Django JSON.
"""

import datetime

from django.core.serializers import json


class Serializer(json.Serializer):
    def handle_field(self, obj, field):
        super().handle_field(obj, field)
        value = self._current[field.name]
        if isinstance(value, datetime.datetime) and value.tzinfo is not None:
            self._current[field.name] = value.astimezone(datetime.UTC)

    def handle_m2m_field(self, obj, field):
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name] = sorted(self._current[field.name])


Deserializer = json.Deserializer
