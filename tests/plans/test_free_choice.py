"""The letter about free choice: sent once when a § 140 course starts late, by the booking or by the daily job."""

from __future__ import annotations

import threading
from datetime import date, datetime

import pytest
import sqlalchemy as sa
from flask import Flask

from portal import clock
from portal.clock import COPENHAGEN
from portal.extensions import db
from portal.models import Channel, CourseStatus, OutboxItem, RehabilitationPlan, SessionStatus
from portal.municipalities.national import PlanLevel
from portal.plans import free_choice
from portal.preferences.services import save_preference
from portal.sessions import services as sessions
from tests import factories
from tests.plans.helpers import GOOD_FRIDAY, a_plan, book_on, letters_about_free_choice

PROFILES = ["hjorring", "naestved", "norddjurs", "rodovre"]


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=COPENHAGEN)


def run_job() -> int:
    """One round of `flask plans check`, committed as the command does."""
    sent = free_choice.send_due()
    db.session.commit()
    return sent


def registered_on_good_friday(**overrides: object) -> RehabilitationPlan:
    with clock.clock_set_to(at(GOOD_FRIDAY)):
        return a_plan(factories.person_for("citizen_140"), **overrides)


@pytest.mark.parametrize("municipality", PROFILES)
def test_a_first_session_booked_after_the_deadline_sends_the_letter_once(app: Flask, municipality: str) -> None:
    plan = registered_on_good_friday()
    assert plan.start_due == date(2026, 4, 9)
    bent = plan.person
    with clock.clock_set_to(at(GOOD_FRIDAY, 14)):
        book_on(plan, date(2026, 4, 14))
        (letter,) = letters_about_free_choice(bent)
        # A second booking, and the job, find the letter sent.
        book_on(plan, date(2026, 4, 16))
        assert run_job() == 0
    assert len(letters_about_free_choice(bent)) == 1
    assert letter.subject == "Du kan vælge et andet sted at træne"
    assert (
        "Din første træning er tirsdag den 14. april 2026 kl. 10.00. Det er senere end torsdag den 9. april 2026."
        in (letter.body)
    )
    assert "Vi skal kunne starte din træning senest torsdag den 9. april 2026." in letter.body
    assert "Det er 7 dage efter, du kom hjem fra sygehuset." in letter.body
    assert "må du vælge et privat træningssted i stedet. Kommunen betaler." in letter.body
    assert "Stedet skal have en aftale med KL." in letter.body
    assert f"/genoptraeningsplan/{plan.id}" in letter.body
    assert db.session.get(RehabilitationPlan, plan.id).free_choice_letter_at is not None


def test_a_start_in_time_sends_no_letter(app: Flask) -> None:
    plan = registered_on_good_friday()
    with clock.clock_set_to(at(GOOD_FRIDAY, 14)):
        book_on(plan, date(2026, 4, 9))
    with clock.clock_set_to(at(date(2026, 4, 20))):
        assert run_job() == 0
    assert letters_about_free_choice(plan.person) == []


@pytest.mark.parametrize("municipality", PROFILES)
def test_nothing_booked_on_the_fifth_day_sends_the_letter_from_the_job_once(app: Flask, municipality: str) -> None:
    plan = registered_on_good_friday()
    assert plan.warn_on == date(2026, 4, 7)
    with clock.clock_set_to(at(date(2026, 4, 6), 23)):
        assert run_job() == 0
    assert letters_about_free_choice(plan.person) == []
    with clock.clock_set_to(at(date(2026, 4, 7), 6)):
        assert run_job() == 1
        assert run_job() == 0
        # A start booked now, within the deadline, is good news, but the letter was already right to send.
        book_on(plan, date(2026, 4, 9))
    (letter,) = letters_about_free_choice(plan.person)
    assert "Vi har endnu ikke aftalt din første træning." in letter.body


def test_the_letter_goes_through_the_citizens_channels_and_always_digital_post(app: Flask) -> None:
    bent = factories.person_for("citizen_140")
    save_preference(bent.id, True, [Channel.EMAIL], 17, "bent@example.org", None)
    db.session.commit()
    plan = registered_on_good_friday()
    with clock.clock_set_to(at(date(2026, 4, 8))):
        run_job()
    (letter,) = letters_about_free_choice(bent)
    channels = sorted(db.session.scalars(sa.select(OutboxItem.channel).where(OutboxItem.message_id == letter.id)))
    assert channels == [Channel.DIGITAL_POST, Channel.EMAIL]
    assert plan.id


