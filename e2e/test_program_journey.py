"""Issue #8's journey in one piece, in a real browser: the therapist builds and issues a program, the citizen opens
that very program, prints it, logs three days and sees the chart; a relative with the "see" scope reads the program;
the GP who referred reads the end note (and has an e-mail about it in the outbox). axe on every page, in Danish and
English.

The citizen is one of the test's own, with no program before it, so the program she opens can only be the one issued
here, and what the journey makes (referral, course, program, log, end note, letters) is hers and stays. Only Mette's
fuldmagt from her is revoked afterwards, as Mette starts the other browser journeys with no one to act for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from devtools.personas import Persona
from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    Account,
    ApplicationStatus,
    Delegation,
    Message,
    Program,
    Scope,
)
from tests import factories
from tests.oidc_flow import persona

WORDS = {
    "da": {
        "start": "Start programmet",
        "search": "Søg",
        "save_dose": "Gem dosis",
        "add_exercise": "Tilføj en øvelse",
        "write_end_note": "Skriv slutstatus",
        "save_end_note": "Gem slutstatus",
        "issue": "Udlever program og afslut forløb",
        "gp_email": "Lægen får en e-mail om, at slutstatus er klar",
        "issued": "Programmet er udleveret",
        "program": "Mit træningsprogram",
        "print": "Udskriv programmet",
        "back": "Tilbage til programmet",
        "log": "Registrér en træningsdag",
        "save": "Gem træningsdagen",
        "logged": "Din træningsdag er registreret",
        "progress": "Sådan går det",
        "see_progress": "Se, hvordan det går",
        "end_note": "Slutstatus",
    },
    "en": {
        "start": "Start the program",
        "search": "Search",
        "save_dose": "Save the dose",
        "add_exercise": "Add an exercise",
        "write_end_note": "Write the end note",
        "save_end_note": "Save the end note",
        "issue": "Issue the program and end the course",
        "gp_email": "The doctor gets an e-mail that the end note is ready",
        "issued": "The program is issued",
        "program": "My training program",
        "print": "Print the program",
        "back": "Back to the program",
        "log": "Log a training day",
        "save": "Save the training day",
        "logged": "Your training day is logged",
        "progress": "Your progress",
        "see_progress": "See your progress",
        "end_note": "End note",
    },
}
RECOMMENDATION = "Træn videre med programmet tre gange om ugen."


@dataclass
class Made:
    """What the journey made: the citizen's referral and course, and Mette's fuldmagt from her."""

    citizen: Persona
    course_id: int = 0
    referral_id: int = 0
    delegation_ids: list[int] = field(default_factory=list)


@pytest.fixture
def made(live_server: LiveServer, own_citizen: Callable[[str, str], Persona]) -> Iterator[Made]:
    made = Made(own_citizen("Asta", "Strand"))
    yield made
    # The access log names the fuldmagt, so it is revoked rather than removed.
    with live_server.app.app_context():
        db.session.execute(
            sa.update(Delegation).where(Delegation.id.in_(made.delegation_ids)).values(revoked_at=utcnow())
        )
        db.session.commit()


def new_page(browser: Browser, live_server: LiveServer, language: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    return page


def referral_from_lise(live_server: LiveServer, made: Made) -> None:
    """A granted referral of the citizen's from Lise (who has logged in, so her account has her e-mail) and its
    course."""
    with live_server.app.app_context():
        citizen = factories.person_of(made.citizen)
        lise = db.session.scalar(sa.select(Account).where(Account.subject == persona("gp").sub))
        referral = factories.referral(citizen, lise, status=ApplicationStatus.GRANTED, decided_at=utcnow())
        course = factories.course(citizen, application=referral, goals="Gå på trapper uden gelænder.")
        db.session.commit()
        made.course_id, made.referral_id = course.id, referral.id


def mette_may_see(live_server: LiveServer, made: Made) -> None:
    with live_server.app.app_context():
        fuldmagt = factories.delegation(
            factories.person_of(made.citizen), factories.person_for("relative"), scopes=str(Scope.SEE)
        )
        db.session.commit()
        made.delegation_ids.append(fuldmagt.id)


def issued_two_days_ago(live_server: LiveServer, course_id: int) -> int:
    """Moves the issue two days back, as if Torben had issued it then: a log takes days from the issue on, and
    three days need two behind today. Answers the program's id."""
    with live_server.app.app_context():
        program = db.session.scalar(sa.select(Program).where(Program.course_id == course_id))
        assert program.issued_at is not None
        program.issued_at -= timedelta(days=2)
        db.session.commit()
        return program.id


