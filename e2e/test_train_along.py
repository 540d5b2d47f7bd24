"""Træn med in a real browser on a 390 px phone: a citizen trains with her program from Mit overblik, with and without
JavaScript, finishes, rates and sees the day in the chart; Mette does the same as her helper; the QR code of the
printed program opens the exercise page; a day logged offline is sent once when the phone is online again.
axe on every page, and the LIX of every step page at or under 25.

Each test's citizen is one of its own, with a copy of Karen's demo program: the day a test logs (today, mostly) is new
to that program whatever the other tests logged, and nothing is deleted afterwards."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
import zxingcpp
from babel.dates import format_date
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect

from devtools.idp import LocalIdP
from devtools.personas import Persona
from e2e.browser import assert_accessible, assert_fits_a_phone, screenshot
from e2e.conftest import LiveServer, serve_demo
from e2e.test_login import log_in
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Program, Scope, TrainingLogEntry, TrainingLogSubmission
from portal.programs import chart, links
from portal.standard.lix import page_lix
from tests import factories

PHONE = {"width": 390, "height": 844}
STEP_PAGE_LIX = 25
# The five exercises of Karen's demo program and how many sets each asks for: 3 x 10, 2 x 15, a hold, 2 x 10, 3 x 12.
DEMO_SETS = [3, 2, 1, 2, 3]
# Counts the tones train.js makes, and gives the page a Danish voice that records what it is asked to read.
SOUND_AND_VOICE = """
window.__tones = 0;
window.__spoken = [];
const Context = window.AudioContext || window.webkitAudioContext;
if (Context) {
  const make = Context.prototype.createOscillator;
  Context.prototype.createOscillator = function () { window.__tones += 1; return make.call(this); };
}
if (window.speechSynthesis) {
  const voice = { lang: "da-DK", name: "Dansk", default: true, localService: true, voiceURI: "da" };
  window.speechSynthesis.getVoices = () => [voice];
  window.speechSynthesis.speak = (utterance) => { window.__spoken.push(utterance.text); };
}
"""


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(10_000)
    context.add_init_script(SOUND_AND_VOICE)
    yield context
    context.close()


@pytest.fixture
def phone_without_javascript(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory, idp: LocalIdP) -> Iterator[LiveServer]:
    """Træn med's journeys train with copies of Karen's demo program, so they run on a demo of their own: what earlier
    browser tests did to Karen's program cannot change the copies."""
    yield from serve_demo(tmp_path_factory, idp)


@dataclass
class Trainee:
    """A citizen of the test's own and her program, a copy of Karen's."""

    persona: Persona
    program_id: int

    @property
    def name(self) -> str:
        return self.persona.name


@pytest.fixture
def trainee(live_server: LiveServer, own_citizen: Callable[[str, str], Persona]) -> Trainee:
    """Elna, with Karen's demo program issued to her as it was to Karen: the same exercises and doses in the same
    order, the same introduction, on the same day, so the steps and the days a log may take are Karen's."""
    elna = own_citizen("Elna", "Bøgh")
    with live_server.app.app_context():
        karens = db.session.scalar(
            sa.select(Program)
            .join(Person, Program.person_id == Person.id)
            .where(Person.given_name == "Karen", Program.issued_at.is_not(None))
            .order_by(Program.issued_at.desc())
        )
        person = factories.person_of(elna)
        program = factories.a_program(
            person,
            exercises=[item.exercise for item in karens.items],
            author=karens.author,
            introduction=karens.introduction,
            issued_at=karens.issued_at,
        )
        for copy, item in zip(program.items, karens.items, strict=True):
            copy.sets, copy.repetitions, copy.seconds = item.sets, item.repetitions, item.seconds
            copy.times_per_week, copy.load, copy.notes = item.times_per_week, item.load, item.notes
        # The printed program's QR codes, which the portal makes when it issues a program.
        links.mint(program)
        db.session.commit()
        return Trainee(elna, program.id)


def entry_on(live_server: LiveServer, trainee: Trainee, day: date) -> TrainingLogEntry | None:
    with live_server.app.app_context():
        entry = db.session.scalar(
            sa.select(TrainingLogEntry).where(
                TrainingLogEntry.program_id == trainee.program_id, TrainingLogEntry.day == day
            )
        )
        if entry is not None:
            db.session.expunge(entry)
        return entry


