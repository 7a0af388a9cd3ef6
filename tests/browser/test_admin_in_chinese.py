"""
The admin's scripts in Chinese, as Chromium set to Simplified Chinese shows
them to an editor away from Beijing time: the time-zone note under an
event's dates, and the calendar. Their words come from the admin's JavaScript
catalogue (/admin/jsi18n/), which Django's Chinese leaves partly in English.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.admin import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "UTC"}


def test_the_time_zone_note_and_the_calendar_speak_chinese(page, live_server, editor):
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("用户名").fill("wang")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page).to_have_url(live_server.url + reverse("admin:index"))

    page.goto(live_server.url + reverse("admin:articles_event_add"))
    note = page.locator(".timezonewarning").first
    expect(note).to_have_text(
        "注意：请按Asia/Shanghai时区输入时间（您所在时区比它慢8小时）。"
    )
    page.locator("#calendarlink0").click()
    calendar = page.locator(".calendarbox").first
    expect(calendar).to_be_visible()
    expect(calendar.locator("th").first).to_have_text("一")
    expect(calendar).to_contain_text("今天")
