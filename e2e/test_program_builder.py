"""The program builder in a real browser: Torben builds Karen's self-training program, writes the end note and
issues it; Lise, who referred Karen, reads the end note under her referral. axe on every page, in Danish and English.

The course is made here from a referral by Lise, so the demo course other journeys book on stays active.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.database import utcnow
from portal.extensions import db
from portal.models import Account, ApplicationStatus
from tests import factories
from tests.oidc_flow import persona

WORDS = {
    "da": {
        "courses": "Forløb",
        "open_builder": "Lav programmet, skriv slutstatus og afslut forløbet",
        "start": "Start programmet",
        "search": "Søg",
        "add": "Tilføj",
        "save_dose": "Gem dosis",
        "write_intro": "Skriv indledningen",
        "save_intro": "Gem indledningen",
        "dose_for": "Dosis for",
        "dose_error": "Skriv gentagelserne eller sekunderne",
        "reps": "Gentagelser pr. sæt",
        "seconds": "Sekunder (hold stillingen eller bliv ved)",
        "add_exercise": "Tilføj en øvelse",
        "move_up": "Flyt op",
        "save_as_template": "Gem som skabelon",
        "save_template": "Gem skabelonen",
        "use_template": "Brug skabelon",
        "preview": "Se programmet som borgeren",
        "your_program": "Dit træningsprogram",
        "write_end_note": "Skriv slutstatus",
        "save_end_note": "Gem slutstatus",
        "issue": "Udlever program og afslut forløb",
        "issued": "Programmet er udleveret",
        "templates": "Programskabeloner",
        "end_note": "Slutstatus",
        "ready": "Slutstatus er klar",
    },
    "en": {
        "courses": "Courses",
        "open_builder": "Build the program, write the end note and end the course",
        "start": "Start the program",
        "search": "Search",
        "add": "Add",
        "save_dose": "Save the dose",
        "write_intro": "Write the introduction",
        "save_intro": "Save the introduction",
        "dose_for": "Dose for",
        "dose_error": "Write the repetitions or the seconds",
        "reps": "Repetitions per set",
        "seconds": "Seconds (to hold or keep going)",
        "add_exercise": "Add an exercise",
        "move_up": "Move up",
        "save_as_template": "Save as a template",
        "save_template": "Save the template",
        "use_template": "Use a template",
        "preview": "Preview as the citizen sees it",
        "your_program": "Your training program",
        "write_end_note": "Write the end note",
        "save_end_note": "Save the end note",
        "issue": "Issue the program and end the course",
        "issued": "The program is issued",
        "templates": "Program templates",
        "end_note": "End note",
        "ready": "End note ready",
    },
}


@pytest.fixture
def lises_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def course_referred_by_lise(live_server: LiveServer, number: int) -> tuple[int, int]:
    """A granted referral from Lise (who has logged in once) for a citizen of this test's own, and its course:
    (course id, referral id). Not Karen: issuing a program ends her demo program's QR codes and takes the place of
    the program the Træn med journeys train with."""
    with live_server.app.app_context():
        citizen = factories.a_person(number, given_name="Kirsten", family_name="Bygholm")
        lise = db.session.scalar(sa.select(Account).where(Account.subject == persona("gp").sub))
        referral = factories.referral(citizen, lise, status=ApplicationStatus.GRANTED, decided_at=utcnow())
        course = factories.course(citizen, application=referral, goals="Gå til Brugsen uden stok.")
        db.session.commit()
        return course.id, referral.id


def choose_language(page: Page, live_server: LiveServer, language: str) -> None:
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()


def click_in_main(page: Page, name: str) -> None:
    page.locator("main").get_by_role("button", name=name, exact=True).first.click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_torben_builds_and_issues_karens_program_and_lise_reads_the_end_note(
    live_server: LiveServer, page: Page, lises_page: Page, language: str
) -> None:
    words = WORDS[language]
    lise = lises_page
    choose_language(lise, live_server, language)
    log_in(lise, live_server, "gp", "Lise Lægesen")
    course_id, referral_id = course_referred_by_lise(live_server, 700 if language == "da" else 701)
    builder = f"/medarbejder/forloeb/{course_id}/program"

    choose_language(page, live_server, language)
    log_in(page, live_server, "staff", "Torben Terapeut")
    page.get_by_role("link", name=words["courses"], exact=True).click()
    page.locator(f'a[href="/medarbejder/forloeb/{course_id}"]').click()
    page.get_by_role("link", name=words["open_builder"]).click()
    expect(page).to_have_url(live_server.path(builder))
    assert_accessible(page)
    click_in_main(page, words["start"])

    # The picker: search, then add the first exercise found.
    expect(page.locator("h1")).to_have_text(words["add_exercise"])
    assert_accessible(page)
    page.locator("#omraade").select_option("legs")
    click_in_main(page, words["search"])
    page.locator("main tbody tr").first.get_by_role("button").click()

    # The dose: nothing filled in is refused next to the field, then saved.
    expect(page.locator("main h1")).to_contain_text(words["dose_for"])
    click_in_main(page, words["save_dose"])
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["dose_error"])
    assert_accessible(page)
    page.locator("#sets").fill("3")
    page.locator("#repetitions").fill("10")
    page.locator("#times_per_week").fill("4")
    page.locator("#load").fill("2 kg")
    click_in_main(page, words["save_dose"])
    expect(page).to_have_url(live_server.path(builder))

    # A second exercise, held for time, moved to the top.
    page.get_by_role("link", name=words["add_exercise"]).click()
    page.locator("#q").fill("balance" if language == "en" else "stå")
    click_in_main(page, words["search"])
    page.locator("main tbody tr").first.get_by_role("button").click()
    page.locator("#seconds").fill("30")
    page.locator("#times_per_week").fill("7")
    click_in_main(page, words["save_dose"])
    expect(page.locator("main ol.program-list > li")).to_have_count(2)
    second = page.locator("main ol.program-list > li").nth(1).locator("strong").first.inner_text()
    page.locator("main ol.program-list > li").nth(1).get_by_role("button", name=words["move_up"]).click()
    expect(page.locator("main ol.program-list > li").first.locator("strong").first).to_have_text(second)
    assert_accessible(page)

    page.get_by_role("link", name=words["write_intro"]).click()
    assert_accessible(page)
    page.locator("#introduction").fill("Træn lidt hver dag, så holder du fast i det, du har nået.")
    click_in_main(page, words["save_intro"])
    expect(page.locator("main")).to_contain_text("Træn lidt hver dag")

    # Save it as a template, look at the template pages, and preview it as Karen will see it.
    page.get_by_role("link", name=words["save_as_template"]).click()
    assert_accessible(page)
    page.locator("#name").fill(f"Balance og ben ({language})")
    click_in_main(page, words["save_template"])
    page.get_by_role("link", name=words["use_template"]).click()
    expect(page.locator("main")).to_contain_text(f"Balance og ben ({language})")
    assert_accessible(page)
    page.goto(live_server.path("/medarbejder/programskabeloner"))
    expect(page.locator("h1")).to_have_text(words["templates"])
    assert_accessible(page)
    page.goto(live_server.path(builder))
    page.get_by_role("link", name=words["preview"]).click()
    expect(page.locator("h1")).to_have_text(words["your_program"])
    expect(page.locator("main img.exercise-picture").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"program-preview-{language}")

    # The end note, then the issue.
    page.goto(live_server.path(builder))
    page.get_by_role("link", name=words["write_end_note"]).click()
    click_in_main(page, words["save_end_note"])
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    page.locator("#goals_reached").fill("Karen går til Brugsen med stok og rejser sig selv fra stolen.")
    page.locator("#recommendation").fill("Træn videre med programmet. Seniorgymnastik i den lokale forening.")
    click_in_main(page, words["save_end_note"])
    page.get_by_role("link", name=words["issue"]).click()
    assert_accessible(page)
    click_in_main(page, words["issue"])
    expect(page.locator("main .alert-success").first).to_contain_text(words["issued"])
    assert_accessible(page)
    screenshot(page, f"program-issued-{language}")

    # Lise reads the end note under her referral; her list marks it.
    lise.goto(live_server.path("/laege/henvisninger"))
    expect(lise.locator(f'tr:has(a[href="/laege/henvisninger/{referral_id}"])')).to_contain_text(words["ready"])
    assert_accessible(lise)
    lise.locator(f'a[href="/laege/henvisninger/{referral_id}"]').click()
    section = lise.locator("section[aria-labelledby=end-note-heading]")
    expect(section.locator("h2")).to_have_text(words["end_note"])
    expect(section).to_contain_text("Seniorgymnastik i den lokale forening.")
    expect(section).to_contain_text("Karen går til Brugsen med stok")
    assert_accessible(lise)
    screenshot(lise, f"program-end-note-gp-{language}")