def check_page(page: Page, javascript: bool) -> None:
    """axe, and the phone's width, where a script may run in the page: they are scripts themselves. The pages are
    the same with and without JavaScript, so each is checked in the journey that has it."""
    if javascript:
        assert_accessible(page)
        assert_fits_a_phone(page, PHONE["width"])


def check_step_page(page: Page, javascript: bool) -> None:
    assert page_lix(page.content()) <= STEP_PAGE_LIX, page.url
    check_page(page, javascript)


def do_the_program(page: Page, with_javascript: bool) -> None:
    """From the first step to the questions at the end: every set of every exercise, one big button at a time."""
    for number, sets in enumerate(DEMO_SETS, start=1):
        expect(page.locator(".train-progress")).to_contain_text(f"Øvelse {number} af {len(DEMO_SETS)}")
        check_step_page(page, with_javascript)
        for done in range(sets):
            button = page.locator("[data-set-form] button")
            label = "Jeg har lavet øvelsen" if sets == 1 else f"Jeg har lavet sæt {done + 1}"
            expect(button).to_have_text(label)
            button.click()
            if done + 1 < sets:
                expect(page.locator("[data-countdown=rest]")).to_contain_text("Hvil i")
                if with_javascript:
                    expect(page.locator("[data-countdown=rest] [data-clock]")).to_be_visible()
        expect(page.locator(".train-finished")).to_have_text("Godt gået. Øvelsen er lavet.")
        if number < len(DEMO_SETS):
            page.get_by_role("link", name="Næste øvelse").click()
        else:
            page.get_by_role("link", name="Slut og sig, hvordan det gik").click()


def rate_and_see_the_chart(page: Page, effort: int, pain: int, javascript: bool = True) -> None:
    expect(page.locator("h1")).to_have_text("Hvordan gik det?")
    check_page(page, javascript)
    # Nothing chosen: the errors are said at the top and next to each question.
    page.get_by_role("button", name="Gem træningen").click()
    expect(page.locator("[data-module=error-summary]")).to_contain_text("Vælg, hvor hårdt det var")
    expect(page.locator("#pain-error")).to_contain_text("Vælg, hvor ondt det gjorde")
    check_page(page, javascript)
    page.locator(f"#effort-{effort}").check()
    page.locator(f"#pain-{pain}").check()
    page.get_by_role("button", name="Gem træningen").click()
    expect(page.locator(".alert-success")).to_contain_text("registreret")
    expect(page.locator("h1")).to_have_text("Sådan går det")
    expect(page.locator("svg.chart[role=img]")).to_be_visible()
    # Today is the chart's right edge: the day's effort is a point there, at its height.
    x, y = round(float(chart.WIDTH - chart.RIGHT), 1), round(chart.y_for(effort), 1)
    today_point = page.locator(f'circle.chart-effort-point[cx="{x}"][cy="{y}"]')
    expect(today_point).to_have_count(1)
    first_row = page.locator("table.progress-table tbody tr").first
    expect(first_row.locator("th")).to_contain_text(str(today().day))
    expect(first_row).to_contain_text(f"{effort} –")
    check_page(page, javascript)


def start_from_the_overview(page: Page, javascript: bool = True, with_whom: str | None = None) -> None:
    expect(page.locator("h1")).to_contain_text(re.compile("overblik", re.IGNORECASE))
    check_page(page, javascript)
    page.locator(".train-now a").click()
    expect(page.locator("h1")).to_have_text("Træn nu")
    if with_whom:
        expect(page.locator("main")).to_contain_text(f"Du træner med {with_whom}.")
    check_page(page, javascript)
    page.get_by_role("button", name="Start", exact=True).click()


def test_a_citizen_trains_on_her_phone_with_javascript(
    live_server: LiveServer, phone: BrowserContext, trainee: Trainee
) -> None:
    page = phone.new_page()
    log_in(page, live_server, "citizen", trainee.name)
    start_from_the_overview(page)
    check_step_page(page, javascript=True)
    screenshot(page, "train-step-1")
    # Read aloud, with the device's Danish voice: the name, the dose and the steps.
    page.get_by_role("button", name="Læs op").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken and spoken[0].startswith("Rejse og sætte dig. 3 gange 10 gentagelser. Sid på forkanten")
    # The first set is sent without leaving the page, and the rest counts down on the clock.
    page.locator("[data-set-form] button").click()
    clock = page.locator("[data-countdown=rest] [data-clock]")
    expect(clock).to_be_visible()
    first = clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=3000)
    page.reload()
    expect(page.locator(".train-set-list li").first).to_have_text("Sæt 1: lavet")
    # Back to the start of the exercise list and through it all; the done set is kept.
    page.goto(live_server.path(f"/mit-traeningsprogram/{trainee.program_id}/traen/1"))
    page.locator("[data-set-form] button").click()
    page.locator("[data-set-form] button").click()
    page.get_by_role("link", name="Næste øvelse").click()
    do_the_program_from(page, 2)
    rate_and_see_the_chart(page, effort=4, pain=1)
    entry = entry_on(live_server, trainee, today())
    assert (entry.effort, entry.pain, entry.logged_by_name) == (4, 1, trainee.name)


