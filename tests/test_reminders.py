"""Day-before reminders: tomorrow by the Copenhagen calendar, at the person's hour, through their channels, once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.clock import COPENHAGEN
from portal.extensions import db
from portal.models import Channel, Message, OutboxItem, SessionKind, TrainingSession
from portal.preferences.services import save_preference
from portal.sessions import reminders, services
from portal.sessions.services import Place
from tests import factories


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), COPENHAGEN).astimezone(UTC)


def book(*starts: datetime, place: Place | None = None) -> list[TrainingSession]:
    karen = factories.person_for("citizen")
    course = factories.course(karen, sessions_allowed=40, goals="Gå uden stok efter hofteoperation")
    therapist = factories.therapist_account()
    made = services.book(course, therapist.id, list(starts), 45, place or Place(SessionKind.INDIVIDUAL, "auning"))
    db.session.commit()
    return made


def run(now: datetime) -> int:
    sent = reminders.send_reminders(now)
    db.session.commit()
    return sent


def reminder_messages() -> list[Message]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Message).where(Message.kind == "session.reminder").order_by(Message.id)))


def deliveries() -> list[tuple[str, str | None]]:
    return [(item.channel, item.address) for item in db.session.scalars(sa.select(OutboxItem).order_by(OutboxItem.id))]


def test_a_session_tomorrow_is_reminded_at_17_through_digital_post(app: Flask) -> None:
    (session,) = book(local(date(2027, 3, 10), 10, 30))
    assert run(local(date(2027, 3, 9), 16, 59)) == 0
    assert run(local(date(2027, 3, 9), 17, 0)) == 1
    (message,) = reminder_messages()
    assert message.subject == "Påmindelse: træning i morgen"
    assert "onsdag den 10. marts 2027 kl. 10.30" in message.body
    assert "Træningscenter Auning, Elme Allé 6, 8963 Auning" in message.body
    # A full address on the portal's public host (PORTAL_URL), made from the route, never a path typed in.
    assert "Mine træningstider: http://127.0.0.1:5000/mine-traeningstider/" in message.body
    # Nothing about the citizen's health, such as the course's goals.
    assert "hofteoperation" not in message.body and "stok" not in message.body
    assert deliveries() == [("digital_post", None)]
    db.session.refresh(session)
    assert session.reminded_at == local(date(2027, 3, 9), 17, 0)


def test_a_reminder_is_sent_once_however_often_the_run_comes(app: Flask) -> None:
    book(local(date(2027, 3, 10), 10))
    assert [run(local(date(2027, 3, 9), hour)) for hour in (17, 18, 19, 23)] == [1, 0, 0, 0]
    assert len(reminder_messages()) == 1


def test_the_persons_hour_and_channels_decide(app: Flask) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, True, [Channel.EMAIL, Channel.SMS], 9, "karen@eksempel.dk", "12345678")
    book(local(date(2027, 3, 10), 10))
    assert run(local(date(2027, 3, 9), 8, 59)) == 0
    assert run(local(date(2027, 3, 9), 9, 0)) == 1
    # A reminder goes only where the person asked; Digital Post is kept for formal letters.
    assert deliveries() == [("email", "karen@eksempel.dk"), ("sms", "12345678")]


def test_no_reminder_for_a_person_who_said_no(app: Flask) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, False, [Channel.DIGITAL_POST], 17, None, None)
    (session,) = book(local(date(2027, 3, 10), 10))
    assert run(local(date(2027, 3, 9), 20)) == 0
    assert reminder_messages() == []
    db.session.refresh(session)
    assert session.reminded_at is None


def test_a_cancelled_session_gets_no_reminder(app: Flask) -> None:
    (session,) = book(local(date(2027, 3, 10), 10))
    services.cancel_by_therapist(session, "Syg", at=local(date(2027, 3, 8), 12))
    db.session.commit()
    assert run(local(date(2027, 3, 9), 17)) == 0


def test_a_session_at_home_names_the_home(app: Flask) -> None:
    book(local(date(2027, 3, 10), 10), place=Place(SessionKind.HOME, place="Kælderen"))
    run(local(date(2027, 3, 9), 17))
    assert "Sted: Hjemme hos dig, Kælderen" in reminder_messages()[0].body


# The last Sunday of October 2026 is the 25th: summer time ends at 03.00 and that day is 25 hours long.
def test_tomorrow_is_the_copenhagen_date_across_the_end_of_summer_time(app: Flask) -> None:
    begin, end, hour = reminders.tomorrow_window(local(date(2026, 10, 24), 17))
    assert (begin, end, hour) == (
        datetime(2026, 10, 24, 22, tzinfo=UTC),  # midnight in summer time
        datetime(2026, 10, 25, 23, tzinfo=UTC),  # midnight in winter time, 25 hours later
        17,
    )


def test_the_monday_after_the_change_is_reminded_on_sunday_not_before(app: Flask) -> None:
    monday_early, monday_late, sunday_late = book(
        local(date(2026, 10, 26), 0, 30),  # Sunday 23.30 in UTC: a UTC date would count it as Sunday
        local(date(2026, 10, 26), 10),
        local(date(2026, 10, 25), 23, 0),
    )
    # Saturday evening in summer time: only Sunday's session is tomorrow.
    assert run(local(date(2026, 10, 24), 17)) == 1
    # Sunday 17.00 is 16.00 UTC now, an hour later than the day before in UTC; Monday's two are due.
    assert run(local(date(2026, 10, 25), 16, 59)) == 0
    assert run(datetime(2026, 10, 25, 16, 0, tzinfo=UTC)) == 2
    by_session = {
        session.id: session.reminded_at
        for session in db.session.scalars(sa.select(TrainingSession).execution_options(populate_existing=True))
    }
    assert by_session == {
        sunday_late.id: datetime(2026, 10, 24, 15, tzinfo=UTC),
        monday_early.id: datetime(2026, 10, 25, 16, tzinfo=UTC),
        monday_late.id: datetime(2026, 10, 25, 16, tzinfo=UTC),
    }


def test_the_monday_after_summer_time_begins_is_reminded_on_sunday(app: Flask) -> None:
    # The last Sunday of March 2027 is the 28th, a day of 23 hours.
    book(local(date(2027, 3, 29), 8))
    assert run(local(date(2027, 3, 27), 23)) == 0
    assert run(local(date(2027, 3, 28), 17)) == 1
    assert run(local(date(2027, 3, 29), 7)) == 0


def test_two_runs_at_once_send_each_reminder_once(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    book(*(local(date(2027, 3, 10), hour) for hour in (8, 10, 12, 14)))
    now = local(date(2027, 3, 9), 17)
    postgres = db.engine.dialect.name == "postgresql"
    barrier = threading.Barrier(2, timeout=30)
    read = reminders.due_reminders

    def both_have_read(moment: datetime):  # type: ignore[no-untyped-def]
        found = read(moment)
        if postgres:
            # Both runs hold the same four sessions before either claims one: only the claim keeps them apart.
            barrier.wait()
        return found

    monkeypatch.setattr(reminders, "due_reminders", both_have_read)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                if not postgres:
                    # SQLite makes the second run wait for the write lock before it reads; start them together.
                    barrier.wait()
                counts.append(run(now))
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(counts) == [0, 4]
    assert len(reminder_messages()) == 4
    assert len(deliveries()) == 4


def test_the_remind_command_reports_what_it_sent(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    book(local(date(2027, 3, 10), 10))
    monkeypatch.setattr(reminders, "utcnow", lambda: local(date(2027, 3, 9), 18))
    result = app.test_cli_runner().invoke(args=["sessions", "remind"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Sent 1 reminders."
    assert len(reminder_messages()) == 1
