"""
Messages of Django, django-axes and django-reversion that the admin shows but
that ship without Simplified Chinese: Django's zh_Hans catalogue lags behind
its newest messages, axes has none, and reversion's was compiled without its
names. Their translations are in the project's catalogue (``locale/zh_Hans``),
which comes first; they are listed here, never called, so that
``makemessages`` keeps them there.

The admin's scripts have the same gap, filled in ``djangojs.po``.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO = (
    # django/forms/forms.py: after every form label. Django's zh_Hans keeps
    # the ASCII colon; Chinese writes the full-width one.
    gettext_noop(":"),
    # django/db/models/fields/__init__.py: a select's empty choice
    gettext_noop("- Select an option -"),
    gettext_noop("“%(value)s” is not a valid binary value."),
    # django/shortcuts.py
    gettext_noop("No %s matches the given query."),
    # django/contrib/admin
    gettext_noop("Filter by %(field_name)s"),
    gettext_noop(", "),  # between the objects a deletion would have to remove
    gettext_noop('The app "%s" could not be found.'),
    ngettext_lazy("…and %(count)d more object.", "…and %(count)d more objects.", 0),
    gettext_noop("Logout"),
)

AXES = (
    # axes/models.py
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Access Attempt"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    # axes/admin.py
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    # axes/conf.py: what a locked-out editor reads
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock "
        "your account."
    ),
)

REVERSION = (
    # reversion/apps.py, reversion/models.py: where its permissions apply, on
    # the pages of users and groups
    gettext_noop("Reversion"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("version"),
    gettext_noop("versions"),
)
