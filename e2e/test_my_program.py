"""Mit træningsprogram in a real browser: Karen opens her program and its print view, logs three training days,
sees the chart and the table; Mette, with a fuldmagt to see, reads the program. axe on every page, in Danish and
in English."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from e2e.browser import assert_accessible, assert_fits_a_phone, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Program, Scope
from portal.models.delegation import DelegationKind

WORDS = {
    "da": {
        "program": "Mit træningsprogram",
        "log": "Registrér en træningsdag",
        "save": "Gem træningsdagen",
        "logged": "Din træningsdag er registreret",
        "progress": "Sådan går det",
        "print": "Udskriv programmet",
        "back": "Tilbage til programmet",
        "first": "Rejse og sætte dig",
        "see_progress": "Se, hvordan det går",
        "error": "Vælg mindst én øvelse, du lavede",
    },
    "en": {
        "program": "My training program",
        "log": "Log a training day",
        "save": "Save the training day",
        "logged": "Your training day is logged",
        "progress": "Your progress",
        "print": "Print the program",
        "back": "Back to the program",
        "first": "Sit to stand",
        "see_progress": "See your progress",
        "error": "Choose at least one exercise you did",
    },
}
# Days ago Karen logs in each language; the demo log already holds other days.
LOGGED_DAYS = {"da": (0, 1, 3), "en": (4, 6, 7)}


def newest_program_id(live_server: LiveServer) -> int:
    with live_server.app.app_context():
        return db.session.scalar(
            sa.select(Program.id)
            .join(Person, Program.person_id == Person.id)
            .where(Person.given_name == "Karen", Program.issued_at.is_not(None))
            .order_by(Program.issued_at.desc())
        )


def fill_day(page: Page, day: date) -> None:
    page.locator("#day-day").fill(str(day.day))
    page.locator("#day-month").fill(str(day.month))
    page.locator("#day-year").fill(str(day.year))


@pytest.mark.parametrize("language", ["da", "en"])
def test_karen_opens_prints_logs_three_days_and_sees_the_chart(
    live_server: LiveServer, page: Page, language: str
) -> None:
    words = WORDS[language]
    program_id = newest_program_id(live_server)
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "citizen", "Karen Testesen")
    page.locator('main a[href="/mit-traeningsprogram/"]').first.click()
    expect(page.locator("h1")).to_have_text(words["program"])
    expect(page.locator(".program-exercise h2").first).to_have_text(f"1. {words['first']}")
    expect(page.locator(".program-exercise img").first).to_be_visible()
    assert_accessible(page)
    screenshot(page, f"my-program-{language}")

    page.get_by_role("link", name=words["print"]).click()
    expect(page.locator("header")).to_have_count(0)
    expect(page.locator(".program-exercise")).to_have_count(5)
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".no-print").first).to_be_hidden()
    screenshot(page, f"my-program-print-{language}")
    page.emulate_media(media="screen")
    page.get_by_role("link", name=words["back"]).click()

    for number, days_ago in enumerate(LOGGED_DAYS[language]):
        page.get_by_role("link", name=words["log"]).first.click()
        expect(page.locator("h1")).to_have_text(words["log"])
        if number == 0:
            assert_accessible(page)
            # Nothing chosen: the errors are shown, and the page still passes axe.
            page.get_by_role("button", name=words["save"]).click()
            expect(page.locator("[data-module=error-summary]")).to_contain_text(words["error"])
            assert_accessible(page)
        fill_day(page, today() - timedelta(days=days_ago))
        page.locator("#items-0").check()
        page.locator("#items-1").check()
        page.locator(f"#effort-{3 + number}").check()
        page.locator(f"#pain-{number}").check()
        page.get_by_role("button", name=words["save"]).click()
        expect(page.locator(".alert-success")).to_contain_text(words["logged"])
        expect(page.locator("h1")).to_have_text(words["progress"])
        page.get_by_role("link", name=words["back"]).click()

    page.goto(live_server.path(f"/mit-traeningsprogram/{program_id}/fremskridt"))
    chart = page.locator("svg.chart[role=img]")
    expect(chart).to_be_visible()
    # The demo's ten days and the three logged here in this language (and three more if the other ran first).
    assert page.locator("circle.chart-effort-point").count() >= 13
    rows = page.locator("table.progress-table tbody tr")
    assert rows.count() == page.locator("circle.chart-effort-point").count()
    expect(rows.first).to_contain_text("3")
    assert_accessible(page)
    assert_fits_a_phone(page)
    # On a phone the chart's labels stay readable: at least 12 px on the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    label = page.locator("svg.chart .chart-labels text").first
    assert label.evaluate("text => text.getBoundingClientRect().height") >= 12
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, f"my-program-progress-{language}")


@pytest.fixture
def mette_may_see(live_server: LiveServer) -> Iterator[None]:
    with live_server.app.app_context():
        karen = db.session.scalar(sa.select(Person).where(Person.given_name == "Karen"))
        mette = db.session.scalar(sa.select(Person).where(Person.given_name == "Mette"))
        made = Delegation(
            kind=DelegationKind.FULDMAGT,
            grantor_person_id=karen.id,
            grantee_person_id=mette.id,
            grantee_cpr_hash=mette.cpr_hash,
            grantee_name=mette.full_name,
            scopes=str(Scope.SEE),
            valid_from=today(),
            accepted_at=utcnow(),
        )
        db.session.add(made)
        db.session.commit()
        made_id = made.id
    yield
    with live_server.app.app_context():
        db.session.get(Delegation, made_id).revoked_at = utcnow()
        db.session.commit()


@pytest.mark.parametrize("language", ["da", "en"])
def test_mette_with_the_see_scope_reads_karens_program(
    live_server: LiveServer, page: Page, mette_may_see: None, language: str
) -> None:
    words = WORDS[language]
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "citizen", "Mette Testesen")
    page.get_by_role("button", name="Karen Testesen", exact=True).click()
    page.locator('main a[href="/mit-traeningsprogram/"]').first.click()
    expect(page.locator("h1")).to_contain_text("Karen Testesen")
    expect(page.locator(".program-exercise")).to_have_count(5)
    expect(page.locator(".program-exercise h2").first).to_have_text(f"1. {words['first']}")
    # Seeing is not logging: no log link, no reminders form.
    expect(page.get_by_role("link", name=words["log"])).to_have_count(0)
    expect(page.locator("#paamindelser")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=words["see_progress"]).click()
    expect(page.locator("h1")).to_have_text(words["progress"])
    expect(page.locator("svg.chart[role=img]")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    ("language", "heading", "text"),
    [
        ("da", "Mit træningsprogram", "Du har ikke et træningsprogram endnu"),
        ("en", "My training program", "You do not have a training program yet"),
    ],
)
def test_a_citizen_without_a_program_is_told_so(
    live_server: LiveServer, page: Page, language: str, heading: str, text: str
) -> None:
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "citizen", "Bent Prøvesen")
    expect(page.locator('main a[href="/mit-traeningsprogram/"]')).to_have_count(0)
    page.goto(live_server.path("/mit-traeningsprogram/"))
    expect(page.locator("h1")).to_have_text(heading)
    expect(page.locator("main")).to_contain_text(text)
    assert_accessible(page)
