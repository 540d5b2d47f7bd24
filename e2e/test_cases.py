"""The visitator's casework in a real browser: inbox, case, acknowledge, talk, question, decision; the citizen's
answer; axe on every page of it, in Danish and in English."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal import people
from portal.applications.services import submit
from portal.clock import today
from portal.extensions import db
from portal.models import Account, Application, ApplicationSource, Message, PromisedDate, PromisedDates
from portal.municipalities.schema import CountUnit, Milestone

KAREN_CPR = "1503441236"

WORDS = {
    "da": {
        "cases": "Sager",
        "case": "Sag {number}",
        "acknowledge": "Kvittér og send brevet",
        "acknowledged": "Kvitteringen er sendt til borgeren.",
        "book": "Book en visitationssamtale",
        "booked": "Samtalen er booket",
        "ask": "Spørg borgeren",
        "asked": "Spørgsmålet er sendt.",
        "grant": "Bevilg",
        "granted": "Ansøgningen er bevilget",
        "decision_letter": "Afgørelse i din sag {number}: Du får træning",
        "refuse": "Afslå",
        "problem": "Der er et problem",
        "too_many": "Skriv et tal fra 1 til 15",
        "no_reason": "Skriv, hvorfor ansøgningen bliver afslået",
        "status_granted": "Bevilget",
        "question_page": "Et spørgsmål om din sag",
        "no_answer": "Skriv dit svar",
        "answered": "Tak. Dit svar er sendt til kommunen.",
    },
    "en": {
        "cases": "Cases",
        "case": "Case {number}",
        "acknowledge": "Acknowledge and send the letter",
        "acknowledged": "The acknowledgement is sent to the citizen.",
        "book": "Book an assessment talk",
        "booked": "The talk is booked",
        "ask": "Ask the citizen",
        "asked": "The question is sent.",
        "grant": "Grant",
        "granted": "The application is granted",
        "decision_letter": "Decision on your case {number}: you get training",
        "refuse": "Refuse",
        "problem": "There is a problem",
        "too_many": "Write a number from 1 to 15",
        "no_reason": "Write why the application is refused",
        "status_granted": "Granted",
        "question_page": "A question about your case",
        "no_answer": "Write your answer",
        "answered": "Thank you. Your answer is sent to the municipality.",
    },
}


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def sent_case(live_server: LiveServer, source: ApplicationSource = ApplicationSource.CITIZEN) -> tuple[int, str]:
    """An application from Karen, sent now, as the apply journey leaves it."""
    with live_server.app.app_context():
        karen = people.find_by_cpr(KAREN_CPR)
        assert karen is not None
        writer = Account(
            issuer="https://e2e.invalid", subject=f"karen-{uuid.uuid4().hex}", display_name="Karen Testesen"
        )
        db.session.add(writer)
        db.session.flush()
        application = Application(
            person_id=karen.id,
            source=str(source),
            created_by_account_id=writer.id,
            answers={"what_changed": "Jeg faldt i sommer.", "goal": "Gå tur med hunden igen.", "gp_consent": True},
        )
        db.session.add(application)
        db.session.flush()
        submit(application, live_server.app.config["PROFILE"])
        db.session.commit()
        return application.id, application.case_number or ""


def question_path(live_server: LiveServer, case_id: int) -> str:
    with live_server.app.app_context():
        body = db.session.scalar(
            sa.select(Message.body).where(Message.kind == "application.question").order_by(Message.id.desc())
        )
    found = re.search(rf"(/mine-sager/{case_id}/spoergsmaal/\d+)", body or "")
    assert found, body
    return found[1]


def submit_button(page: Page) -> None:
    page.locator("main form[method=post] button[type=submit]").click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_visitator_acknowledges_books_a_talk_asks_and_decides(
    live_server: LiveServer, page: Page, second_page: Page, language: str
) -> None:
    words = WORDS[language]
    case_id, number = sent_case(live_server)
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "staff", "Vibeke Visitator")

    # The inbox, from the staff console.
    page.get_by_role("link", name=words["cases"], exact=True).click()
    expect(page.locator("h1")).to_have_text(words["cases"])
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)
    screenshot(page, f"cases-inbox-{language}")

    # The case page.
    page.get_by_role("link", name=number).click()
    expect(page.locator("h1")).to_have_text(words["case"].format(number=number))
    expect(page.locator("main")).to_contain_text("Gå tur med hunden igen.")
    assert_accessible(page)

    # Acknowledge.
    page.get_by_role("button", name=words["acknowledge"]).click()
    expect(page.locator(".alert-success")).to_contain_text(words["acknowledged"])
    expect(page.get_by_role("button", name=words["acknowledge"])).to_have_count(0)
    assert_accessible(page)
    screenshot(page, f"cases-case-{language}")

    # Book the talk, after a first try with nothing filled in.
    page.get_by_role("link", name=words["book"]).click()
    assert_accessible(page)
    submit_button(page)
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["problem"])
    assert_accessible(page)
    talk_day = today() + timedelta(days=7)
    page.locator("#day-day").fill(str(talk_day.day))
    page.locator("#day-month").fill(str(talk_day.month))
    page.locator("#day-year").fill(str(talk_day.year))
    page.locator("#at").fill("10.30")
    page.locator("#place").fill("Træningscenter Auning, Elme Allé 6")
    submit_button(page)
    expect(page.locator(".alert-success")).to_contain_text(words["booked"])
    expect(page.locator("main")).to_contain_text("Træningscenter Auning, Elme Allé 6")

    # Ask for more information.
    page.get_by_role("link", name=words["ask"]).click()
    assert_accessible(page)
    page.locator("#question").fill("Bruger du rollator?")
    submit_button(page)
    expect(page.locator(".alert-success")).to_contain_text(words["asked"])

    # Karen answers in the portal, in the same language.
    karen = second_page
    karen.goto(live_server.url)
    if language == "en":
        karen.get_by_role("link", name="English").click()
    log_in(karen, live_server, "citizen", "Karen Testesen")
    karen.goto(live_server.path(question_path(live_server, case_id)))
    expect(karen.locator("h1")).to_have_text(words["question_page"])
    expect(karen.locator("main")).to_contain_text("Bruger du rollator?")
    assert_accessible(karen)
    submit_button(karen)
    expect(karen.locator("[data-module=error-summary]")).to_contain_text(words["no_answer"])
    assert_accessible(karen)
    karen.locator("#answer").fill("Ja, både inde og ude.")
    submit_button(karen)
    expect(karen.locator(".alert-success")).to_contain_text(words["answered"])
    assert_accessible(karen)
    screenshot(karen, f"cases-answer-{language}")
    page.reload()
    expect(page.locator("main")).to_contain_text("Ja, både inde og ude.")

    # The refusal page, looked at and left: a refusal without a reason is refused.
    page.get_by_role("link", name=words["refuse"], exact=True).click()
    assert_accessible(page)
    submit_button(page)
    expect(page.locator("[data-module=error-summary]")).to_contain_text(words["no_reason"])
    assert_accessible(page)
    page.locator(".back-link").click()

    # Grant TG1, first with more sessions than it allows.
    page.get_by_role("link", name=words["grant"], exact=True).click()
    assert_accessible(page)
    page.get_by_label("TG1:").check()
    page.locator("#sessions").fill("16")
    page.locator("#goals").fill("Gå tur med hunden igen.")
    page.locator("#in_full-0").check()
    submit_button(page)
    expect(page.locator("#sessions-error")).to_contain_text(words["too_many"])
    expect(page.locator("#goals")).to_have_value("Gå tur med hunden igen.")
    assert_accessible(page)
    screenshot(page, f"cases-grant-error-{language}")
    page.locator("#sessions").fill("12")
    submit_button(page)
    expect(page.locator(".alert-success")).to_contain_text(words["granted"])
    expect(page.locator(".case-summary")).to_contain_text(words["status_granted"])
    assert_accessible(page)

    # The decision is in Karen's messages, written in the language she reads the portal in.
    karen.goto(live_server.path("/beskeder"))
    expect(karen.locator("main")).to_contain_text(words["decision_letter"].format(number=number))


def flagged_case(live_server: LiveServer, days_late: int) -> str:
    """A case whose decision was promised `days_late` days ago (0: today), to see the flags as the visitator does."""
    case_id, number = sent_case(live_server)
    due = today() - timedelta(days=days_late)
    with live_server.app.app_context():
        application = db.session.get(Application, case_id)
        assert application is not None
        application.deadlines = PromisedDates().with_date(
            "afgoerelse",
            PromisedDate(
                milestone=Milestone.DECISION,
                due=due,
                unit=CountUnit.WEEKDAYS,
                amount=10,
                counted_from=due - timedelta(days=14),
            ),
        )
        application.next_due_on = due
        db.session.commit()
    return number


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_overdue_and_due_today_flags_pass_axe(live_server: LiveServer, page: Page, language: str) -> None:
    overdue, due_today = flagged_case(live_server, 3), flagged_case(live_server, 0)
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "staff", "Vibeke Visitator")
    page.goto(live_server.path("/medarbejder/sager/"))
    flags = {"da": ("Overskredet", "Frist i dag"), "en": ("Overdue", "Due today")}[language]
    expect(page.locator("tbody tr", has_text=overdue)).to_contain_text(flags[0])
    expect(page.locator("tbody tr", has_text=due_today)).to_contain_text(flags[1])
    assert_accessible(page)
    screenshot(page, f"cases-inbox-flags-{language}")
    page.get_by_role("link", name=overdue).click()
    expect(page.locator("main table").first).to_contain_text(flags[0])
    assert_accessible(page)
