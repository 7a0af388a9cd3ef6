"""
The editors' admin, one module per job: ``base`` (tabs, translation status,
related lists), ``content`` (news articles and footer pages), ``events``
(events and participations), ``people`` (people and organisations) and
``editorial`` (the workflow: translators' limits, versions, previews, import);
``accounts`` puts Django's users and groups and django-axes' login protection
in the admin's language.

Importing the modules registers their ModelAdmins with the admin site.

The site itself, with its header and the editors' dashboard, is
``articles.admin_site``.
"""

from articles.admin import accounts, content, events, people

__all__ = ["accounts", "content", "events", "people"]
