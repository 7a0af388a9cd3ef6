"""
Reaching pages from tests: reader and admin addresses, reader HTML, and the
admin's forms as an editor's browser fills them in.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django_webtest import DjangoTestApp


def url_in(language, name, **kwargs):
    """A reader URL in ``language``, whatever language the last request left active."""
    with translation.override(language):
        return reverse(f"articles:{name}", kwargs=kwargs)


def object_url_in(language, obj):
    """``obj``'s page in ``language``, whatever language is active."""
    with translation.override(language):
        return obj.get_absolute_url()


def admin_url(model, view, *args):
    """The admin's ``view`` of ``model`` ("changelist", "change", "preview"…)."""
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def change_url(obj):
    """The admin's change form of ``obj``."""
    return admin_url(type(obj), "change", obj.pk)


def admin_form(client, url, form_id):
    """
    The form ``form_id`` of the admin page at ``url``, opened in
    ``client``'s session by WebTest, which reads the fields from the HTML as
    a browser does (hidden inputs, inline formsets' management forms, the
    CSRF token): a field the page fails to render is missing here too. Set
    fields with ``form[name] = value``; ``form.submit("_save")`` saves.
    """
    browser = DjangoTestApp()
    session = settings.SESSION_COOKIE_NAME
    browser.set_cookie(session, client.cookies[session].value)
    return browser.get(url).forms[form_id]


def public_html(client, address):
    """A public page's HTML, which must answer 200 and set no cookie."""
    response = client.get(address)
    assert response.status_code == 200, address
    assert not response.cookies
    return response.content.decode()
