"""
The editors' admin, one module per job: ``base`` (tabs, translation status,
related lists), ``content`` (news articles and footer pages), ``events``
(events and participations), ``people`` (people and organisations) and
``editorial`` (the workflow: translators' limits, versions, previews, import).

Importing the modules registers their ModelAdmins with the admin site.
"""

from django.conf import settings
from django.contrib import admin

from articles.admin import content, events, people

__all__ = ["content", "events", "people"]

admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
