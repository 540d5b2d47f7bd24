"""The course rules through the pages, with Rødovre's profile: "2 no-shows may end the course"."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import AccessLog, Course, CourseStatus, Message, SessionKind, SessionStatus, Team, TrainingSession
from portal.municipalities import load
from portal.sessions import services
from portal.sessions.services import Place
from tests import factories
from tests.oidc_flow import log_in

CENTRE = "traeningscenter"


@pytest.fixture
def municipality() -> str:
    return "rodovre"


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(response: Any) -> str:
    return " ".join(page(response).get_text().split())


def karens_course_with_past_sessions(number: int, future: int = 0) -> tuple[Course, list[TrainingSession]]:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=20)
    therapist = factories.account_of("therapist")
    now = clock.utcnow().replace(microsecond=0)
    starts = [now - timedelta(days=day + 1) for day in range(number)] + [
        now + timedelta(days=day + 2) for day in range(future)
    ]
    made = services.book(course, therapist.id, starts, 60, Place(SessionKind.INDIVIDUAL, CENTRE)) if starts else []
    db.session.commit()
    return course, made


def attendance(client: FlaskClient, session: TrainingSession, status: str) -> None:
    path = f"/medarbejder/forloeb/{session.course_id}/traeningstider/{session.id}/fremmoede"
    assert client.post(path, data={"status": status}).status_code == 303


def test_the_citizen_is_warned_after_the_first_no_show_and_told_at_the_limit(app: Flask) -> None:
    therapist, citizen = app.test_client(), app.test_client()
    log_in(therapist, "therapist")
    log_in(citizen, "citizen")
    course, (first, second) = karens_course_with_past_sessions(2)
    mine = text_of(citizen.get("/mine-traeningstider/"))
    # The rule is there before any absence, in the standard's words.
    assert "Udebliver du 2 gange: Så ser vi det som manglende motivation" in mine
    assert "Husk at komme" not in mine

    attendance(therapist, first, "no_show")
    mine = text_of(citizen.get("/mine-traeningstider/"))
    assert "Husk at komme, eller meld afbud i god tid" in mine
    assert "Du har været væk 1 gang." in mine
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0

    attendance(therapist, second, "no_show")
    mine = text_of(citizen.get("/mine-traeningstider/"))
    assert "Vi kontakter dig" in mine and "Du har været væk 2 gange." in mine
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "course.no_show_limit" and message.person_id == course.person_id


def test_the_therapist_gets_a_task_and_decides_to_go_on(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    course, sessions = karens_course_with_past_sessions(3)
    assert "Skal vurderes" not in text_of(therapist.get("/medarbejder/forloeb/"))
    attendance(therapist, sessions[0], "no_show")
    attendance(therapist, sessions[1], "no_show")
    listing = page(therapist.get("/medarbejder/forloeb/"))
    task = listing.select_one(f'td a[href="/medarbejder/forloeb/{course.id}"] strong')
    assert task is not None and task.get_text() == "Skal vurderes"
    assert "Skal vurderes: 2 fravær" in " ".join(listing.get_text().split())

    course_page = text_of(therapist.get(f"/medarbejder/forloeb/{course.id}"))
    assert "Skal vurderes: reglen om udeblivelse" in course_page
    assert "manglende motivation" in course_page
    assert "Udeblevet: 2" in course_page and "Mødt: 0" in course_page
    html = page(therapist.get(f"/medarbejder/forloeb/{course.id}"))
    assert html.select_one(f'a[href="/medarbejder/forloeb/{course.id}/afslut?aarsag=no_shows"]') is not None

    assert therapist.post(f"/medarbejder/forloeb/{course.id}/fortsaet").status_code == 303
    db.session.expire_all()
    assert db.session.get(Course, course.id).no_show_reviewed_count == 2
    assert "Skal vurderes" not in text_of(therapist.get("/medarbejder/forloeb/"))
    assert db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "sessions.keep_course")) is not None

    attendance(therapist, sessions[2], "no_show")
    assert "Skal vurderes: 3 fravær" in text_of(therapist.get("/medarbejder/forloeb/"))
    # The citizen was told once, at the limit.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_the_course_list_stays_within_budget_with_many_tasks(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    tove = factories.account_of("therapist")
    past = clock.utcnow() - timedelta(days=3)
    for number in range(12):
        course = factories.course(factories.a_person(number))
        for made in services.book(
            course,
            tove.id,
            [past - timedelta(days=number * 2 + 1), past - timedelta(days=number * 2 + 2)],
            30,
            Place(SessionKind.HOME),
        ):
            services.record_attendance(made, SessionStatus.NO_SHOW)
    db.session.commit()
    response = therapist.get("/medarbejder/forloeb/")
    assert text_of(response).count("Skal vurderes") == 12
    # The page budget (queries and size) is checked by the app fixture.


def test_ending_a_course_needs_a_reason_and_words_and_keeps_the_answers(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    course, _ = karens_course_with_past_sessions(0, future=1)
    path = f"/medarbejder/forloeb/{course.id}/afslut"
    response = therapist.post(path, data={"reason": "goal_reached", "text": "  "})
    assert response.status_code == 200
    html = page(response)
    assert html.title.get_text().startswith("Fejl: ")
    summary = html.select_one(".alert-error")
    assert summary is not None and "Skriv til borgeren, hvorfor forløbet slutter" in summary.get_text()
    assert html.select_one("#reason-0")["checked"] is not None
    assert "Skriv til borgeren" in html.select_one(".form-error").get_text()

    response = therapist.post(path, data={"text": "Hej"})
    html = page(response)
    assert "Vælg, hvorfor forløbet slutter" in html.select_one(".alert-error").get_text()
    assert html.select_one("#text").get_text() == "Hej"
    db.session.expire_all()
    assert db.session.get(Course, course.id).status == CourseStatus.ACTIVE


def test_the_therapist_ends_a_course_and_the_citizen_sees_why(app: Flask) -> None:
    therapist, citizen = app.test_client(), app.test_client()
    log_in(therapist, "therapist")
    log_in(citizen, "citizen")
    course, (future,) = karens_course_with_past_sessions(0, future=1)
    # The no-show link chooses the reason beforehand.
    form = page(therapist.get(f"/medarbejder/forloeb/{course.id}/afslut?aarsag=no_shows"))
    assert form.select_one('input[name="reason"][value="no_shows"]').has_attr("checked")
    response = therapist.post(
        f"/medarbejder/forloeb/{course.id}/afslut",
        data={"reason": "goal_reached", "text": "Du klarer dig nu selv. Godt gået!"},
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(TrainingSession, future.id).status == SessionStatus.CANCELLED_BY_THERAPIST
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "course.ended_early"

    course_page = text_of(therapist.get(f"/medarbejder/forloeb/{course.id}"))
    assert "Forløbet er slut" in course_page and "Book træningstider" not in course_page
    assert "Afslut forløbet før tid" not in course_page
    # A second attempt is refused.
    assert (
        therapist.post(f"/medarbejder/forloeb/{course.id}/afslut", data={"reason": "other", "text": "Igen"}).status_code
        == 303
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1
    assert therapist.get(f"/medarbejder/forloeb/{course.id}/bestil").status_code == 200

    mine = text_of(citizen.get("/mine-traeningstider/"))
    assert "Dit træningsforløb er slut" in mine
    assert "Du har nået målet med træningen" in mine and "Du klarer dig nu selv. Godt gået!" in mine
    citizen.set_cookie("portal_lang", "en", domain="portal.test")
    english = text_of(citizen.get("/mine-traeningstider/"))
    assert "Your training course has ended" in english and "You have reached the goal of the training" in english


def test_booking_on_an_ended_course_is_refused_next_to_the_field(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    course, _ = karens_course_with_past_sessions(0)
    services.end_early(course, services.CourseEndReason.OTHER, "Slut")
    db.session.commit()
    day = clock.utcnow().date() + timedelta(days=10)
    response = therapist.post(
        f"/medarbejder/forloeb/{course.id}/bestil",
        data={
            "kind": "individual",
            "where": CENTRE,
            "first_day-day": str(day.day),
            "first_day-month": str(day.month),
            "first_day-year": str(day.year),
            "at": "10.00",
            "minutes": "60",
            "count": "1",
        },
    )
    assert response.status_code == 200
    assert "Forløbet er slut" in page(response).select_one(".form-error").get_text()


# --- Teams ---------------------------------------------------------------------------------------------------------


def test_a_therapist_creates_a_team_and_mistakes_are_shown_next_to_the_fields(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    assert "Der er ingen hold endnu" in text_of(therapist.get("/medarbejder/hold/"))
    response = therapist.post("/medarbejder/hold/ny", data={"name": "Balance", "capacity": "0"})
    assert response.status_code == 200
    html = page(response)
    summary = html.select_one(".alert-error").get_text()
    assert "Vælg træningscentret" in summary and "Skriv et antal pladser fra 1 til 40" in summary
    assert html.select_one("#name")["value"] == "Balance"
    response = therapist.post("/medarbejder/hold/ny", data={"name": "Balance", "centre": CENTRE, "capacity": "8"})
    assert response.status_code == 303
    team = db.session.scalar(sa.select(Team))
    assert (team.name, team.centre_id, team.capacity, team.active) == ("Balance", CENTRE, 8, True)
    assert team.therapist_account_id == factories.account_of("therapist").id
    listing = text_of(therapist.get("/medarbejder/hold/"))
    assert "Balance" in listing and "Rødovre Kommunes træningscenter" in listing


def test_a_therapist_closes_a_team_and_opens_it_again(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    therapist.post("/medarbejder/hold/ny", data={"name": "Balance", "centre": CENTRE, "capacity": "8"})
    team = db.session.scalar(sa.select(Team))
    response = therapist.post(f"/medarbejder/hold/{team.id}/luk")
    assert response.status_code == 303
    db.session.refresh(team)
    assert team.active is False
    listing = text_of(therapist.get("/medarbejder/hold/"))
    assert "Balance (lukket)" in listing and "Holdet er lukket" in listing and "Åbn holdet igen" in listing
    course = factories.course(factories.a_person(1))
    db.session.commit()
    # A closed team is not offered when booking.
    assert "Balance" not in text_of(therapist.get(f"/medarbejder/forloeb/{course.id}/bestil"))
    therapist.post(f"/medarbejder/hold/{team.id}/aabn")
    db.session.refresh(team)
    assert team.active is True
    assert "Balance" in text_of(therapist.get(f"/medarbejder/forloeb/{course.id}/bestil"))


def team_booking(team_id: int | None, day: Any) -> dict[str, str]:
    values = {
        "kind": "team",
        "where": CENTRE,
        "first_day-day": str(day.day),
        "first_day-month": str(day.month),
        "first_day-year": str(day.year),
        "at": "10.00",
        "minutes": "60",
        "count": "1",
    }
    if team_id is not None:
        values["team"] = str(team_id)
    return values


def test_booking_a_team_through_the_form_until_it_is_full(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    karen = factories.course(factories.person_for("citizen"))
    other = factories.course(factories.a_person(7))
    team = Team(name="Balance", centre_id=CENTRE, capacity=1, therapist_account_id=factories.account_of("therapist").id)
    db.session.add(team)
    db.session.commit()
    day = clock.utcnow().date() + timedelta(days=10)
    form = page(therapist.get(f"/medarbejder/forloeb/{karen.id}/bestil"))
    assert form.select_one('input[name="kind"][value="team"]') is not None
    assert "Balance, Rødovre Kommunes træningscenter, 1 pladser" in " ".join(form.get_text().split())

    response = therapist.post(f"/medarbejder/forloeb/{karen.id}/bestil", data=team_booking(None, day))
    assert response.status_code == 200
    assert "Vælg holdet" in page(response).select_one(".alert-error").get_text()

    assert therapist.post(f"/medarbejder/forloeb/{karen.id}/bestil", data=team_booking(team.id, day)).status_code == 303
    (session,) = db.session.scalars(sa.select(TrainingSession)).all()
    assert (session.kind, session.team_id) == (SessionKind.TEAM, team.id)
    assert "Holdtræning (Balance): Rødovre Kommunes træningscenter" in text_of(
        therapist.get(f"/medarbejder/forloeb/{karen.id}")
    )
    response = therapist.post(f"/medarbejder/forloeb/{other.id}/bestil", data=team_booking(team.id, day))
    assert response.status_code == 200
    assert "Holdet har ingen ledige pladser" in page(response).select_one(".form-error").get_text()


def test_without_teams_team_training_is_not_offered(app: Flask) -> None:
    therapist = app.test_client()
    log_in(therapist, "therapist")
    course = factories.course(factories.person_for("citizen"))
    db.session.commit()
    form = page(therapist.get(f"/medarbejder/forloeb/{course.id}/bestil"))
    assert form.select_one('input[name="kind"][value="team"]') is None


def test_naestveds_repeated_cancellations_are_read_as_two_and_say_so(app: Flask) -> None:
    profile = app.config["PROFILE"]
    app.config["PROFILE"] = dataclasses.replace(profile, absence=load("naestved").absence)
    therapist, citizen = app.test_client(), app.test_client()
    log_in(therapist, "therapist")
    log_in(citizen, "citizen")
    course, (first, _second, future) = karens_course_with_past_sessions(2, future=1)
    attendance(therapist, first, "absent_with_notice")
    mine = text_of(citizen.get("/mine-traeningstider/"))
    assert "Melder du afbud eller udebliver du flere gange, slutter vi dit forløb." in mine
    assert "Du har været væk 1 gang." in mine
    assert citizen.post(f"/mine-traeningstider/{future.id}/aflys", data={"reason": ""}).status_code == 303
    course_page = text_of(therapist.get(f"/medarbejder/forloeb/{course.id}"))
    assert "Skal vurderes: reglen om udeblivelse" in course_page
    assert "Portalen læser det som 2." in course_page
    kinds = db.session.scalars(sa.select(Message.kind).order_by(Message.id)).all()
    assert kinds == ["session.cancelled_by_citizen", "course.no_show_limit"]
