"""Genoptræningsplaner in a real browser: Torben registers two plans for Bent and books the first sessions, one
within the 7 days and one after; the late one produces the letter about free choice; Bent reads both plans and the
letter in Danish and in English. axe on every page, and each Danish page Bent reads at LIX 35 or below."""

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
from portal.models import Message, Person, RehabilitationPlan
from portal.standard.lix import page_lix

BENT_CPR = "020956-1238"
MAX_LIX = 35


@pytest.fixture
def bents_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def fill_day(page: Page, name: str, day: date) -> None:
    page.locator(f"#{name}-day").fill(str(day.day))
    page.locator(f"#{name}-month").fill(str(day.month))
    page.locator(f"#{name}-year").fill(str(day.year))


def submit(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]").click()


def register_plan(page: Page, live_server: LiveServer, hospital: str, discharged: date, goals: str) -> int:
    page.goto(live_server.path("/medarbejder/genoptraeningsplaner/ny"))
    page.locator("#cpr_number").fill(BENT_CPR)
    page.locator("#name").fill("Bent Prøvesen")
    page.locator("#hospital").fill(hospital)
    page.locator("#ward").fill("Ortopædkirurgisk afsnit")
    fill_day(page, "discharge_date", discharged)
    page.locator("label[for=level-0]").click()
    page.locator("#function_text").fill("Går med stok. Kan ikke gå på trapper.")
    page.locator("#goals").fill("Selvstændig gang og trappegang.")
    page.locator("#citizen_goals").fill(goals)
    page.locator("label[for=offer-0]").click()
    page.locator("#sessions").fill("6")
    submit(page)
    expect(page.locator(".alert-success")).to_contain_text("Planen er registreret")
    assert_accessible(page)
    return int(page.url.rstrip("/").rsplit("/", 1)[1])


def book_first_session(page: Page, day: date) -> None:
    page.get_by_role("link", name="Forløbet og træningstiderne").click()
    assert_accessible(page)
    page.get_by_role("link", name="Book træningstider").click()
    fill_day(page, "first_day", day)
    page.locator("#at").fill("08.00")
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.locator(".alert-success")).to_contain_text("1 træningstid er booket.")
    assert_accessible(page)


def free_choice_letters(live_server: LiveServer) -> list[str]:
    with live_server.app.app_context():
        return list(
            db.session.scalars(
                sa.select(Message.body)
                .join(Person, Person.id == Message.person_id)
                .where(Message.kind == "plan.free_choice", Person.given_name == "Bent")
            )
        )


def test_torben_registers_two_plans_for_bent_one_starts_in_time_one_late_and_bent_reads_both(
    live_server: LiveServer, page: Page, bents_page: Page
) -> None:
    day = today()
    log_in(page, live_server, "staff", "Torben Terapeut")
    page.get_by_role("link", name="Genoptræningsplaner", exact=True).click()
    expect(page.locator("h1")).to_have_text("Genoptræningsplaner")
    assert_accessible(page)
    page.get_by_role("link", name="Registrer en genoptræningsplan").click()
    submit(page)
    expect(page.locator("[data-module=error-summary]")).to_contain_text("Skriv borgerens CPR-nummer")
    assert_accessible(page)
    screenshot(page, "plans-register-error")

    # Home two days ago: start by day + 5, booked for day + 2.
    in_time = register_plan(
        page, live_server, "Hvidovre Hospital", day - timedelta(days=2), "Du skal kunne gå uden stok."
    )
    expect(page.locator("#plan-standing")).to_contain_text("Ikke booket endnu")
    screenshot(page, "plans-staff-plan")
    book_first_session(page, day + timedelta(days=2))
    assert free_choice_letters(live_server) == []

    # Home four days ago: start by day + 3, but the first session is only booked for day + 6.
    late = register_plan(page, live_server, "Amager Hospital", day - timedelta(days=4), "Du skal kunne gå på trapper.")
    book_first_session(page, day + timedelta(days=6))
    (letter,) = free_choice_letters(live_server)
    assert "må du vælge et privat træningssted i stedet" in letter
    with live_server.app.app_context():
        due = db.session.get(RehabilitationPlan, late).start_due
    assert due == day + timedelta(days=3)

    # The late start is among the first rows of Torben's list, marked.
    page.goto(live_server.path("/medarbejder/forloeb/"))
    badges = page.locator("tbody tr .badge-error")
    expect(badges.first).to_be_visible()
    assert_accessible(page)

    bent = bents_page
    log_in(bent, live_server, "citizen", "Bent Prøvesen")
    bent.get_by_role("link", name="Se din plan").click()
    expect(bent.locator("h1")).to_have_text("Dine genoptræningsplaner")
    assert_accessible(bent)
    for plan_id, status in ((in_time, "Det er til tiden."), (late, "Det er efter fristen.")):
        bent.goto(live_server.path(f"/genoptraeningsplan/{plan_id}"))
        expect(bent.locator("h1")).to_have_text("Din genoptræningsplan")
        expect(bent.locator("#start-status")).to_contain_text(status)
        assert_accessible(bent)
        assert page_lix(bent.content()) <= MAX_LIX
        screenshot(bent, f"plans-bent-{plan_id}-da")
    expect(bent.locator("main")).to_contain_text("Vi skrev til dig om dit frie valg")
    bent.goto(live_server.path("/beskeder"))
    expect(bent.locator("main")).to_contain_text("Du kan vælge et andet sted at træne")
    assert_accessible(bent)

    bent.goto(live_server.url)
    bent.get_by_role("link", name="English").click()
    for plan_id, status in ((in_time, "That is in time."), (late, "That is after the deadline.")):
        bent.goto(live_server.path(f"/genoptraeningsplan/{plan_id}"))
        expect(bent.locator("h1")).to_have_text("Your rehabilitation plan")
        expect(bent.locator("#start-status")).to_contain_text(status)
        expect(bent.locator("main")).to_contain_text("Your free choice")
        assert_accessible(bent)
        screenshot(bent, f"plans-bent-{plan_id}-en")
    bent.goto(live_server.path("/genoptraeningsplan/"))
    expect(bent.locator("h1")).to_have_text("Your rehabilitation plans")
    assert_accessible(bent)
