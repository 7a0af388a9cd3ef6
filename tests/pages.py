"""Reaching reader pages from tests: their addresses and their HTML."""

from django.urls import reverse
from django.utils import translation


def url_in(language, name, **kwargs):
    """A reader URL in ``language``, whatever language the last request left active."""
    with translation.override(language):
        return reverse(f"articles:{name}", kwargs=kwargs)


def public_html(client, address):
    """A public page's HTML, which must answer 200 and set no cookie."""
    response = client.get(address)
    assert response.status_code == 200, address
    assert not response.cookies
    return response.content.decode()
