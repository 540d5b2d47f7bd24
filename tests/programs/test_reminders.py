"""Program reminders: the citizen chooses weekdays; `flask programs remind` sends one message a program a day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import today
from portal.extensions import db
from portal.models import Channel, Message, OutboxItem, Program, Scope
from portal.preferences.services import save_preference
from portal.programs import reminders
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.query_plans import caught_selects, plans


def karens_program(**overrides: object) -> Program:
    program = factories.a_program(factories.person_for("citizen"), **overrides)
    db.session.commit()
    return program


def messages() -> list[Message]:
    return list(db.session.scalars(sa.select(Message).order_by(Message.id)))


def test_the_citizen_chooses_weekdays_and_sees_them_chosen(client: FlaskClient, client_request: ClientRequest) -> None:
    program = karens_program()
    log_in(client, "citizen")
    client_request.post("programs.reminders", _data={"weekdays": ["0", "3", "6"]}, program_id=program.id)
    db.session.refresh(program)
    assert program.reminder_weekdays == "0,3,6"
    html = client_request.get_response("programs.program", program_id=program.id).get_data(as_text=True)
    assert "Dine påmindelser er gemt" in html
    for number in ("0", "3", "6"):
        assert f'name="weekdays" value="{number}" class="form-checkbox" checked' in html
    client_request.post("programs.reminders", _data={}, program_id=program.id)
    db.session.refresh(program)
    assert program.reminder_weekdays == ""


def test_a_relative_with_only_the_see_scope_cannot_change_reminders(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    program = karens_program()
    made = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), scopes=Scope.SEE)
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    client_request.post("programs.reminders", _data={"weekdays": ["0"]}, _expected_status=403, program_id=program.id)
    db.session.refresh(program)
    assert program.reminder_weekdays == ""


def test_one_reminder_per_program_on_a_chosen_weekday_and_only_once_that_day(app: Flask) -> None:
    monday = date(2026, 11, 23)
    chosen = karens_program(reminder_weekdays="0,3")
    factories.a_program(factories.a_person(2), reminder_weekdays="1")  # Tuesdays only
    factories.a_program(factories.a_person(3), reminder_weekdays="0", issued=False)  # a draft never reminds
    db.session.commit()
    assert reminders.send_reminders(monday) == 1
    assert reminders.send_reminders(monday) == 0
    (message,) = messages()
    assert (message.person_id, message.kind, message.language) == (chosen.person_id, "program.reminder", "da")
    assert message.subject == "Husk dine øvelser i dag"
    assert "Rejse sig fra stol: 3 gange 10 gentagelser, 4 dage om ugen" in message.body
    (outbox,) = db.session.scalars(sa.select(OutboxItem)).all()
    assert outbox.channel == "digital_post"
    # Thursday is chosen too; Wednesday is not.
    assert reminders.send_reminders(monday + timedelta(days=2)) == 0
    assert reminders.send_reminders(monday + timedelta(days=3)) == 1
    assert len(messages()) == 2


def test_a_day_claimed_by_another_run_is_not_sent_again(app: Flask) -> None:
    monday = date(2026, 11, 23)
    program = karens_program(reminder_weekdays="0")
    program_id = program.id
    # Another worker claimed the day between our read and our update: the conditional UPDATE matches no row.
    assert reminders.due_program_ids(monday) == [program_id]
    assert reminders.claim([program_id], monday) == {program_id}
    db.session.commit()
    assert reminders.claim([program_id], monday) == set()
    db.session.rollback()
    assert reminders.send_reminders(monday) == 0
    assert messages() == []


def test_the_cli_sends_todays_reminders(app: Flask) -> None:
    karens_program(reminder_weekdays=",".join(str(day) for day in range(7)))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["programs", "remind"])
    assert first.exit_code == 0, first.output
    assert "Sent 1 program reminders." in first.output
    assert "Sent 0 program reminders." in runner.invoke(args=["programs", "remind"]).output
    db.session.expire_all()
    (program,) = db.session.scalars(sa.select(Program)).all()
    assert program.reminded_on == today()


def test_the_database_picks_the_weekday_so_other_days_programs_are_not_read(app: Flask) -> None:
    monday = date(2026, 11, 23)
    people = [factories.a_person(number) for number in range(2, 8)]
    alone = factories.a_program(people[0], reminder_weekdays="0").id
    first = factories.a_program(people[1], reminder_weekdays="0,3,6").id
    last = factories.a_program(people[2], reminder_weekdays="2,4,0").id
    weekdays = factories.a_program(people[3], reminder_weekdays="1,2,3,4,5,6").id
    factories.a_program(people[4], reminder_weekdays="")
    factories.a_program(people[5], reminder_weekdays="3")
    db.session.commit()
    db.session.expunge_all()
    loaded: list[int] = []

    def count(target: Program, _context: object) -> None:
        loaded.append(target.id)

    assert reminders.due_program_ids(monday) == sorted([alone, first, last])
    sa.event.listen(Program, "load", count)
    try:
        assert reminders.send_reminders(monday) == 3
    finally:
        sa.event.remove(Program, "load", count)
    # The other programs never left the database: only the day's programs were read.
    assert sorted(loaded) == sorted([alone, first, last])
    assert reminders.due_program_ids(monday + timedelta(days=6)) == sorted([first, weekdays])


def test_the_days_programs_are_found_through_the_weekday_index(app: Flask) -> None:
    karens_program(reminder_weekdays="0,3")
    (plan,) = plans(lambda: reminders.due_program_ids(date(2026, 11, 23)))
    # With Træn med's follow-ups, `reminded_on` has an index of its own too, and on a nearly empty table the planner
    # may take either; what matters is that the day's programs are never found by reading every program.
    assert "Seq Scan on programs" not in plan, plan
    assert "ix_programs_reminder_days_reminded_on" in plan or "ix_programs_reminded_on" in plan, plan


def test_the_reminder_run_reads_as_much_for_eight_programs_as_for_two(app: Flask) -> None:
    monday = date(2026, 11, 23)
    people = [factories.a_person(number) for number in range(2, 10)]

    def run_for(persons: list[object]) -> int:
        for person in persons:
            factories.a_program(person, reminder_weekdays="0")
        db.session.commit()
        with caught_selects() as statements:
            assert reminders.send_reminders(monday) == len(persons)
        return len(statements)

    assert run_for(people[:2]) == run_for(people[2:])


def test_a_run_sends_every_days_program_across_batches_once(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monday = date(2026, 11, 23)
    monkeypatch.setattr(reminders, "BATCH", 2)
    made = [factories.a_program(factories.a_person(number), reminder_weekdays="0,4").id for number in range(2, 7)]
    db.session.commit()
    assert reminders.send_reminders(monday) == 5
    assert reminders.send_reminders(monday) == 0
    assert sorted(message.person_id for message in messages()) == sorted(
        db.session.get(Program, program_id).person_id for program_id in made
    )


def test_a_citizen_who_turned_reminders_off_gets_none_but_the_day_is_still_claimed(app: Flask) -> None:
    monday = date(2026, 11, 23)
    program = karens_program(reminder_weekdays="0")
    save_preference(program.person_id, False, [Channel.DIGITAL_POST], 17, None, None)
    db.session.commit()
    assert reminders.send_reminders(monday) == 0
    assert messages() == []
    db.session.expire_all()
    assert db.session.get(Program, program.id).reminded_on == monday
