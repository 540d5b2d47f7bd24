"""Issue #7's remaining journeys in a real browser: a relative with and without the manage-sessions scope; the
therapist cancels under Næstved's promise of a replacement and books it, and Karen sees the link; the therapist's
"Nye afbud". axe on the therapist's cancel page, the booking of a replacement and "Nye afbud", in Danish and English.

Each test makes the rows it works on: the relative's journeys a citizen of their own with a course and a fuldmagt
for Mette (revoked afterwards, as Mette starts other journeys without one; the access log names it, so it stays);
Næstved's journey a course for Karen, who logs in to see it. Each course is booked on days of its own, so the
courses earlier tests leave behind never hold its times, and nothing is deleted."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterator
from datetime import date, time, timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, expect

from e2e.browser import assert_accessible, screenshot
from e2e.conftest import LiveServer
from e2e.test_login import log_in
from portal.clock import COPENHAGEN, today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Scope, SessionKind, TrainingSession
from portal.municipalities import load
from portal.sessions import services
from tests import factories

WORDS = {
    "da": {
        "cancel_button": "Aflys træningstiden",
        "cancelled": "Træningstiden er aflyst",
        "therapist_cancel": "Aflys en træningstid",
        "therapist_cancelled": "Træningstiden er aflyst, og borgeren har fået en besked.",
        "book": "Book",
        "booked": "1 træningstid er booket.",
        "replaces": "Denne træningstid erstatter den, terapeuten aflyste",
        "new": "Nye afbud",
        "seen": "Set",
        "none": "Ingen nye afbud.",
        "one": "én træningstid aflyst",
    },
    "en": {
        "cancel_button": "Cancel the session",
        "cancelled": "The training session is cancelled",
        "therapist_cancel": "Cancel a session",
        "therapist_cancelled": "The session is cancelled, and the citizen has a message.",
        "book": "Book",
        "booked": "1 session is booked.",
        "replaces": "This session replaces the one the therapist cancelled",
        "new": "New cancellations",
        "seen": "Seen",
        "none": "No new cancellations.",
        "one": "one session cancelled",
    },
}


@dataclasses.dataclass
class JourneyCourse:
    id: int
    sessions: list[int]
    citizen_id: int
    citizen_name: str
    last_day: date


# Each course is the n-th made here: its three sessions are at 07.00 (no other browser test books then) on the
# 2nd to 4th day from today, moved on by three days for each course before it, so a course an earlier test left
# behind never holds the therapist's or the citizen's time; a citizen of a test's own gets number 720 + n.
_COURSES = itertools.count()


def book_course(live_server: LiveServer, citizen: Callable[[int], Person]) -> JourneyCourse:
    """A granted course for the citizen with three sessions in the coming days, booked by Torben."""
    profile = live_server.app.config["PROFILE"]
    number = next(_COURSES)
    days = [today() + timedelta(days=3 * number + days) for days in (2, 3, 4)]
    with live_server.app.app_context():
        person = citizen(720 + number)
        torben = factories.account_of("therapist")
        course = factories.granted_course(person, profile.offers[0], torben, "Gå i haven", 8)
        starts = [services.at_copenhagen(day, time(7, 0)) for day in days]
        place = services.Place(SessionKind.INDIVIDUAL, centre_id=profile.centres[0].id)
        made = services.book(course, torben.id, starts, 30, place)
        db.session.commit()
        return JourneyCourse(course.id, [session.id for session in made], person.id, person.full_name, days[-1])


@pytest.fixture
def relatives_course(live_server: LiveServer) -> JourneyCourse:
    """A course for a citizen of this test's own: Mette acts for her, she never logs in herself."""
    return book_course(live_server, lambda number: factories.a_person(number, given_name="Ingrid", family_name="Holm"))


@pytest.fixture
def karens_course(live_server: LiveServer) -> Iterator[JourneyCourse]:
    """A course for Karen, who logs in to see it; the profile a test changes is put back afterwards."""
    profile = live_server.app.config["PROFILE"]
    yield book_course(live_server, lambda _number: factories.person_for("citizen"))
    live_server.app.config["PROFILE"] = profile


