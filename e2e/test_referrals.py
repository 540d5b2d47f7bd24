"""A GP referral in real browsers: Lise Lægesen refers Karen Testesen, Karen sees it and adds her own answers."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, assert_fits_a_phone, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal import municipalities
from portal.extensions import db
from portal.models import Application

WORDS = {
    "da": {
        "referrals": "Dine henvisninger",
        "refer": "Henvis en patient",
        "form": "Henvis en patient til træning",
        "cpr": "CPR-nummer",
        "name": "Fulde navn",
        "confirm": "Jeg har tjekket, at navn og CPR-nummer passer sammen",
        "yes": "Ja",
        "reason": "Årsag til henvisningen",
        "diagnosis": "Diagnose",
        "code": "Diagnosekode",
        "continue": "Fortsæt",
        "bad_date": "De første 6 cifre i CPR-nummeret er ikke en rigtig dato",
        "check": "Tjek henvisningen, før du sender den",
        "send": "Send henvisningen",
        "sent": "Henvisningen er sendt",
        "promised": "Brev fra kommunen",
        "see": "Se henvisningen",
        "referral_of": "Henvisning af Karen Testesen",
        "status": "Sendt til kommunen",
        "referred_you": "Din læge har henvist dig",
        "add_answers": "Tilføj dine egne svar til henvisning",
        "answers": "Dine svar til henvisningen",
        "daily_life": "Hvad har du svært ved i din hverdag nu?",
        "goal": "Hvad vil du gerne kunne igen?",
        "transport": "Nej, jeg skal have hjælp til at komme derhen",
        "phone": "Telefonnummer",
        "save": "Gem dine svar",
        "missing_goal": "Skriv, hvad du gerne vil kunne igen",
        "saved": "Tak. Dine svar er gemt",
    },
    "en": {
        "referrals": "Your referrals",
        "refer": "Refer a patient",
        "form": "Refer a patient to training",
        "cpr": "The patient's CPR number",
        "name": "The patient's full name",
        "confirm": "I have checked that the name and the CPR number belong to the patient I am referring",
        "yes": "Yes",
        "reason": "Reason for the referral",
        "diagnosis": "Diagnosis",
        "code": "Diagnosis code",
        "continue": "Continue",
        "bad_date": "The first 6 digits of the CPR number are not a real date",
        "check": "Check the referral before you send it",
        "send": "Send the referral",
        "sent": "The referral is sent",
        "promised": "Letter from the municipality",
        "see": "See the referral",
        "referral_of": "Referral of Karen Testesen",
        "status": "Sent to the municipality",
        "referred_you": "Your doctor has referred you",
        "add_answers": "Add your own answers to referral",
        "answers": "Your answers to the referral",
        "daily_life": "What do you find hard in your daily life now?",
        "goal": "What do you want to be able to do again?",
        "transport": "No, I need help to get there",
        "phone": "Phone number",
        "save": "Save your answers",
        "missing_goal": "Write what you want to be able to do again",
        "saved": "Thank you. Your answers are saved",
    },
}


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def hjorring(live_server: LiveServer) -> Iterator[None]:
    """Hjørring's standard promises dates for a referral (a letter, a talk); the demo's Norddjurs does not yet."""
    original = live_server.app.config["PROFILE"]
    live_server.app.config["PROFILE"] = municipalities.load("hjorring")
    yield
    live_server.app.config["PROFILE"] = original


def referral_count(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Application).where(Application.source == "gp"))


def start_in(page: Page, live_server: LiveServer, language: str) -> None:
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_gp_refers_karen_and_karen_adds_her_answers(
    live_server: LiveServer, hjorring: None, page: Page, second_page: Page, language: str
) -> None:
    words = WORDS[language]
    gp, karen = page, second_page

    # Lise Lægesen logs in with MitID Erhverv and lands on her referrals.
    start_in(gp, live_server, language)
    log_in(gp, live_server, "gp", "Lise Lægesen")
    expect(gp.locator("h1")).to_have_text(words["referrals"])
    assert_accessible(gp)
    gp.get_by_role("link", name=words["refer"], exact=True).click()
    expect(gp.locator("h1")).to_have_text(words["form"])
    assert_accessible(gp)

    # A CPR number whose first six digits are no date (31 February) is refused; the rest stays.
    gp.get_by_label(words["cpr"], exact=True).fill("310244-1236")
    gp.get_by_label(words["name"], exact=True).fill("Karen Testesen")
    gp.get_by_label(words["confirm"]).check()
    gp.get_by_label(words["yes"], exact=True).check()
    gp.get_by_label(words["reason"]).fill("Faldet to gange på en måned. Usikker gang.")
    gp.get_by_label(words["diagnosis"], exact=True).fill("Artrose i venstre hofte")
    gp.get_by_label(words["code"]).fill("M16.1")
    gp.get_by_role("button", name=words["continue"]).click()
    expect(gp.locator("[data-module=error-summary]")).to_contain_text(words["bad_date"])
    expect(gp.get_by_label(words["name"], exact=True)).to_have_value("Karen Testesen")
    expect(gp.get_by_label(words["code"])).to_have_value("M16.1")
    assert gp.title().startswith("Fejl: " if language == "da" else "Error: ")
    assert_accessible(gp)
    screenshot(gp, f"referral-form-error-{language}")

    # Corrected, checked and sent.
    gp.get_by_label(words["cpr"], exact=True).fill("150344-1236")
    gp.get_by_role("button", name=words["continue"]).click()
    expect(gp.locator("h1")).to_have_text(words["check"])
    expect(gp.locator("main")).to_contain_text("150344-1236")
    assert_accessible(gp)
    screenshot(gp, f"referral-check-{language}")
    # The same form sent twice (as when the first answer never reached the browser) makes one referral.
    before = referral_count(live_server)
    form = gp.locator("main form")
    fields = {name: form.locator(f"input[name={name}]").input_value() for name in ("csrf_token", "token")}
    first = gp.context.request.post(gp.url, form=fields, max_redirects=0)
    assert first.status == 303
    gp.get_by_role("button", name=words["send"]).click()
    expect(gp.locator("h1")).to_have_text(words["sent"])
    assert referral_count(live_server) == before + 1
    assert gp.url == live_server.path(first.headers["location"])
    case_number = re.search(r"TR-\d{4}-\d{5}", gp.locator("main").inner_text())
    assert case_number is not None
    expect(gp.locator("main")).to_contain_text(words["promised"])
    assert_accessible(gp)
    screenshot(gp, f"referral-receipt-{language}")

    # Back in the browser's history, "check and send" has nothing left to send and shows the empty form.
    gp.go_back()
    expect(gp.locator("h1")).to_have_text(words["form"])
    expect(gp.get_by_label(words["cpr"], exact=True)).to_have_value("")

    gp.goto(live_server.path("/laege/henvisninger"))
    row = gp.locator("tbody tr", has_text=case_number.group())
    expect(row).to_contain_text("Karen Testesen")
    expect(row).to_contain_text("150344-XXXX")
    expect(row).to_contain_text(words["status"])
    assert_accessible(gp)
    assert_fits_a_phone(gp)
    row.get_by_role("link", name="Karen Testesen").click()
    expect(gp.locator("h1")).to_have_text(words["referral_of"])
    expect(gp.locator("main")).to_contain_text("Artrose i venstre hofte")
    assert_accessible(gp)
    screenshot(gp, f"referral-page-{language}")

    # Karen logs in and finds the referral on her overview.
    start_in(karen, live_server, language)
    log_in(karen, live_server, "citizen", "Karen Testesen")
    karen.goto(live_server.path("/mit-overblik"))
    section = karen.locator("section", has_text=words["referred_you"])
    expect(section).to_contain_text(case_number.group())
    expect(section).to_contain_text("Lise Lægesen")
    assert_accessible(karen)
    screenshot(karen, f"referral-overview-{language}")

    # She adds her own answers, after forgetting one.
    section.get_by_role("link", name=f"{words['add_answers']} {case_number.group()}").click()
    expect(karen.locator("h1")).to_have_text(words["answers"])
    assert_accessible(karen)
    karen.get_by_label(words["daily_life"]).fill("Trapperne hjemme")
    karen.get_by_role("button", name=words["save"]).click()
    expect(karen.locator("[data-module=error-summary]")).to_contain_text(words["missing_goal"])
    expect(karen.get_by_label(words["daily_life"])).to_have_value("Trapperne hjemme")
    assert_accessible(karen)
    karen.get_by_label(words["goal"]).fill("Gå til Brugsen igen")
    karen.get_by_label(words["transport"]).check()
    karen.get_by_label(words["phone"]).fill("12 34 56 78")
    karen.get_by_role("button", name=words["save"]).click()
    expect(karen.locator(".alert-success")).to_contain_text(words["saved"])
    assert_accessible(karen)
