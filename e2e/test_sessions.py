"""Training sessions in a real browser: the therapist books a series for Karen's course; Karen sees it, cancels
one and registers a week of absence. axe on every page, in Danish and in English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.clock import today
from portal.extensions import db
from portal.models import Course, CourseStatus, Person

WORDS = {
    "da": {
        "courses": "Forløb",
        "book": "Book træningstider",
        "submit": "Book",
        "booked": "3 træningstider er booket.",
        "mine": "Mine træningstider",
        "cancel_page": "Aflys træningstiden",
        "cancel_button": "Aflys træningstiden",
        "cancelled": "Træningstiden er aflyst",
        "absence_link": "Meld fravær i en periode",
        "show": "Vis de træningstider, det aflyser",
        "confirm": "Aflys disse træningstider",
        "absent": "Dit fravær er registreret",
    },
    "en": {
        "courses": "Courses",
        "book": "Book sessions",
        "submit": "Book",
        "booked": "3 sessions are booked.",
        "mine": "My training sessions",
        "cancel_page": "Cancel the training session",
        "cancel_button": "Cancel the session",
        "cancelled": "The training session is cancelled",
        "absence_link": "Register absence for a period",
        "show": "Show the sessions it cancels",
        "confirm": "Cancel these sessions",
        "absent": "Your absence is registered",
    },
}


@pytest.fixture
def karens_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def karens_course_id(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.scalar(
            sa.select(Course.id)
            .join(Person, Course.person_id == Person.id)
            .where(Person.given_name == "Karen", Course.status == CourseStatus.ACTIVE)
        )


def fill_day(page: Page, name: str, day: date) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def submit(page: Page, name: str) -> None:
    page.locator("main form[method=post]").get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize(("language", "at"), [("da", "13.00"), ("en", "15.00")])
def test_the_therapist_books_a_series_and_karen_cancels_one_and_is_absent_a_week(
    live_server: LiveServer, page: Page, karens_page: Page, language: str, at: str
) -> None:
    words = WORDS[language]
    course_id = karens_course_id(live_server)
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "staff", "Torben Terapeut")
    page.get_by_role("link", name=words["courses"], exact=True).click()
    assert_accessible(page)
    page.locator(f'table a[href="/medarbejder/forloeb/{course_id}"]').click()
    assert_accessible(page)
    page.get_by_role("link", name=words["book"]).click()
    assert_accessible(page)
    submit(page, words["submit"])
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    first_day = today() + timedelta(days=14)
    fill_day(page, "first_day", first_day)
    page.locator("#at").fill(at)
    page.locator("label[for=weekdays-1]").click()
    page.locator("label[for=weekdays-2]").click()
    page.locator("#count").fill("3")
    submit(page, words["submit"])
    expect(page.locator(".alert-success")).to_contain_text(words["booked"])
    assert_accessible(page)
    screenshot(page, f"sessions-course-{language}")

    karen = karens_page
    karen.goto(live_server.url)
    if language == "en":
        karen.get_by_role("link", name="English").click()
    log_in(karen, live_server, "citizen", "Karen Testesen")
    karen.goto(live_server.path("/mine-traeningstider/"))
    expect(karen.locator("h1")).to_have_text(words["mine"])
    expect(karen.locator("main")).to_contain_text(at.replace(".", ":"))
    assert_accessible(karen)
    screenshot(karen, f"sessions-mine-{language}")

    karen.locator('main a[href$="/aflys"]').first.click()
    expect(karen.locator("h1")).to_have_text(words["cancel_page"])
    assert_accessible(karen)
    submit(karen, words["cancel_button"])
    expect(karen.locator(".alert-success")).to_contain_text(words["cancelled"])

    karen.get_by_role("link", name=words["absence_link"]).click()
    assert_accessible(karen)
    fill_day(karen, "first", first_day)
    fill_day(karen, "last", first_day + timedelta(days=6))
    submit(karen, words["show"])
    expect(karen.locator("main h2")).to_be_visible()
    # The preview takes focus, so a screen reader reads it out.
    expect(karen.locator("#preview")).to_be_focused()
    assert_accessible(karen)
    # Keyboard alone: change the last day and press Enter in the field. That shows the new period; it never
    # presses the cancel button, so nothing that was not shown is cancelled.
    fill_day(karen, "last", first_day + timedelta(days=7))
    karen.locator("#last-year").press("Enter")
    expect(karen.locator("#preview")).to_be_focused()
    expect(karen.locator(".alert-success")).to_have_count(0)
    expect(karen.locator("input[name=previewed]")).to_have_value(
        f"{first_day.isoformat()}/{(first_day + timedelta(days=7)).isoformat()}"
    )
    submit(karen, words["confirm"])
    expect(karen.locator(".alert-success")).to_contain_text(words["absent"])
    assert_accessible(karen)