def do_the_program_from(page: Page, first: int) -> None:
    for number in range(first, len(DEMO_SETS) + 1):
        expect(page.locator(".train-progress")).to_contain_text(f"Øvelse {number} af {len(DEMO_SETS)}")
        check_step_page(page, javascript=True)
        for _ in range(DEMO_SETS[number - 1]):
            page.locator("[data-set-form] button").click()
            page.wait_for_load_state()
        expect(page.locator(".train-finished")).to_be_visible()
        name = "Næste øvelse" if number < len(DEMO_SETS) else "Slut og sig, hvordan det gik"
        page.get_by_role("link", name=name).click()


def test_the_hold_and_the_rest_end_with_a_sound_and_a_visible_change(
    live_server: LiveServer, phone: BrowserContext, trainee: Trainee
) -> None:
    page = phone.new_page()
    page.clock.install()
    log_in(page, live_server, "citizen", trainee.name)
    page.goto(live_server.path(f"/mit-traeningsprogram/{trainee.program_id}/traen/3"))
    hold = page.locator("[data-countdown=hold]")
    expect(hold).to_contain_text("Hold i 30 sekunder.")
    page.get_by_role("button", name="Start uret").click()
    expect(hold.locator("[data-clock]")).to_have_text("0:30")
    page.clock.run_for(31_000)
    expect(hold).to_have_class("train-timer is-done")
    expect(hold.locator("[data-when-done]")).to_have_text("Tiden er gået. Slip og tryk på knappen.")
    assert page.evaluate("window.__tones") == 3
    screenshot(page, "train-hold-done")
    assert_accessible(page)


def test_a_citizen_trains_on_her_phone_without_javascript(
    live_server: LiveServer, phone_without_javascript: BrowserContext, trainee: Trainee
) -> None:
    page = phone_without_javascript.new_page()
    log_in(page, live_server, "citizen", trainee.name)
    start_from_the_overview(page, javascript=False)
    # Without a script there is no read-aloud button, and the countdown is text.
    expect(page.get_by_role("button", name="Læs op")).to_have_count(0)
    do_the_program(page, with_javascript=False)
    rate_and_see_the_chart(page, effort=3, pain=0, javascript=False)
    entry = entry_on(live_server, trainee, today())
    assert (entry.effort, entry.pain) == (3, 0)


@pytest.fixture
def mette_helps(live_server: LiveServer, trainee: Trainee) -> Iterator[None]:
    with live_server.app.app_context():
        made = factories.delegation(
            factories.person_of(trainee.persona),
            factories.person_for("relative"),
            scopes=f"{Scope.SEE} {Scope.HELP_TRAINING}",
        )
        db.session.commit()
        made_id = made.id
    yield
    # Mette logs in to the other journeys with no one to act for; the access log names the fuldmagt, so it stays.
    with live_server.app.app_context():
        db.session.get(Delegation, made_id).revoked_at = utcnow()
        db.session.commit()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_mette_trains_with_a_citizen_as_her_helper(
    live_server: LiveServer, browser: Browser, trainee: Trainee, mette_helps: None, javascript: bool
) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        log_in(page, live_server, "citizen", "Mette Testesen")
        page.get_by_role("button", name=trainee.name, exact=True).click()
        start_from_the_overview(page, javascript, with_whom=trainee.name)
        do_the_program(page, with_javascript=javascript)
        rate_and_see_the_chart(page, effort=5, pain=2, javascript=javascript)
        expect(page.locator("table.progress-table tbody tr").first).to_contain_text(
            "Registreret af Mette Testesen (pårørende)"
        )
        entry = entry_on(live_server, trainee, today())
        assert (entry.logged_by_name, entry.logged_as) == ("Mette Testesen", "relative")
    finally:
        context.close()


def read_qr(png: bytes) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))]


