"""Program reminders: the citizen chooses weekdays; `flask programs remind` sends one message a program a day."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import today
from portal.extensions import db
from portal.models import Message, OutboxItem, Program, Scope
from portal.programs import reminders
from tests import factories
from tests.oidc_flow import log_in


def karens_program(**overrides: object) -> Program:
    program = factories.a_program(factories.person_for("citizen"), **overrides)
    db.session.commit()
    return program


def messages() -> list[Message]:
    return list(db.session.scalars(sa.select(Message).order_by(Message.id)))


def test_the_citizen_chooses_weekdays_and_sees_them_chosen(client: FlaskClient) -> None:
    program = karens_program()
    log_in(client, "citizen")
    response = client.post(f"/mit-traeningsprogram/{program.id}/paamindelser", data={"weekdays": ["0", "3", "6"]})
    assert response.status_code == 303
    db.session.refresh(program)
    assert program.reminder_weekdays == "0,3,6"
    html = client.get(f"/mit-traeningsprogram/{program.id}").get_data(as_text=True)
    assert "Dine påmindelser er gemt" in html
    for number in ("0", "3", "6"):
        assert f'name="weekdays" value="{number}" class="form-checkbox" checked' in html
    client.post(f"/mit-traeningsprogram/{program.id}/paamindelser", data={})
    db.session.refresh(program)
    assert program.reminder_weekdays == ""


def test_a_relative_with_only_the_see_scope_cannot_change_reminders(client: FlaskClient) -> None:
    program = karens_program()
    made = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), scopes=Scope.SEE)
    db.session.commit()
    log_in(client, "relative")
    client.post(f"/jeg-hjaelper/{made.id}/vaelg")
    response = client.post(f"/mit-traeningsprogram/{program.id}/paamindelser", data={"weekdays": ["0"]})
    assert response.status_code == 403
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
    due = reminders.due_programs(monday)
    assert [p.id for p in due] == [program_id]
    assert reminders.claim(program_id, monday) is True
    db.session.commit()
    assert reminders.claim(program_id, monday) is False
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

    sa.event.listen(Program, "load", count)
    try:
        assert {program.id for program in reminders.due_programs(monday)} == {alone, first, last}
    finally:
        sa.event.remove(Program, "load", count)
    # The other programs never left the database: only the day's programs were read.
    assert sorted(loaded) == sorted([alone, first, last])
    assert {program.id for program in reminders.due_programs(monday + timedelta(days=6))} == {first, weekdays}
