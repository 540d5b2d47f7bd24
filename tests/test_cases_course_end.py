"""Mine sager: the case list and the case say whether the training course goes on, was completed or ended early,
with the reason the citizen sees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import CourseEndReason, CourseStatus, SessionKind
from portal.sessions import services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in


def text_of(page: BeautifulSoup) -> str:
    return " ".join(page.get_text().split())


def test_a_course_ended_early_shows_its_reason_and_the_therapists_words(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    course = factories.course(karen)
    therapist = factories.therapist_account()
    start = (clock.utcnow() + timedelta(days=3)).replace(microsecond=0)
    services.book(course, therapist.id, [start], 60, Place(SessionKind.INDIVIDUAL, "auning"))
    services.end_early(course, CourseEndReason.GOAL_REACHED, "Du går nu selv til Brugsen. Godt gået!")
    db.session.commit()
    log_in(client, "citizen")
    listing = text_of(client_request.get("applications.cases"))
    assert "Din træning sluttede før tid" in listing
    assert "Grund: Du har nået målet med træningen" in listing
    case = text_of(client_request.get("applications.case", case_id=course.application_id))
    assert "Dit træningsforløb" in case and "Din træning sluttede før tid" in case
    assert "Grund: Du har nået målet med træningen." in case
    assert "Du går nu selv til Brugsen. Godt gået!" in case


def test_a_completed_course_and_an_active_one(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    done = factories.course(
        karen,
        status=CourseStatus.COMPLETED,
        ended_at=datetime(2026, 10, 2, 12, tzinfo=UTC),
        end_reason=CourseEndReason.PROGRAM_ISSUED,
    )
    going = factories.course(karen)
    db.session.commit()
    log_in(client, "citizen")
    listing = text_of(client_request.get("applications.cases"))
    assert "Din træning er afsluttet 2. oktober 2026" in listing
    assert "Din træning er i gang" in listing
    case = text_of(client_request.get("applications.case", case_id=done.application_id))
    assert "Din træning er afsluttet 2. oktober 2026." in case
    assert "Grund: Du har fået dit eget træningsprogram." in case
    active = text_of(client_request.get("applications.case", case_id=going.application_id))
    assert "Din træning er i gang." in active and "Se dine træningstider" in active


def test_many_cases_with_courses_stay_within_the_budget(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # The test app checks every page against the query and size budget.
    karen = factories.person_for("citizen")
    for number in range(40):
        factories.course(
            karen,
            status=CourseStatus.ENDED_EARLY,
            ended_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=number),
            end_reason=CourseEndReason.CITIZEN_STOPPED,
        )
    db.session.commit()
    log_in(client, "citizen")
    assert text_of(client_request.get("applications.cases")).count("Grund: Du har valgt at stoppe") == 40
