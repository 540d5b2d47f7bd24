"""The course rules through the pages, with Rødovre's profile: "2 no-shows may end the course"."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask

from portal import clock
from portal.extensions import db
from portal.models import AccessLog, Course, CourseStatus, Message, SessionKind, SessionStatus, Team, TrainingSession
from portal.municipalities import load
from portal.sessions import services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path

CENTRE = "traeningscenter"


@pytest.fixture
def municipality() -> str:
    return "rodovre"


def page(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(html: BeautifulSoup) -> str:
    return " ".join(html.get_text().split())


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


def attendance(therapist: ClientRequest, session: TrainingSession, status: str) -> None:
    therapist.post(
        "staff_sessions.attendance", _data={"status": status}, course_id=session.course_id, session_id=session.id
    )


def test_the_citizen_is_warned_after_the_first_no_show_and_told_at_the_limit(app: Flask) -> None:
    therapist, citizen = ClientRequest(app.test_client()), ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    log_in(citizen.client, "citizen")
    course, (first, second) = karens_course_with_past_sessions(2)
    mine = text_of(citizen.get("citizen_sessions.index"))
    # The rule is there before any absence, in the standard's words.
    assert "Udebliver du 2 gange: Så ser vi det som manglende motivation" in mine
    assert "Husk at komme" not in mine

    attendance(therapist, first, "no_show")
    mine = text_of(citizen.get("citizen_sessions.index"))
    assert "Husk at komme, eller meld afbud i god tid" in mine
    assert "Du har været væk 1 gang." in mine
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0

    attendance(therapist, second, "no_show")
    mine = text_of(citizen.get("citizen_sessions.index"))
    assert "Vi kontakter dig" in mine and "Du har været væk 2 gange." in mine
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "course.no_show_limit" and message.person_id == course.person_id


def test_the_therapist_gets_a_task_and_decides_to_go_on(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    course, sessions = karens_course_with_past_sessions(3)
    assert "Skal vurderes" not in text_of(therapist.get("staff_sessions.courses"))
    attendance(therapist, sessions[0], "no_show")
    attendance(therapist, sessions[1], "no_show")
    listing = therapist.get("staff_sessions.courses")
    task = listing.select_one(f'td a[href="{path("staff_sessions.course", course_id=course.id)}"] strong')
    assert task is not None and task.get_text() == "Skal vurderes"
    assert "Skal vurderes: 2 fravær" in " ".join(listing.get_text().split())

    course_page = text_of(therapist.get("staff_sessions.course", course_id=course.id))
    assert "Skal vurderes: reglen om udeblivelse" in course_page
    assert "manglende motivation" in course_page
    assert "Udeblevet: 2" in course_page and "Mødt: 0" in course_page
    html = therapist.get("staff_sessions.course", course_id=course.id)
    assert (
        html.select_one(f'a[href="{path("staff_sessions.end", course_id=course.id, aarsag="no_shows")}"]') is not None
    )

    therapist.post("staff_sessions.keep", course_id=course.id)
    db.session.expire_all()
    assert db.session.get(Course, course.id).no_show_reviewed_count == 2
    assert "Skal vurderes" not in text_of(therapist.get("staff_sessions.courses"))
    assert db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "sessions.keep_course")) is not None

    attendance(therapist, sessions[2], "no_show")
    assert "Skal vurderes: 3 fravær" in text_of(therapist.get("staff_sessions.courses"))
    # The citizen was told once, at the limit.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1


def test_the_course_list_stays_within_budget_with_many_tasks(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
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
    assert text_of(therapist.get("staff_sessions.courses")).count("Skal vurderes") == 12
    # The page budget (queries and size) is checked by the app fixture.


def test_ending_a_course_needs_a_reason_and_words_and_keeps_the_answers(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    course, _ = karens_course_with_past_sessions(0, future=1)
    response = therapist.post(
        "staff_sessions.end", _data={"reason": "goal_reached", "text": "  "}, _expected_status=200, course_id=course.id
    )
    html = page(response)
    assert html.title.get_text().startswith("Fejl: ")
    summary = html.select_one(".alert-error")
    assert summary is not None and "Skriv til borgeren, hvorfor forløbet slutter" in summary.get_text()
    assert html.select_one("#reason-0")["checked"] is not None
    assert "Skriv til borgeren" in html.select_one(".form-error").get_text()

    response = therapist.post("staff_sessions.end", _data={"text": "Hej"}, _expected_status=200, course_id=course.id)
    html = page(response)
    assert "Vælg, hvorfor forløbet slutter" in html.select_one(".alert-error").get_text()
    assert html.select_one("#text").get_text() == "Hej"
    db.session.expire_all()
    assert db.session.get(Course, course.id).status == CourseStatus.ACTIVE


def test_the_therapist_ends_a_course_and_the_citizen_sees_why(app: Flask) -> None:
    therapist, citizen = ClientRequest(app.test_client()), ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    log_in(citizen.client, "citizen")
    course, (future,) = karens_course_with_past_sessions(0, future=1)
    # The no-show link chooses the reason beforehand.
    form = therapist.get("staff_sessions.end", course_id=course.id, aarsag="no_shows")
    assert form.select_one('input[name="reason"][value="no_shows"]').has_attr("checked")
    therapist.post(
        "staff_sessions.end",
        _data={"reason": "goal_reached", "text": "Du klarer dig nu selv. Godt gået!"},
        course_id=course.id,
    )
    db.session.expire_all()
    assert db.session.get(TrainingSession, future.id).status == SessionStatus.CANCELLED_BY_THERAPIST
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "course.ended_early"

    course_page = text_of(therapist.get("staff_sessions.course", course_id=course.id))
    assert "Forløbet er slut" in course_page and "Book træningstider" not in course_page
    assert "Afslut forløbet før tid" not in course_page
    # A second attempt is refused.
    therapist.post("staff_sessions.end", _data={"reason": "other", "text": "Igen"}, course_id=course.id)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 1
    therapist.get("staff_sessions.book", course_id=course.id)

    mine = text_of(citizen.get("citizen_sessions.index"))
    assert "Dit træningsforløb er slut" in mine
    assert "Du har nået målet med træningen" in mine and "Du klarer dig nu selv. Godt gået!" in mine
    english = text_of(citizen.get("citizen_sessions.index", _language="en"))
    assert "Your training course has ended" in english and "You have reached the goal of the training" in english


def test_booking_on_an_ended_course_is_refused_next_to_the_field(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    course, _ = karens_course_with_past_sessions(0)
    services.end_early(course, services.CourseEndReason.OTHER, "Slut")
    db.session.commit()
    day = clock.utcnow().date() + timedelta(days=10)
    response = therapist.post(
        "staff_sessions.book",
        _expected_status=200,
        course_id=course.id,
        _data={
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
    assert "Forløbet er slut" in page(response).select_one(".form-error").get_text()


# --- Teams ---------------------------------------------------------------------------------------------------------


def test_a_therapist_creates_a_team_and_mistakes_are_shown_next_to_the_fields(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    assert "Der er ingen hold endnu" in text_of(therapist.get("staff_teams.index"))
    response = therapist.post("staff_teams.create", _data={"name": "Balance", "capacity": "0"}, _expected_status=200)
    html = page(response)
    summary = html.select_one(".alert-error").get_text()
    assert "Vælg træningscentret" in summary and "Skriv et antal pladser fra 1 til 40" in summary
    assert html.select_one("#name")["value"] == "Balance"
    therapist.post("staff_teams.create", _data={"name": "Balance", "centre": CENTRE, "capacity": "8"})
    team = db.session.scalar(sa.select(Team))
    assert (team.name, team.centre_id, team.capacity, team.active) == ("Balance", CENTRE, 8, True)
    assert team.therapist_account_id == factories.account_of("therapist").id
    listing = text_of(therapist.get("staff_teams.index"))
    assert "Balance" in listing and "Rødovre Kommunes træningscenter" in listing


def test_a_therapist_closes_a_team_and_opens_it_again(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    therapist.post("staff_teams.create", _data={"name": "Balance", "centre": CENTRE, "capacity": "8"})
    team = db.session.scalar(sa.select(Team))
    therapist.post("staff_teams.close", team_id=team.id)
    db.session.refresh(team)
    assert team.active is False
    listing = text_of(therapist.get("staff_teams.index"))
    assert "Balance (lukket)" in listing and "Holdet er lukket" in listing and "Åbn holdet igen" in listing
    course = factories.course(factories.a_person(1))
    db.session.commit()
    # A closed team is not offered when booking.
    assert "Balance" not in text_of(therapist.get("staff_sessions.book", course_id=course.id))
    therapist.post("staff_teams.reopen", team_id=team.id)
    db.session.refresh(team)
    assert team.active is True
    assert "Balance" in text_of(therapist.get("staff_sessions.book", course_id=course.id))


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
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    karen = factories.course(factories.person_for("citizen"))
    other = factories.course(factories.a_person(7))
    team = Team(name="Balance", centre_id=CENTRE, capacity=1, therapist_account_id=factories.account_of("therapist").id)
    db.session.add(team)
    db.session.commit()
    day = clock.utcnow().date() + timedelta(days=10)
    form = therapist.get("staff_sessions.book", course_id=karen.id)
    assert form.select_one('input[name="kind"][value="team"]') is not None
    assert "Balance, Rødovre Kommunes træningscenter, 1 pladser" in " ".join(form.get_text().split())

    response = therapist.post(
        "staff_sessions.book", _data=team_booking(None, day), _expected_status=200, course_id=karen.id
    )
    assert "Vælg holdet" in page(response).select_one(".alert-error").get_text()

    therapist.post("staff_sessions.book", _data=team_booking(team.id, day), course_id=karen.id)
    (session,) = db.session.scalars(sa.select(TrainingSession)).all()
    assert (session.kind, session.team_id) == (SessionKind.TEAM, team.id)
    assert "Holdtræning (Balance): Rødovre Kommunes træningscenter" in text_of(
        therapist.get("staff_sessions.course", course_id=karen.id)
    )
    response = therapist.post(
        "staff_sessions.book", _data=team_booking(team.id, day), _expected_status=200, course_id=other.id
    )
    assert "Holdet har ingen ledige pladser" in page(response).select_one(".form-error").get_text()


def test_without_teams_team_training_is_not_offered(app: Flask) -> None:
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    course = factories.course(factories.person_for("citizen"))
    db.session.commit()
    form = therapist.get("staff_sessions.book", course_id=course.id)
    assert form.select_one('input[name="kind"][value="team"]') is None


def test_naestveds_repeated_cancellations_are_read_as_two_and_say_so(app: Flask) -> None:
    profile = app.config["PROFILE"]
    app.config["PROFILE"] = dataclasses.replace(profile, absence=load("naestved").absence)
    therapist, citizen = ClientRequest(app.test_client()), ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    log_in(citizen.client, "citizen")
    course, (first, _second, future) = karens_course_with_past_sessions(2, future=1)
    attendance(therapist, first, "absent_with_notice")
    mine = text_of(citizen.get("citizen_sessions.index"))
    assert "Melder du afbud eller udebliver du flere gange, slutter vi dit forløb." in mine
    assert "Du har været væk 1 gang." in mine
    citizen.post("citizen_sessions.cancel", _data={"reason": ""}, session_id=future.id)
    course_page = text_of(therapist.get("staff_sessions.course", course_id=course.id))
    assert "Skal vurderes: reglen om udeblivelse" in course_page
    assert "Portalen læser det som 2." in course_page
    kinds = db.session.scalars(sa.select(Message.kind).order_by(Message.id)).all()
    assert kinds == ["session.cancelled_by_citizen", "course.no_show_limit"]