def test_the_qr_code_of_the_printed_program_opens_the_exercise_page(
    live_server: LiveServer, page: Page, browser: Browser, trainee: Trainee
) -> None:
    log_in(page, live_server, "citizen", trainee.name)
    page.goto(live_server.path(f"/mit-traeningsprogram/{trainee.program_id}/udskriv"))
    codes = page.locator(".exercise-qr")
    expect(codes).to_have_count(5)
    assert_accessible(page)
    first = codes.first
    printed = first.locator(".exercise-qr-url").inner_text()
    # What a phone's camera reads from the code on the screen is the address printed under it.
    assert read_qr(first.locator("svg").screenshot()) == [printed]
    # The link ends in an opaque token, not the program's number (a random token may well contain its digit).
    token = printed.rsplit("/", 1)[1]
    assert trainee.persona.given_name not in printed and not token.isdigit() and len(token) >= 16
    stranger = browser.new_context(viewport=PHONE)
    try:
        scanned = stranger.new_page()
        scanned.goto(printed)
        expect(scanned.locator("h1")).to_have_text("Rejse og sætte dig")
        expect(scanned.locator(".train-dose")).to_have_text("3 gange 10 gentagelser, 4 dage om ugen")
        expect(scanned.locator(".train-movement img")).to_have_count(2)
        for personal in (trainee.persona.given_name, trainee.persona.family_name, "hvis du har brug for det"):
            expect(scanned.locator("body")).not_to_contain_text(personal)
        assert_accessible(scanned)
        assert_fits_a_phone(scanned, PHONE["width"])
        screenshot(scanned, "exercise-page-from-qr")
    finally:
        stranger.close()


def wait_for(condition: Callable[[], bool], seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_day_logged_offline_is_logged_exactly_once_when_the_phone_is_online(
    live_server: LiveServer, phone: BrowserContext, trainee: Trainee
) -> None:
    page = phone.new_page()
    log_in(page, live_server, "citizen", trainee.name)
    program_id = trainee.program_id
    day = today() - timedelta(days=10)
    assert entry_on(live_server, trainee, day) is None
    page.goto(live_server.path(f"/mit-traeningsprogram/{program_id}"))
    keep = page.locator("[data-offline]")
    expect(keep).to_be_visible()
    assert_accessible(page)
    keep.get_by_role("button", name="Gem på denne telefon").click()
    expect(keep.locator("[data-offline-status]")).to_have_text("Programmet er gemt på denne telefon.")

    phone.set_offline(True)
    page.goto(live_server.path(f"/mit-traeningsprogram/{program_id}/registrer"))
    expect(page.locator("h1")).to_have_text("Registrér en træningsdag")
    page.locator("#day-day").fill(str(day.day))
    page.locator("#day-month").fill(str(day.month))
    page.locator("#day-year").fill(str(day.year))
    page.locator("#items-0").check()
    page.locator("#effort-9").check()
    page.locator("#pain-3").check()
    page.get_by_role("button", name="Gem træningsdagen").click()
    expect(page.locator("h1")).to_have_text("Din træningsdag er gemt på telefonen")
    expect(page.locator("[data-offline-queue]")).to_contain_text("1 træningsdag venter på at blive sendt.")
    assert entry_on(live_server, trainee, day) is None

    # Back online, the page that said the day was kept sends it, and says so.
    phone.set_offline(False)
    sent = "De træningsdage, der var gemt på telefonen, er sendt."
    expect(page.locator("[data-offline-queue]")).to_contain_text(sent)
    assert wait_for(lambda: entry_on(live_server, trainee, day) is not None)
    assert_accessible(page)
    # Another page opened online sends again whatever is left: nothing is, and the day stays one entry.
    page.goto(live_server.path(f"/mit-traeningsprogram/{program_id}/fremskridt"))
    page.wait_for_timeout(1000)
    entry = entry_on(live_server, trainee, day)
    assert (entry.effort, entry.pain) == (9, 3)
    with live_server.app.app_context():
        keys = db.session.scalars(
            sa.select(TrainingLogSubmission.idempotency_key).where(TrainingLogSubmission.entry_id == entry.id)
        ).all()
    assert len(keys) == 1
    # The day's row in the table: how hard 9 (a number the Borg scale gives no word of its own), pain 3.
    row = page.locator("table.progress-table tbody tr").filter(
        has=page.locator("th", has_text=format_date(day, "EEEE d. MMMM", locale="da"))
    )
    expect(row.locator("td").nth(0)).to_have_text("9")
    expect(row.locator("td").nth(1)).to_have_text("3")
