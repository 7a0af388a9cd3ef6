"""
The editors' admin, one module per job: ``base`` (tabs, translation status,
related lists), ``content`` (news articles and footer pages), ``events``
(events and participations), ``people`` (people and organisations) and
``editorial`` (the workflow: translators' limits, versions, previews, import).

Importing the modules registers their ModelAdmins with the admin site.

The site itself, with its header and the editors' dashboard, is
``articles.admin_site``.
"""

from articles.admin import content, events, people

__all__ = ["content", "events", "people"]