def test_a_medical_start_date_moves_the_letter_too(app: Flask) -> None:
    plan = registered_on_good_friday(medical_start_date=date(2026, 4, 20))
    assert (plan.start_due, plan.warn_on) == (date(2026, 4, 27), date(2026, 4, 25))
    with clock.clock_set_to(at(date(2026, 4, 24))):
        assert run_job() == 0
    with clock.clock_set_to(at(date(2026, 4, 25))):
        assert run_job() == 1
    (letter,) = letters_about_free_choice(plan.person)
    assert "Det er 7 dage efter den dato, der står i din plan." in letter.body


def test_specialised_training_at_the_hospital_gets_no_letter(app: Flask) -> None:
    plan = registered_on_good_friday(level=PlanLevel.SPECIALISED)
    with clock.clock_set_to(at(date(2026, 4, 20))):
        assert run_job() == 0
        book_on(plan, date(2026, 4, 22))
    assert letters_about_free_choice(plan.person) == []


def test_an_ended_course_gets_no_letter(app: Flask) -> None:
    plan = registered_on_good_friday()
    with clock.clock_set_to(at(GOOD_FRIDAY, 14)):
        sessions.end_early(plan.course, "other", "Bent er flyttet.")
        db.session.commit()
    assert db.session.get(RehabilitationPlan, plan.id).course.status == CourseStatus.ENDED_EARLY
    with clock.clock_set_to(at(date(2026, 4, 20))):
        assert run_job() == 0


def test_a_session_the_therapist_called_off_is_no_start_offered(app: Flask) -> None:
    plan = registered_on_good_friday()
    with clock.clock_set_to(at(GOOD_FRIDAY, 14)):
        first = book_on(plan, date(2026, 4, 8))
        assert sessions.cancel_by_therapist(first, "Syg")
        db.session.commit()
    with clock.clock_set_to(at(date(2026, 4, 9), 8)):
        assert run_job() == 1
    assert len(letters_about_free_choice(plan.person)) == 1


def test_a_plan_registered_after_its_warning_day_is_late_at_once(app: Flask) -> None:
    with clock.clock_set_to(at(date(2026, 4, 8))):
        plan = a_plan(factories.person_for("citizen_140"), received_on=date(2026, 4, 8))
    (letter,) = letters_about_free_choice(plan.person)
    assert "Vi har endnu ikke aftalt din første træning." in letter.body


def test_the_cli_job_reports_what_it_sent(app: Flask) -> None:
    registered_on_good_friday()
    with clock.clock_set_to(at(date(2026, 4, 8))):
        result = app.test_cli_runner().invoke(args=["plans", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1 letters about free choice."


def test_a_booking_and_the_job_at_once_send_one_letter(app: Flask) -> None:
    """On PostgreSQL the second claim waits for the first's commit and then matches nothing; on SQLite the job
    takes the write lock before it reads. Either way the letter goes out once."""
    plan = registered_on_good_friday()
    therapist = factories.therapist_account().id
    db.session.commit()
    barrier = threading.Barrier(2, timeout=30)
    errors: list[BaseException] = []

    def booking() -> None:
        try:
            with app.app_context():
                course = db.session.get(RehabilitationPlan, plan.id).course
                barrier.wait()
                sessions.book(
                    course,
                    therapist,
                    [sessions.at_copenhagen(date(2026, 4, 15), datetime.min.time())],
                    60,
                    sessions.Place("home"),
                )
                db.session.commit()
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    def job() -> None:
        try:
            with app.app_context():
                barrier.wait()
                free_choice.send_due()
                db.session.commit()
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    with clock.clock_set_to(at(date(2026, 4, 8))):
        threads = [threading.Thread(target=booking), threading.Thread(target=job)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(letters_about_free_choice(plan.person)) == 1
    assert (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(sessions.TrainingSession)
            .where(sessions.TrainingSession.status == SessionStatus.BOOKED)
        )
        == 1
    )
