"""Karen's calendar in a real browser: the month view (also on a phone), the subscription link made, fetched by
a "calendar app" without a login and made anew, and the .ics download. axe on every page, in Danish and English."""

from __future__ import annotations

import re
from datetime import date

import pytest
from icalendar import Calendar
from playwright.sync_api import Page, Playwright, expect

from devtools.personas import PERSONAS
from e2e.browser import VIEWPORTS, assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal import clock, people
from portal.sessions.services import next_booked_from

WORDS = {
    "da": {
        "month_link": "Vis træningstider som kalender for en måned",
        "month_title": "Mine træningstider i",
        "caption": "Træningstider i",
        "next": "Næste måned:",
        "list_link": "Vis træningstider som liste",
        "subscription_link": "Få dine træningstider i din egen kalender",
        "subscription_title": "Kalender-abonnement",
        "make": "Lav link",
        "remake": "Lav nyt link",
        "delete": "Slet link",
        "download": "Hent dine træningstider (.ics)",
        "see_month": re.compile(r"^Se \w+ \d{4}$"),
    },
    "en": {
        "month_link": "Show the sessions as a month calendar",
        "month_title": "My training sessions in",
        "caption": "Training sessions in",
        "next": "Next month:",
        "list_link": "Show the sessions as a list",
        "subscription_link": "Get your sessions in your own calendar",
        "subscription_title": "Calendar subscription",
        "make": "Make a link",
        "remake": "Make a new link",
        "delete": "Delete the link",
        "download": "Download your sessions (.ics)",
        "see_month": re.compile(r"^See \w+ \d{4}$"),
    },
}


def karens_cpr() -> str:
    return next(p for p in PERSONAS if p.given_name == "Karen").cpr.replace("-", "")


def next_session_month(live_server: LiveServer) -> date:
    """The first day of the Copenhagen month of Karen's next booked session in the demo."""
    with live_server.app.app_context():
        karen = people.find_by_cpr(karens_cpr())
        assert karen is not None
        training = next_booked_from(karen.id, clock.utcnow())
        assert training is not None, "the demo books Karen's sessions ahead"
        return training.starts_at.astimezone(clock.COPENHAGEN).date().replace(day=1)


@pytest.mark.parametrize("language", ["da", "en"])
def test_karen_uses_the_month_view_the_subscription_link_and_the_download(
    live_server: LiveServer, page: Page, playwright: Playwright, language: str
) -> None:
    words = WORDS[language]
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "citizen", "Karen Testesen")
    page.goto(live_server.path("/mine-traeningstider/"))
    assert_accessible(page)

    # The month view opens on this month. When Karen's next session falls in a later month (the demo books from
    # the next working day, so on a month's last days it does), the empty month points on to that month.
    page.get_by_role("link", name=words["month_link"]).click()
    expect(page.locator("h1")).to_contain_text(words["month_title"])
    if next_session_month(live_server) != clock.today().replace(day=1):
        expect(page.locator("main table")).to_have_count(0)
        assert_accessible(page)
        page.get_by_role("link", name=words["see_month"]).click()
        expect(page.locator("h1")).to_contain_text(words["month_title"])
    # A real table of the month with Karen's demo sessions, and the months around it.
    expect(page.locator("main table caption")).to_contain_text(words["caption"])
    expect(page.locator("main table thead th")).to_have_count(7)
    assert_accessible(page)
    screenshot(page, f"sessions-month-{language}")
    page.set_viewport_size(VIEWPORTS["mobile"])
    assert_accessible(page)
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.get_by_role("link", name=words["next"]).click()
    expect(page.locator("h1")).to_contain_text(words["month_title"])
    assert_accessible(page)
    page.get_by_role("link", name=words["list_link"]).click()

    # The subscription: make a link, fetch it as a calendar app would (no login), make a new one.
    page.get_by_role("link", name=words["subscription_link"]).first.click()
    expect(page.locator("h1")).to_have_text(words["subscription_title"])
    assert_accessible(page)
    page.locator("main form").get_by_role("button", name=words["make"], exact=True).click()
    first_url = page.locator("#feed-url").input_value()
    assert "/kalender/" in first_url and first_url.endswith(".ics")
    assert_accessible(page)
    screenshot(page, f"sessions-subscription-{language}")

    calendar_app = playwright.request.new_context()
    try:
        fetched = calendar_app.get(first_url)
        assert fetched.status == 200
        assert fetched.headers["content-type"].startswith("text/calendar")
        body = fetched.text()
        assert "BEGIN:VEVENT" in body and "TZID=Europe/Copenhagen" in body
        assert karens_cpr() not in body and karens_cpr()[:6] not in body
        assert "Brugsen" not in body  # the course's goals stay out of the calendar

        page.locator("main form").get_by_role("button", name=words["remake"], exact=True).click()
        second_url = page.locator("#feed-url").input_value()
        assert second_url != first_url
        assert calendar_app.get(first_url).status == 404
        assert calendar_app.get(second_url).status == 200
        assert_accessible(page)

        # One download of every session, as a file.
        with page.expect_download() as download_info:
            page.get_by_role("link", name=words["download"], exact=True).click()
        download = download_info.value
        assert download.suggested_filename == "traeningstider.ics"
        with open(download.path(), "rb") as file:
            calendar = Calendar.from_ical(file.read())
        assert len(calendar.walk("VEVENT")) >= 1

        page.locator("main form").get_by_role("button", name=words["delete"], exact=True).click()
        expect(page.locator("#feed-url")).to_have_count(0)
        assert calendar_app.get(second_url).status == 404
        assert_accessible(page)
    finally:
        calendar_app.dispose()
