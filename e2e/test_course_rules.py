"""The course rules in a real browser, with Rødovre's no-show rule: the therapist records no-shows for Karen and
she is warned; the therapist gets a task, ends the course early, and Karen sees why. Teams are created. axe on
every new page, in Danish and in English."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationStatus,
    Course,
    Message,
    OutboxItem,
    SessionKind,
    SessionSlot,
    TrainingSession,
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


@dataclasses.dataclass
class RulesCourse:
    id: int
    past: list[int]


@pytest.fixture
def rules_course(live_server: LiveServer) -> Iterator[RulesCourse]:
    """A second course for Karen with two sessions that have passed and one to come, under Rødovre's no-show
    rule, made here with tests/factories.py. Karen logs in to see it, so it is hers, and her sessions page shows
    every course of hers that has ended: this course's rows (and only these) are removed again afterwards, so the
    next run and the other browser tests see Karen's page as the demo left it."""
    app = live_server.app
    profile = app.config["PROFILE"]
    app.config["PROFILE"] = dataclasses.replace(profile, absence=load("rodovre").absence)
    with app.app_context():
        karen = factories.person_for("citizen")
        torben = factories.account_of("therapist")
        now = utcnow()
        application = factories.application(
            karen,
            torben,
            status=ApplicationStatus.GRANTED,
            answers={"goal": "Gå på trapper"},
            submitted_at=now - timedelta(days=30),
            decided_at=now - timedelta(days=20),
            decided_by_account_id=torben.id,
            granted_offer=profile.offers[0].id,
            granted_sessions=10,
            decision_goals="Gå på trapper",
        )
        course = factories.course(
            karen, application=application, offer_id=profile.offers[0].id, sessions_allowed=10, goals="Gå på trapper"
        )
        day = now.replace(hour=6, minute=0, second=0, microsecond=0)
        starts = [day - timedelta(days=9), day - timedelta(days=8), day + timedelta(days=30)]
        made = services.book(course, torben.id, starts, 30, services.Place(SessionKind.HOME))
        db.session.commit()
        ids = RulesCourse(course.id, [made[0].id, made[1].id])
        application_id = application.id
    yield ids
    app.config["PROFILE"] = profile
    with app.app_context():
        messages = sa.select(Message.id).where(Message.application_id == application_id)
        sessions = sa.select(TrainingSession.id).where(TrainingSession.course_id == ids.id)
        db.session.execute(sa.delete(OutboxItem).where(OutboxItem.message_id.in_(messages)))
        db.session.execute(sa.delete(Message).where(Message.application_id == application_id))
        db.session.execute(sa.delete(SessionSlot).where(SessionSlot.session_id.in_(sessions)))
        db.session.execute(sa.delete(TrainingSession).where(TrainingSession.course_id == ids.id))
        db.session.execute(sa.delete(Course).where(Course.id == ids.id))
        db.session.execute(sa.delete(Application).where(Application.id == application_id))
        db.session.commit()


@pytest.fixture
def karens_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def record_no_show(page: Page, course_id: int, session_id: int, words: dict[str, str]) -> None:
    form = page.locator(f'form[action="/medarbejder/forloeb/{course_id}/traeningstider/{session_id}/fremmoede"]')
    form.get_by_label(words["no_show"]).check()
    form.get_by_role("button", name=words["save"]).click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_no_shows_warn_karen_and_the_therapist_ends_the_course(
    live_server: LiveServer, page: Page, karens_page: Page, rules_course: RulesCourse, language: str
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

    karen = karens_page
    karen.goto(live_server.url)
    if language == "en":
        karen.get_by_role("link", name="English").click()
    log_in(karen, live_server, "citizen", "Karen Testesen")
    karen.goto(live_server.path("/mine-traeningstider/"))
    expect(karen.locator("main .alert-info")).to_contain_text(words["warning"])
    assert_accessible(karen)
    screenshot(karen, f"course-rules-warning-{language}")

    record_no_show(page, rules_course.id, rules_course.past[1], words)
    page.goto(live_server.path("/medarbejder/forloeb/"))
    expect(page.locator(f'td a[href="/medarbejder/forloeb/{rules_course.id}"] strong')).to_have_text(words["task"])
    assert_accessible(page)
    page.goto(course_path)
    expect(page.locator("main .alert-warning")).to_contain_text(words["task"])
    assert_accessible(page)
    screenshot(page, f"course-rules-task-{language}")
    karen.reload()
    expect(karen.locator("main .alert-warning")).to_contain_text(words["limit"])

    page.locator("main .alert-warning").get_by_role("link", name=words["end_link"]).click()
    page.locator("main form[method=post]").get_by_role("button", name=words["end_button"]).click()
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    page.locator("#text").fill("Du er ikke kommet to gange. Ring til os, hvis du vil starte igen.")
    page.locator("main form[method=post]").get_by_role("button", name=words["end_button"]).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("main")).to_contain_text(words["ended"])
    assert_accessible(page)

    karen.reload()
    ended = karen.locator("main .alert-info").filter(has_text=words["citizen_ended"])
    expect(ended).to_contain_text(words["citizen_reason"])
    expect(ended).to_contain_text("Ring til os, hvis du vil starte igen.")
    assert_accessible(karen)
    screenshot(karen, f"course-rules-ended-{language}")


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
