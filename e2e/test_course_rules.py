"""The course rules in a real browser, with Rødovre's no-show rule: the therapist records no-shows for a citizen and
she is warned; the therapist gets a task, ends the course early, and the citizen sees why. Teams are created. axe on
every new page, in Danish and in English."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from devtools.personas import Persona
from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    SessionKind,
)
from portal.municipalities import load
from portal.sessions import services
from tests import factories

WORDS = {
    "da": {
        "no_show": "Udeblevet",
        "save": "Gem fremmøde",
        "warning": "Du har været væk 1 gang.",
        "limit": "Vi kontakter dig",
        "task": "Skal vurderes",
        "end_link": "Afslut forløbet",
        "end_button": "Afslut forløbet",
        "other": "En anden årsag",
        "ended": "Forløbet er slut",
        "citizen_ended": "Dit træningsforløb er slut",
        "citizen_reason": "Fravær fra træningen",
        "create_team": "Opret holdet",
        "team_created": "Holdet er oprettet",
    },
    "en": {
        "no_show": "Did not come",
        "save": "Save attendance",
        "warning": "You have been absent 1 time.",
        "limit": "We will contact you",
        "task": "To be assessed",
        "end_link": "End the course",
        "end_button": "End the course",
        "other": "Another reason",
        "ended": "The course has ended",
        "citizen_ended": "Your training course has ended",
        "citizen_reason": "Absence from the training",
        "create_team": "Create the team",
        "team_created": "The team is created",
    },
}


_COURSES = itertools.count()


@dataclasses.dataclass
class RulesCourse:
    id: int
    past: list[int]
    citizen: Persona


@pytest.fixture
def rules_course(live_server: LiveServer, own_citizen: Callable[[str, str], Persona]) -> Iterator[RulesCourse]:
    """A course for a citizen of the test's own with two sessions that have passed and one to come, under Rødovre's
    no-show rule, made here with tests/factories.py. She logs in to see it, and her sessions page shows every course
    of hers that has ended: as this is her only course, the page holds this course's notices alone, whatever the
    other tests did, and nothing needs removing afterwards."""
    app = live_server.app
    profile = app.config["PROFILE"]
    app.config["PROFILE"] = dataclasses.replace(profile, absence=load("rodovre").absence)
    citizen = own_citizen("Oda", "Friis")
    with app.app_context():
        person = factories.person_of(citizen)
        torben = factories.account_of("therapist")
        course = factories.granted_course(person, profile.offers[0], torben, "Gå på trapper", 10, decided_days_ago=20)
        # Torben books every course here, and a course an earlier test left behind still holds his times: each
        # course's sessions are two days further back (and one further ahead) than the one before it.
        shift = timedelta(days=next(_COURSES))
        day = utcnow().replace(hour=6, minute=0, second=0, microsecond=0)
        starts = [
            day - timedelta(days=9) - 2 * shift,
            day - timedelta(days=8) - 2 * shift,
            day + timedelta(days=30) + shift,
        ]
        made = services.book(course, torben.id, starts, 30, services.Place(SessionKind.HOME))
        db.session.commit()
        ids = RulesCourse(course.id, [made[0].id, made[1].id], citizen)
    yield ids
    app.config["PROFILE"] = profile


@pytest.fixture
def citizens_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def record_no_show(page: Page, course_id: int, session_id: int, words: dict[str, str]) -> None:
    form = page.locator(f'form[action="/medarbejder/forloeb/{course_id}/traeningstider/{session_id}/fremmoede"]')
    form.get_by_label(words["no_show"]).check()
    form.get_by_role("button", name=words["save"]).click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_shows_warn_the_citizen_and_the_therapist_ends_the_course(
    live_server: LiveServer, page: Page, citizens_page: Page, rules_course: RulesCourse, language: str
) -> None:
    words = WORDS[language]
    course_path = live_server.path(f"/medarbejder/forloeb/{rules_course.id}")
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "staff", "Torben Terapeut")
    page.goto(course_path)
    record_no_show(page, rules_course.id, rules_course.past[0], words)
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page)

    citizens_page.goto(live_server.url)
    if language == "en":
        citizens_page.get_by_role("link", name="English").click()
    log_in(citizens_page, live_server, "citizen", rules_course.citizen.name)
    citizens_page.goto(live_server.path("/mine-traeningstider/"))
    expect(citizens_page.locator("main .alert-info")).to_contain_text(words["warning"])
    assert_accessible(citizens_page)
    screenshot(citizens_page, f"course-rules-warning-{language}")

    record_no_show(page, rules_course.id, rules_course.past[1], words)
    page.goto(live_server.path("/medarbejder/forloeb/"))
    expect(page.locator(f'td a[href="/medarbejder/forloeb/{rules_course.id}"] strong')).to_have_text(words["task"])
    assert_accessible(page)
    page.goto(course_path)
    expect(page.locator("main .alert-warning")).to_contain_text(words["task"])
    assert_accessible(page)
    screenshot(page, f"course-rules-task-{language}")
    citizens_page.reload()
    expect(citizens_page.locator("main .alert-warning")).to_contain_text(words["limit"])

    page.locator("main .alert-warning").get_by_role("link", name=words["end_link"]).click()
    page.locator("main form[method=post]").get_by_role("button", name=words["end_button"]).click()
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    page.locator("#text").fill("Du er ikke kommet to gange. Ring til os, hvis du vil starte igen.")
    page.locator("main form[method=post]").get_by_role("button", name=words["end_button"]).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(words["ended"])
    assert_accessible(page)

    citizens_page.reload()
    ended = citizens_page.locator("main .alert-info").filter(has_text=words["citizen_ended"])
    expect(ended).to_contain_text(words["citizen_reason"])
    expect(ended).to_contain_text("Ring til os, hvis du vil starte igen.")
    assert_accessible(citizens_page)
    screenshot(citizens_page, f"course-rules-ended-{language}")


@pytest.mark.parametrize("language", ["da", "en"])
def test_the_therapist_creates_a_team(live_server: LiveServer, page: Page, language: str) -> None:
    words = WORDS[language]
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()
    log_in(page, live_server, "staff", "Torben Terapeut")
    page.goto(live_server.path("/medarbejder/hold/"))
    assert_accessible(page)
    page.goto(live_server.path("/medarbejder/hold/ny"))
    assert_accessible(page)
    page.locator("main form[method=post]").get_by_role("button", name=words["create_team"]).click()
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    page.locator("#name").fill(f"Balance {language}")
    page.locator("label[for=centre-0]").click()
    page.locator("#capacity").fill("6")
    page.locator("main form[method=post]").get_by_role("button", name=words["create_team"]).click()
    expect(page.locator(".alert-success")).to_contain_text(words["team_created"])
    expect(page.locator("main table")).to_contain_text(f"Balance {language}")
    assert_accessible(page)
