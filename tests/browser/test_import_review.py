"""The admin's import review in Chromium: upload two files, correct a date, confirm."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Article, Event
from tests.browser.admin import log_in

pytestmark = pytest.mark.django_db(transaction=True)

DATA = Path(__file__).resolve().parent.parent / "data" / "press_releases"
FILES = [
    DATA / "02_cqc-yiwu-strategic-agreement.txt",
    DATA / "11_hubei-amr-visits-cqc-wuhan.txt",
]


def test_an_editor_reviews_two_press_releases_corrects_a_date_and_confirms(
    page, live_server, editor
):
    log_in(page, live_server, "wang")
    page.goto(live_server.url + reverse("admin:articles_article_import"))
    page.get_by_label("Press releases").set_input_files([str(path) for path in FILES])
    page.get_by_role("button", name="Review").click()

    reviews = page.locator("fieldset.import-review")
    expect(reviews).to_have_count(2)
    assert not Article.objects.exists()
    first = reviews.filter(has_text=FILES[0].name)
    expect(first.get_by_label("Title")).to_have_value(
        "CQC and Yiwu Municipal Government Sign Strategic Cooperation Agreement"
    )
    first.get_by_label("Event starts").fill("2024-08-08")
    first.get_by_label("Event ends").fill("2024-08-08")
    page.get_by_role("button", name="Confirm and create the drafts").click()

    expect(page.get_by_role("heading", name="Drafts saved")).to_be_visible()
    assert Article.objects.filter(status=Article.Status.DRAFT).count() == 2
    yiwu = Article.objects.get(title_en__startswith="CQC and Yiwu")
    event = yiwu.events.get()
    assert (event.start_date.isoformat(), event.status) == (
        "2024-08-08",
        Event.Status.DRAFT,
    )
