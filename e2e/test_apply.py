"""Applying in a real browser: a mistake on the way, check the answers, send, receipt, follow the case."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.clock import today

# When it began: two months before the day the suite runs, for the question takes no date to come.
SINCE = today() - timedelta(days=61)


def typed(day: date) -> dict[str, str]:
    return {"Dag": str(day.day), "Måned": str(day.month), "År": str(day.year)}


@contextmanager
def bents_plans_ended(live_server: LiveServer) -> Iterator[None]:
    """Bent's demo genoptræningsplan shuts him out of § 86 training in Norddjurs while its course goes on; here his
    § 140 courses have ended, and they go on again after."""
    from portal.extensions import db
    from portal.models import Course, CourseStatus, RehabilitationPlan

    def set_status(status: CourseStatus) -> None:
        with live_server.app.app_context():
            courses = db.session.scalars(
                sa.select(Course)
                .join(RehabilitationPlan, RehabilitationPlan.course_id == Course.id)
                .where(Course.person.has(given_name="Bent"))
            ).all()
            for course in courses:
                course.status = status
            db.session.commit()

    set_status(CourseStatus.COMPLETED)
    try:
        yield
    finally:
        set_status(CourseStatus.ACTIVE)


def answer(page: Page, heading: str, fill: dict[str, str] | None = None, choose: list[str] | None = None) -> None:
    expect(page.locator("h1")).to_have_text(heading)
    for label, value in (fill or {}).items():
        page.get_by_label(label, exact=True).fill(value)
    for label in choose or []:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Fortsæt").click()


def test_bent_is_told_why_he_cannot_apply_while_his_plan_goes_on(live_server: LiveServer, page: Page) -> None:
    log_in(page, live_server, "citizen", "Bent Prøvesen")
    page.get_by_role("link", name="Søg om træning").click()
    expect(page.locator("h1")).to_have_text("Du skal ikke søge")
    expect(page.locator("main")).to_contain_text("Med en plan kan du ikke også få træning efter serviceloven § 86")
    assert_accessible(page)
    page.get_by_role("link", name="Se din plan").click()
    expect(page.locator("h1")).to_have_text("Din genoptræningsplan")


def test_bent_applies_for_training_and_follows_the_case(live_server: LiveServer, page: Page) -> None:
    with bents_plans_ended(live_server):
        bent_applies(live_server, page)


def bent_applies(live_server: LiveServer, page: Page) -> None:
    log_in(page, live_server, "citizen", "Bent Prøvesen")
    page.get_by_role("link", name="Søg om træning").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()
    # A mistake first: no answer chosen.
    page.get_by_role("button", name="Fortsæt").click()
    expect(page.locator("[data-module=error-summary]")).to_contain_text("Vælg ja eller nej")
    assert_accessible(page)
    answer(page, "Har du fået en genoptræningsplan fra sygehuset?", choose=["Nej"])
    answer(page, "Hvad er der sket?", fill={"Hvad er der sket?": "Jeg faldt på cyklen."})
    answer(page, "Siden hvornår?", fill=typed(SINCE))
    answer(
        page, "Hvad kan du ikke klare i din hverdag nu?", fill={"Hvad kan du ikke klare i din hverdag nu?": "Trapper."}
    )
    answer(page, "Hvad vil du gerne kunne igen?", fill={"Hvad vil du gerne kunne igen?": "Cykle til brugsen."})
    answer(page, "Hvilken hjælp får du i dag?", choose=["Ingen hjælp"])
    answer(page, "Træner du et andet sted nu?", choose=["Nej"])
    answer(page, "Kan du selv komme til et træningscenter?", choose=["Ja"])
    answer(page, "Hvordan kan vi få fat i dig?", fill={"Telefonnummer": "12345678"})
    answer(page, "Må vi kontakte din læge om din træning?", choose=["Ja"])
    expect(page.locator("h1")).to_have_text("Tjek dine svar")
    assert_accessible(page)
    page.get_by_role("link", name="Ret Hvad vil du gerne kunne igen?").click()
    page.get_by_label("Hvad vil du gerne kunne igen?").fill("Cykle til brugsen og hjem igen.")
    page.get_by_role("button", name="Gem og gå tilbage til overblikket").click()
    expect(page.locator("main")).to_contain_text("Cykle til brugsen og hjem igen.")
    page.get_by_role("button", name="Send ansøgningen").click()
    expect(page.locator("h1")).to_have_text("Din ansøgning er sendt")
    expect(page.locator("main")).to_contain_text("Dit sagsnummer er TR-")
    assert_accessible(page)
    screenshot(page, "apply-receipt")
    page.get_by_role("link", name="Følg din sag").click()
    expect(page.locator("main")).to_contain_text("Du sendte ansøgningen")
    assert_accessible(page)
    page.get_by_role("button", name="Træk ansøgningen tilbage").click()
    expect(page.locator("main")).to_contain_text("Trukket tilbage")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_apply_pages_pass_axe(live_server: LiveServer, page: Page, language: str) -> None:
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "citizen", "Karen Testesen")
    for path in (
        "/ansoeg",
        "/ansoeg/hvad-er-sket",
        "/ansoeg/siden-hvornaar",
        "/ansoeg/anden-hjaelp",
        "/ansoeg/kontakt",
        "/ansoeg/sygehusplan",
        "/mine-sager",
    ):
        page.goto(live_server.path(path))
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert_accessible(page)


def test_a_relative_applies_only_with_the_apply_scope(live_server: LiveServer, page: Page) -> None:
    from portal import people
    from portal.extensions import db
    from portal.models import Scope
    from tests.factories import delegation

    with live_server.app.app_context():
        bent = people.find_or_create("0209561238", "Bent", "Prøvesen")
        mette = people.find_or_create("2811701232", "Mette", "Testesen")
        made = delegation(bent, mette, scopes=" ".join([Scope.SEE, Scope.APPLY]))
        db.session.commit()
        made_id = made.id
    with bents_plans_ended(live_server):
        mette_applies_for_bent(live_server, page, made_id)


def mette_applies_for_bent(live_server: LiveServer, page: Page, made_id: int) -> None:
    from portal.database import utcnow
    from portal.extensions import db
    from portal.models import Delegation, Scope

    try:
        log_in(page, live_server, "citizen", "Mette Testesen")
        page.get_by_role("button", name="Bent Prøvesen", exact=True).click()
        expect(page.locator(".acting-banner")).to_contain_text("Bent Prøvesen")
        page.get_by_role("link", name="Søg om træning for Bent Prøvesen").click()
        page.get_by_role("button", name="Start").click()
        answer(page, "Har du fået en genoptræningsplan fra sygehuset?", choose=["Nej"])
        expect(page.locator("h1")).to_have_text("Hvad er der sket?")
        # Bent takes the apply scope away: Mette's next page refuses and names the scope she lacks.
        with live_server.app.app_context():
            db.session.get(Delegation, made_id).scopes = str(Scope.SEE)
            db.session.commit()
        response = page.goto(live_server.path("/ansoeg/hvad-er-sket"))
        assert response is not None and response.status == 403
    finally:
        with live_server.app.app_context():
            db.session.get(Delegation, made_id).revoked_at = utcnow()
            db.session.commit()


def test_a_draft_resumes_in_another_browser_and_a_second_send_sends_nothing(
    live_server: LiveServer, page: Page, browser
) -> None:
    import sqlalchemy as sa

    from portal.extensions import db
    from portal.models import Application

    log_in(page, live_server, "citizen", "Karen Testesen")
    page.goto(live_server.path("/ansoeg"))
    page.get_by_role("button", name="Start").click()
    answer(page, "Har du fået en genoptræningsplan fra sygehuset?", choose=["Nej"])
    answer(page, "Hvad er der sket?", fill={"Hvad er der sket?": "Jeg brækkede håndleddet."})

    other_context = browser.new_context()
    other_context.set_default_timeout(10_000)
    other = other_context.new_page()
    try:
        log_in(other, live_server, "citizen", "Karen Testesen")
        other.goto(live_server.path("/ansoeg"))
        other.get_by_role("button", name="Fortsæt din ansøgning").click()
        expect(other.locator("h1")).to_have_text("Siden hvornår?")
        other.get_by_role("link", name="Tilbage").click()
        expect(other.get_by_label("Hvad er der sket?")).to_have_value("Jeg brækkede håndleddet.")
        other.get_by_role("button", name="Fortsæt").click()
        answer(other, "Siden hvornår?", fill=typed(SINCE - timedelta(days=2)))
        answer(
            other,
            "Hvad kan du ikke klare i din hverdag nu?",
            fill={"Hvad kan du ikke klare i din hverdag nu?": "Bære."},
        )
        answer(other, "Hvad vil du gerne kunne igen?", fill={"Hvad vil du gerne kunne igen?": "Strikke."})
        answer(other, "Hvilken hjælp får du i dag?", choose=["Ingen hjælp"])
        answer(other, "Træner du et andet sted nu?", choose=["Nej"])
        answer(other, "Kan du selv komme til et træningscenter?", choose=["Ja"])
        answer(other, "Hvordan kan vi få fat i dig?", fill={"Telefonnummer": "87654321"})
        answer(other, "Må vi kontakte din læge om din træning?", choose=["Nej"])
        token = other.locator("main form input[name=csrf_token]").input_value()
        other.get_by_role("button", name="Send ansøgningen").click()
        expect(other.locator("h1")).to_have_text("Din ansøgning er sendt")
        receipt_url = other.url
        # The same form sent again, as an impatient double click would, shows the receipt. (Back cannot send it
        # again: the check page is never stored, and fetched anew it has no draft left to send.)
        again = other.context.request.post(
            live_server.path("/ansoeg/send"), form={"csrf_token": token}, max_redirects=0
        )
        assert again.status == 303 and live_server.path(again.headers["location"]) == receipt_url
    finally:
        other_context.close()
    with live_server.app.app_context():
        sent = db.session.scalars(
            sa.select(Application).where(Application.answers["what_changed"].as_string() == "Jeg brækkede håndleddet.")
        ).all()
    assert len(sent) == 1