@pytest.fixture
def fuldmagt(live_server: LiveServer, relatives_course: JourneyCourse) -> Iterator[Callable[..., None]]:
    """Gives Mette an accepted fuldmagt from the course's citizen with the scopes asked for; revoked again afterwards,
    as Mette starts the other browser journeys without one."""
    made: list[int] = []

    def give(*scopes: str) -> None:
        with live_server.app.app_context():
            citizen = db.session.get(Person, relatives_course.citizen_id)
            delegation = factories.delegation(citizen, factories.person_for("relative"), scopes=" ".join(scopes))
            db.session.commit()
            made.append(delegation.id)

    yield give
    # The access log is append-only and names the fuldmagt, so it is revoked rather than removed.
    with live_server.app.app_context():
        db.session.execute(sa.update(Delegation).where(Delegation.id.in_(made)).values(revoked_at=utcnow()))
        db.session.commit()


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def in_language(page: Page, live_server: LiveServer, language: str) -> None:
    page.goto(live_server.url)
    if language == "en":
        page.get_by_role("link", name="English").click()


def act_for(page: Page, live_server: LiveServer, language: str, name: str) -> None:
    in_language(page, live_server, language)
    log_in(page, live_server, "citizen", "Mette Testesen")
    page.get_by_role("button", name=name, exact=True).click()
    expect(page.locator(".acting-banner")).to_be_visible()


def submit(page: Page, name: str) -> None:
    page.locator("main form[method=post]").get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_relative_with_the_manage_scope_cancels_and_the_therapist_sees_it_under_new_cancellations(
    live_server: LiveServer,
    page: Page,
    second_page: Page,
    relatives_course: JourneyCourse,
    fuldmagt: Callable[..., None],
    language: str,
) -> None:
    words = WORDS[language]
    fuldmagt(Scope.SEE, Scope.MANAGE_SESSIONS)
    mette = second_page
    act_for(mette, live_server, language, relatives_course.citizen_name)
    mette.goto(live_server.path("/mine-traeningstider/"))
    first = relatives_course.sessions[0]
    mette.locator(f'main a[href="/mine-traeningstider/{first}/aflys"]').click()
    expect(mette.locator(".acting-banner")).to_be_visible()
    mette.locator("#reason").fill("Ingrid er hos tandlægen")
    submit(mette, words["cancel_button"])
    expect(mette.locator(".alert-success")).to_contain_text(words["cancelled"])
    expect(mette.locator(f'main a[href="/mine-traeningstider/{first}/aflys"]')).to_have_count(0)

    # Torben sees the cancellation on his course list and his console, and marks it seen.
    in_language(page, live_server, language)
    log_in(page, live_server, "staff", "Torben Terapeut")
    news = page.locator("#nye-afbud")
    expect(news.get_by_role("heading", name=words["new"])).to_be_visible()
    ingrids = news.locator("li.new-cancellation").filter(has_text="Ingrid er hos tandlægen")
    expect(ingrids).to_contain_text(words["one"])
    assert_accessible(page)
    screenshot(page, f"sessions-new-cancellations-{language}")
    page.goto(live_server.path("/medarbejder/forloeb/"))
    expect(page.locator("#nye-afbud li.new-cancellation").filter(has_text="Ingrid er hos tandlægen")).to_be_visible()
    assert_accessible(page)
    page.locator("#nye-afbud").get_by_role("button", name=words["seen"], exact=True).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#nye-afbud")).to_contain_text(words["none"])
    assert_accessible(page)
    with live_server.app.app_context():
        assert db.session.get(TrainingSession, first).therapist_seen_at is not None


