"""
What a role may change from the admin's lists, not only from its forms.

A changelist with editable columns is a second way to save a row: the rule
that a translator (no ``articles.publish_article``) changes only the Chinese
text must hold there too, or the list becomes a way around the read-only form.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import PageFactory

pytestmark = pytest.mark.django_db

PAGE_CHANGELIST = reverse("admin:articles_page_changelist")


def member_of(group_name):
    user = get_user_model().objects.create_user(group_name.lower(), is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def footer_order_post(page, footer_order):
    """The changelist's "Save" of its editable column, for the one ``page``."""
    return {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
        "form-0-id": str(page.pk),
        "form-0-footer_order": str(footer_order),
        "_save": "Save",
    }


def test_a_translators_page_list_saves_no_footer_order(client):
    page = PageFactory(footer_order=1)
    client.force_login(member_of("Translators into Chinese"))

    response = client.post(PAGE_CHANGELIST, footer_order_post(page, 9))
    listing = client.get(PAGE_CHANGELIST)

    assert response.status_code == 200  # the list again, nothing saved
    page.refresh_from_db()
    assert page.footer_order == 1
    assert listing.status_code == 200
    assert 'name="form-0-footer_order"' not in listing.text


def test_an_editors_page_list_saves_the_footer_order(client):
    page = PageFactory(footer_order=1)
    client.force_login(member_of("Editors"))

    response = client.post(PAGE_CHANGELIST, footer_order_post(page, 9))
    listing = client.get(PAGE_CHANGELIST)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.footer_order == 9
    assert 'name="form-0-footer_order"' in listing.text
