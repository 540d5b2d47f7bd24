"""The end note and the issue: once under a double submit, the course ends, messages go out, the GP and the
visitation read the end note where the profile says so."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    Account,
    ApplicationStatus,
    Course,
    CourseStatus,
    EndNote,
    Message,
    Program,
    SessionSlot,
    SessionStatus,
    TrainingSession,
)
from portal.programs import builder as services
from portal.sessions import services as sessions
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.program_builder.helpers import end_note, karens_course, page, program_with


def referred_course(gp_key: str = "gp") -> Course:
    """Karen's course granted on a referral from the GP."""
    karen = factories.person_for("citizen")
    granted = factories.referral(
        karen, factories.gp_account(gp_key), status=ApplicationStatus.GRANTED, decided_at=utcnow()
    )
    return factories.course(karen, application=granted)


def ready(course: Course) -> Program:
    program = program_with(course, factories.exercise("Knæbøjning"))
    end_note(course)
    return program


def test_the_end_note_form_shows_the_goals_and_needs_both_texts(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    db.session.commit()
    log_in(client, "therapist")
    form = client_request.get("program_builder.end_note", course_id=course.id)
    assert "Gå til Brugsen uden stok" in form.get_text()
    assert "forening" in form.select_one("#recommendation-hint").text
    empty = client_request.post(
        "program_builder.end_note",
        _data={"goals_reached": "Nåede målet", "recommendation": ""},
        _expected_status=200,
        course_id=course.id,
    )
    answer = page(empty)
    assert "Skriv, hvad du anbefaler nu" in answer.select_one("[data-module=error-summary]").text
    assert answer.select_one("#goals_reached").text == "Nåede målet"
    assert db.session.scalar(sa.select(EndNote)) is None
    done = {"goals_reached": "Nåede målet", "recommendation": "Seniorgymnastik"}
    client_request.post("program_builder.end_note", _data=done, course_id=course.id)
    note = db.session.scalar(sa.select(EndNote))
    assert (note.goals_reached, note.recommendation, note.issued_at) == ("Nåede målet", "Seniorgymnastik", None)


@pytest.mark.parametrize(
    ("exercises", "write_note", "reps", "refusal"),
    [
        (0, True, 10, "Tilføj mindst én øvelse til programmet."),
        (1, True, None, "Hver øvelse skal have gentagelser eller sekunder"),
        (1, False, 10, "Skriv slutstatus, før du udleverer programmet."),
    ],
)
def test_an_empty_or_incomplete_program_or_a_missing_end_note_is_refused(
    client: FlaskClient, client_request: ClientRequest, exercises: int, write_note: bool, reps: int | None, refusal: str
) -> None:
    course = karens_course()
    program_with(course, *(factories.exercise(f"Ø{n}") for n in range(exercises)), reps=reps)
    if write_note:
        end_note(course)
    db.session.commit()
    log_in(client, "therapist")
    check = client_request.get("program_builder.issue", course_id=course.id)
    assert refusal in check.get_text()
    assert check.select_one("main form[method=post]") is None
    response = client_request.post("program_builder.issue", course_id=course.id)
    assert response.location == path("program_builder.issue", course_id=course.id)
    db.session.expire_all()
    assert db.session.get(Course, course.id).status == CourseStatus.ACTIVE
    assert db.session.scalar(sa.select(Program)).issued_at is None
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0


def test_issuing_ends_the_course_cancels_future_sessions_and_tells_the_citizen_once(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = karens_course()
    ready(course)
    therapist = factories.therapist_account()
    now = utcnow()
    past, future = sessions.book(
        course, therapist.id, [now - timedelta(days=2), now + timedelta(days=3)], 60, Place("individual", "auning")
    )
    db.session.commit()
    log_in(client, "therapist")
    check = client_request.get("program_builder.issue", course_id=course.id).get_text()
    assert "1 booket træningstid bliver aflyst" in check
    assert "Lægen, der henviste borgeren" not in check  # Karen applied herself
    assert "Visitationen kan læse slutstatus på sagen." in check

    # A double submit: both posts are answered with a redirect, and the program is issued once.
    client_request.post("program_builder.issue", course_id=course.id)
    client_request.post("program_builder.issue", course_id=course.id)
    db.session.expire_all()
    course = db.session.get(Course, course.id)
    program = db.session.scalar(sa.select(Program))
    note = db.session.scalar(sa.select(EndNote))
    assert (course.status, course.end_reason) == (CourseStatus.COMPLETED, "program_issued")
    assert program.issued_at is not None and note.issued_at == program.issued_at == course.ended_at
    assert db.session.get(TrainingSession, future.id).status == SessionStatus.CANCELLED_BY_THERAPIST
    assert db.session.get(TrainingSession, future.id).ics_sequence == 1
    assert db.session.get(TrainingSession, past.id).status == SessionStatus.BOOKED
    assert db.session.scalar(sa.select(sa.func.count()).where(SessionSlot.session_id == future.id)) == 0
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert (message.kind, message.person_id, message.language) == ("program.issued", course.person_id, "da")
    assert message.subject == "Dit træningsprogram og slutstatus"
    # The subject's "slutstatus" is explained in words where the citizen meets it.
    assert "Din terapeut har skrevet en slutstatus. Det er en kort status på, hvordan din træning gik." in message.body
    assert "/mit-traeningsprogram" in message.body and "Karen går til Brugsen med stok." in message.body
    assert "Fortsæt med programmet" in message.body and "aflyst disse træningstider" in message.body

    builder = client_request.get("program_builder.program", course_id=course.id).get_text()
    assert "Programmet er udleveret" in builder
    assert "Flyt op" not in builder and "Skriv slutstatus" not in builder
    # Nothing changes after the issue.
    item_id = program.items[0].id
    client_request.post("program_builder.remove", course_id=course.id, item_id=item_id)
    client_request.post(
        "program_builder.end_note", _data={"goals_reached": "Andet", "recommendation": "Andet"}, course_id=course.id
    )
    db.session.expire_all()
    assert len(db.session.scalar(sa.select(Program)).items) == 1
    assert db.session.scalar(sa.select(EndNote)).goals_reached == "Karen går til Brugsen med stok."


def test_an_issue_that_lost_the_race_changes_nothing(app: Flask) -> None:
    course = karens_course()
    program = ready(course)
    note = db.session.scalar(sa.select(EndNote))
    db.session.commit()
    assert program.issued_at is None and course.status == CourseStatus.ACTIVE
    # Another request issues the program after this one read it: this one's copy still says "not issued".
    db.session.execute(sa.update(Program).values(issued_at=utcnow()).execution_options(synchronize_session=False))
    with pytest.raises(services.IssueRefused) as refused:
        services.issue(course, program, note)
    assert refused.value.reason == "issued"
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
    assert note.issued_at is None and course.status == CourseStatus.ACTIVE


def test_the_referring_gp_reads_the_end_note_under_the_referral_and_another_gp_gets_404(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    gp = ClientRequest(client.application.test_client())
    log_in(gp.client, "gp")
    course = referred_course()
    ready(course)
    db.session.commit()
    log_in(client, "therapist")
    assert "Lægen, der henviste borgeren" in client_request.get("program_builder.issue", course_id=course.id).get_text()
    client_request.post("program_builder.issue", course_id=course.id)

    referral = gp.get("gp.referral", application_id=course.application_id)
    section = referral.select_one("section[aria-labelledby=end-note-heading]").get_text()
    assert "Slutstatus" in section and "Karen går til Brugsen med stok." in section
    assert "Fortsæt med programmet" in section and "Gå til Brugsen uden stok" in section
    assert "Forløbet sluttede den" in section
    listing = gp.get("gp.referrals").get_text()
    assert "Slutstatus er klar" in listing

    other = referred_course_by_another_gp()
    db.session.commit()
    gp.get("gp.referral", _expected_status=404, application_id=other.application_id)


def referred_course_by_another_gp() -> Course:
    stranger = Account(issuer="http://idp.test", subject="another-gp", display_name="Anden Læge")
    db.session.add(stranger)
    granted = factories.referral(factories.a_person(8), stranger, status=ApplicationStatus.GRANTED)
    course = factories.course(granted.person, application=granted)
    ready(course)
    services.issue(
        course, db.session.scalar(sa.select(Program).where(Program.course_id == course.id)), end_note(course)
    )
    return course


def test_the_gp_sees_no_end_note_before_the_issue(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "gp")
    course = referred_course()
    ready(course)
    db.session.commit()
    referral = client_request.get("gp.referral", application_id=course.application_id)
    assert referral.select_one("section[aria-labelledby=end-note-heading]") is None
    assert "Slutstatus er klar" not in client_request.get("gp.referrals").get_text()


@pytest.mark.parametrize("municipality", ["rodovre"])
def test_a_profile_that_does_not_send_to_the_gp_keeps_it_from_the_gp(
    client: FlaskClient, client_request: ClientRequest, app: Flask
) -> None:
    profile = app.config["PROFILE"]
    log_in(client, "gp")
    course = referred_course()
    offer = next(
        (o for o in profile.offers if services.EndNoteRecipient.GP not in profile.group(o.group).end_note_to), None
    )
    if offer is None:
        pytest.fail("the test needs a profile with an offer whose end note does not go to the GP")
    course.offer_id = offer.id
    program = ready(course)
    services.issue(course, program, db.session.scalar(sa.select(EndNote)))
    db.session.commit()
    referral = client_request.get("gp.referral", application_id=course.application_id)
    assert referral.select_one("section[aria-labelledby=end-note-heading]") is None


def test_the_visitator_reads_the_end_note_on_the_case(client: FlaskClient, client_request: ClientRequest) -> None:
    course = referred_course()
    program = ready(course)
    services.issue(course, program, db.session.scalar(sa.select(EndNote)))
    db.session.commit()
    log_in(client, "visitator")
    case = client_request.get("cases.case", case_id=course.application_id)
    section = case.select_one("section[aria-labelledby=end-note-heading]").get_text()
    assert "Karen går til Brugsen med stok." in section


def test_an_issue_after_the_course_was_ended_early_elsewhere_keeps_nothing(app: Flask) -> None:
    course = karens_course()
    program = ready(course)
    note = db.session.scalar(sa.select(EndNote))
    db.session.commit()
    # Another therapist ends the course early after this request read it as active.
    assert course.status == CourseStatus.ACTIVE
    db.session.execute(
        sa.update(Course).values(status=CourseStatus.ENDED_EARLY).execution_options(synchronize_session=False)
    )
    # The request's own work in a savepoint, rolled back on the refusal as the request edge rolls back the request.
    with pytest.raises(services.IssueRefused) as refused, db.session.begin_nested():
        services.issue(course, program, note)
    assert refused.value.reason == "not_active"
    assert db.session.scalar(sa.select(Program.issued_at)) is None
    assert note.issued_at is None and course.status == CourseStatus.ENDED_EARLY
    assert db.session.scalar(sa.select(sa.func.count(Message.id))) == 0
