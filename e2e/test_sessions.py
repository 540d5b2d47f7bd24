"""Training sessions in a real browser: the therapist books a series for a citizen's course; she sees it, cancels
one and registers a week of absence. axe on every page, in Danish and in English.

The citizen is one of the test's own with one course: the course booked is that one whatever courses other tests
gave anyone, and the session she cancels and the week she is away touch her sessions alone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from devtools.personas import Persona
from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.clock import today
from portal.extensions import db
from tests import factories

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


@dataclass
class BookedFor:
    citizen: Persona
    course_id: int


@pytest.fixture
def citizens_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def course(live_server: LiveServer, own_citizen: Callable[[str, str], Persona]) -> BookedFor:
    """A granted course with no sessions yet for a citizen of the test's own, who logs in to see what is booked."""
    citizen = own_citizen("Ruth", "Dam")
    profile = live_server.app.config["PROFILE"]
    with live_server.app.app_context():
        person = factories.person_of(citizen)
        torben = factories.account_of("therapist")
        made = factories.granted_course(person, profile.offers[0], torben, "Gå til bussen", 10)
        db.session.commit()
        return BookedFor(citizen, made.id)


def fill_day(page: Page, name: str, day: date) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def submit(page: Page, name: str) -> None:
    page.locator("main form[method=post]").get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize(("language", "at"), [("da", "13.00"), ("en", "15.00")])
def test_the_therapist_books_a_series_and_the_citizen_cancels_one_and_is_absent_a_week(
    live_server: LiveServer, page: Page, citizens_page: Page, course: BookedFor, language: str, at: str
) -> None:
    words = WORDS[language]
    course_id = course.course_id
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

    citizen = citizens_page
    citizen.goto(live_server.url)
    if language == "en":
        citizen.get_by_role("link", name="English").click()
    log_in(citizen, live_server, "citizen", course.citizen.name)
    citizen.goto(live_server.path("/mine-traeningstider/"))
    expect(citizen.locator("h1")).to_have_text(words["mine"])
    expect(citizen.locator("main")).to_contain_text(at.replace(".", ":"))
    assert_accessible(citizen)
    screenshot(citizen, f"sessions-mine-{language}")

    citizen.locator('main a[href$="/aflys"]').first.click()
    expect(citizen.locator("h1")).to_have_text(words["cancel_page"])
    assert_accessible(citizen)
    submit(citizen, words["cancel_button"])
    expect(citizen.locator(".alert-success")).to_contain_text(words["cancelled"])

    citizen.get_by_role("link", name=words["absence_link"]).click()
    assert_accessible(citizen)
    fill_day(citizen, "first", first_day)
    fill_day(citizen, "last", first_day + timedelta(days=6))
    submit(citizen, words["show"])
    expect(citizen.locator("main h2")).to_be_visible()
    # The preview takes focus, so a screen reader reads it out.
    expect(citizen.locator("#preview")).to_be_focused()
    assert_accessible(citizen)
    # Keyboard alone: change the last day and press Enter in the field. That shows the new period; it never
    # presses the cancel button, so nothing that was not shown is cancelled.
    fill_day(citizen, "last", first_day + timedelta(days=7))
    citizen.locator("#last-year").press("Enter")
    expect(citizen.locator("#preview")).to_be_focused()
    expect(citizen.locator(".alert-success")).to_have_count(0)
    expect(citizen.locator("input[name=previewed]")).to_have_value(
        f"{first_day.isoformat()}/{(first_day + timedelta(days=7)).isoformat()}"
    )
    submit(citizen, words["confirm"])
    expect(citizen.locator(".alert-success")).to_contain_text(words["absent"])
    assert_accessible(citizen)