def test_a_relative_with_only_the_see_scope_sees_the_sessions_but_cannot_cancel(
    live_server: LiveServer,
    second_page: Page,
    relatives_course: JourneyCourse,
    fuldmagt: Callable[..., None],
) -> None:
    fuldmagt(Scope.SEE)
    mette = second_page
    act_for(mette, live_server, "da", relatives_course.citizen_name)
    mette.goto(live_server.path("/mine-traeningstider/"))
    for session_id in relatives_course.sessions:
        expect(mette.locator(f"#traening-{session_id}")).to_be_visible()
    expect(mette.locator('main a[href$="/aflys"]')).to_have_count(0)
    expect(mette.locator('main a[href="/mine-traeningstider/fravaer"]')).to_have_count(0)
    assert_accessible(mette)
    response = mette.goto(live_server.path(f"/mine-traeningstider/{relatives_course.sessions[0]}/aflys"))
    assert response is not None and response.status == 403
    # The refusal keeps Mette's place: she still acts for the same person on the next page.
    mette.goto(live_server.path("/mine-traeningstider/"))
    expect(mette.locator(".acting-banner")).to_have_count(1)
    with live_server.app.app_context():
        statuses = db.session.scalars(
            sa.select(TrainingSession.status).where(TrainingSession.id.in_(relatives_course.sessions))
        ).all()
    assert set(statuses) == {"booked"}


@pytest.mark.parametrize("language", ["da", "en"])
def test_under_naestveds_profile_the_therapist_cancels_books_the_replacement_and_karen_sees_it(
    live_server: LiveServer, page: Page, second_page: Page, karens_course: JourneyCourse, language: str
) -> None:
    words = WORDS[language]
    app = live_server.app
    profile = app.config["PROFILE"]
    # Næstved promises a replacement when the therapist cancels; the fixture puts the profile back.
    app.config["PROFILE"] = dataclasses.replace(profile, absence=load("naestved").absence)
    assert app.config["PROFILE"].absence.replacement_session is True
    cancelled = karens_course.sessions[1]
    in_language(page, live_server, language)
    log_in(page, live_server, "staff", "Torben Terapeut")
    page.goto(live_server.path(f"/medarbejder/forloeb/{karens_course.id}"))
    page.locator(f'a[href="/medarbejder/forloeb/{karens_course.id}/traeningstider/{cancelled}/aflys"]').click()
    expect(page.locator("h1")).to_have_text(words["therapist_cancel"])
    assert_accessible(page)
    submit(page, words["cancel_button"])
    expect(page.locator("[data-module=error-summary]")).to_be_visible()
    assert_accessible(page)
    page.locator("#reason").fill("Terapeuten er syg")
    submit(page, words["cancel_button"])
    expect(page.locator(".alert-success")).to_contain_text(words["therapist_cancelled"])
    assert f"erstatter={cancelled}" in page.url
    assert_accessible(page)
    screenshot(page, f"sessions-replacement-book-{language}")
    # Tomorrow: before the sessions Karen has from the other journeys (they start two days on or later), so the
    # replacement is among the nearest sessions her list shows, however many journeys ran before this one; early,
    # before Torben's other sessions of the day, and at an hour of each language's own run.
    day: date = today() + timedelta(days=1)
    page.locator("#first_day-day").fill(str(day.day))
    page.locator("#first_day-month").fill(str(day.month))
    page.locator("#first_day-year").fill(str(day.year))
    page.locator("#at").fill({"da": "06.30", "en": "07.30"}[language])
    page.locator("#count").fill("1")
    submit(page, words["book"])
    expect(page.locator(".alert-success")).to_contain_text(words["booked"])
    with app.app_context():
        replacement = db.session.scalar(
            sa.select(TrainingSession).where(TrainingSession.replaces_session_id == cancelled)
        )
        assert replacement is not None
        assert replacement.starts_at.astimezone(COPENHAGEN).date() == day
        replacement_id = replacement.id

    karen = second_page
    in_language(karen, live_server, language)
    log_in(karen, live_server, "citizen", "Karen Testesen")
    karen.goto(live_server.path("/mine-traeningstider/"))
    link = karen.locator(f"#traening-{replacement_id} .replacement-link a")
    expect(link).to_contain_text(words["replaces"])
    assert_accessible(karen)
    screenshot(karen, f"sessions-replacement-mine-{language}")
    link.click()
    assert karen.url.endswith(f"#traening-{cancelled}")
    expect(karen.locator(f"#traening-{cancelled}")).to_be_visible()