def click_in_main(page: Page, name: str) -> None:
    page.locator("main").get_by_role("button", name=name, exact=True).first.click()


def add_exercise(page: Page, words: dict[str, str], area: str, dose: dict[str, str]) -> str:
    """Adds the first exercise of the body area with the dose; answers its name as the builder shows it."""
    page.locator("#omraade").select_option(area)
    click_in_main(page, words["search"])
    page.locator("main tbody tr").first.get_by_role("button").click()
    for field_id, value in dose.items():
        page.locator(f"#{field_id}").fill(value)
    click_in_main(page, words["save_dose"])
    return page.locator("main ol.program-list > li").last.locator("strong").first.inner_text()


@pytest.mark.parametrize("language", ["da", "en"])
def test_issue_8_journey_from_the_builder_to_the_chart_the_relative_and_the_gp(
    live_server: LiveServer, browser: Browser, made: Made, language: str
) -> None:
    words = WORDS[language]
    lise = new_page(browser, live_server, language)
    log_in(lise, live_server, "gp", "Lise Lægesen")
    referral_from_lise(live_server, made)
    builder = f"/medarbejder/forloeb/{made.course_id}/program"

    # Torben builds the program from the course and issues it with the end note.
    torben = new_page(browser, live_server, language)
    log_in(torben, live_server, "staff", "Torben Terapeut")
    torben.goto(live_server.path(f"/medarbejder/forloeb/{made.course_id}"))
    assert_accessible(torben)
    torben.goto(live_server.path(builder))
    click_in_main(torben, words["start"])
    names = [add_exercise(torben, words, "legs", {"sets": "3", "repetitions": "10", "times_per_week": "4"})]
    torben.get_by_role("link", name=words["add_exercise"]).click()
    names.append(add_exercise(torben, words, "balance", {"seconds": "30", "times_per_week": "7"}))
    expect(torben.locator("main ol.program-list > li")).to_have_count(2)
    assert_accessible(torben)
    torben.get_by_role("link", name=words["write_end_note"]).click()
    torben.locator("#goals_reached").fill("Asta går på trapper med én hånd på gelænderet.")
    torben.locator("#recommendation").fill(RECOMMENDATION)
    click_in_main(torben, words["save_end_note"])
    torben.get_by_role("link", name=words["issue"]).click()
    expect(torben.locator("main")).to_contain_text(words["gp_email"])
    assert_accessible(torben)
    click_in_main(torben, words["issue"])
    expect(torben.locator("main .alert-success").first).to_contain_text(words["issued"])
    assert_accessible(torben)
    program_id = issued_two_days_ago(live_server, made.course_id)

    # The citizen opens the program from her overview: the one Torben just issued, with Torben's exercises.
    citizen = new_page(browser, live_server, language)
    log_in(citizen, live_server, "citizen", made.citizen.name)
    citizen.locator('main a[href="/mit-traeningsprogram/"]').first.click()
    expect(citizen.locator("h1")).to_have_text(words["program"])
    headings = citizen.locator(".program-exercise h2")
    expect(headings).to_have_count(2)
    for number, name in enumerate(names, start=1):
        expect(headings.nth(number - 1)).to_have_text(f"{number}. {name}")
    expect(citizen.locator(f'a[href="/mit-traeningsprogram/{program_id}/udskriv"]')).to_be_visible()
    assert_accessible(citizen)
    screenshot(citizen, f"journey-program-{language}")

    # She prints it: the print view, and the PDF of the same program.
    citizen.get_by_role("link", name=words["print"]).click()
    expect(citizen).to_have_url(live_server.path(f"/mit-traeningsprogram/{program_id}/udskriv"))
    expect(citizen.locator(".program-exercise")).to_have_count(2)
    assert_accessible(citizen)
    citizen.emulate_media(media="print")
    expect(citizen.locator(".no-print").first).to_be_hidden()
    citizen.emulate_media(media="screen")
    pdf = citizen.request.get(live_server.path(f"/mit-traeningsprogram/{program_id}/program.pdf"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    citizen.get_by_role("link", name=words["back"]).click()

    # Three training days since the issue, then the chart.
    for number, days_ago in enumerate((2, 1, 0)):
        citizen.get_by_role("link", name=words["log"]).first.click()
        expect(citizen.locator("h1")).to_have_text(words["log"])
        if number == 0:
            assert_accessible(citizen)
        day = today() - timedelta(days=days_ago)
        citizen.locator("#day-day").fill(str(day.day))
        citizen.locator("#day-month").fill(str(day.month))
        citizen.locator("#day-year").fill(str(day.year))
        citizen.locator("#items-0").check()
        citizen.locator("#items-1").check()
        citizen.locator(f"#effort-{3 + number}").check()
        citizen.locator(f"#pain-{number}").check()
        citizen.get_by_role("button", name=words["save"]).click()
        expect(citizen.locator(".alert-success")).to_contain_text(words["logged"])
        expect(citizen.locator("h1")).to_have_text(words["progress"])
        if number < 2:
            citizen.get_by_role("link", name=words["back"]).click()
    expect(citizen).to_have_url(live_server.path(f"/mit-traeningsprogram/{program_id}/fremskridt"))
    expect(citizen.locator("svg.chart[role=img]")).to_be_visible()
    expect(citizen.locator("circle.chart-effort-point")).to_have_count(3)
    expect(citizen.locator("table.progress-table tbody tr")).to_have_count(3)
    assert_accessible(citizen)
    screenshot(citizen, f"journey-progress-{language}")

    # Mette, with a fuldmagt from the citizen to see, reads the same program and its progress, and cannot log.
    mette_may_see(live_server, made)
    mette = new_page(browser, live_server, language)
    log_in(mette, live_server, "citizen", "Mette Testesen")
    mette.get_by_role("button", name=made.citizen.name, exact=True).click()
    mette.locator('main a[href="/mit-traeningsprogram/"]').first.click()
    expect(mette.locator("h1")).to_contain_text(made.citizen.name)
    expect(mette.locator(".program-exercise h2").first).to_have_text(f"1. {names[0]}")
    expect(mette.get_by_role("link", name=words["log"])).to_have_count(0)
    assert_accessible(mette)
    mette.get_by_role("link", name=words["see_progress"]).click()
    expect(mette.locator("circle.chart-effort-point")).to_have_count(3)
    assert_accessible(mette)

    # Lise reads the end note under her referral, and the outbox holds one e-mail to her about it.
    lise.goto(live_server.path(f"/laege/henvisninger/{made.referral_id}"))
    section = lise.locator("section[aria-labelledby=end-note-heading]")
    expect(section.locator("h2")).to_have_text(words["end_note"])
    expect(section).to_contain_text(RECOMMENDATION)
    assert_accessible(lise)
    screenshot(lise, f"journey-end-note-gp-{language}")
    with live_server.app.app_context():
        (notice,) = db.session.scalars(
            sa.select(Message).where(Message.application_id == made.referral_id, Message.account_id.is_not(None))
        ).all()
        assert f"/laege/henvisninger/{made.referral_id}" in notice.body
        assert RECOMMENDATION not in notice.body
        assert [d.address for d in notice.deliveries] == [persona("gp").email]
    for page in (lise, torben, citizen, mette):
        page.context.close()
