"""A program reminder that led to no logged day within 2 days is followed by one more on the person's next channel
(e-mail, then SMS, then Digital Post), at most once a week, for those who chose it; it is a notice only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import today
from portal.extensions import db
from portal.models import Channel, ContactPreference, Message, OutboxItem, Program, TrainingLogEntry
from portal.preferences.services import save_preference
from portal.programs import follow_up
from portal.programs.letters import FOLLOW_UP_KIND
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in

REMINDED = today() - timedelta(days=2)


def karen_reminded(on: date = REMINDED, **choices: Any) -> Program:
    karen = factories.person_for("citizen")
    program = factories.a_program(
        karen, exercises=[factories.exercise("Rejse og sætte dig")], reminder_weekdays="0", reminded_on=on
    )
    values: dict[str, Any] = {
        "reminders": True,
        "channels": [Channel.EMAIL],
        "reminder_hour": 17,
        "email": "karen@example.dk",
        "phone": "12345678",
        "program_follow_up": True,
    }
    values.update(choices)
    save_preference(karen.id, **values)
    db.session.commit()
    return program


def follow_ups() -> list[Message]:
    return list(db.session.scalars(sa.select(Message).where(Message.kind == FOLLOW_UP_KIND).order_by(Message.id)))


def channels_of(message: Message) -> list[tuple[str, str | None]]:
    items = db.session.scalars(sa.select(OutboxItem).where(OutboxItem.message_id == message.id))
    return [(item.channel, item.address) for item in items]


@pytest.mark.parametrize(
    ("channels", "email", "phone", "expected"),
    [
        ([Channel.EMAIL], "k@example.dk", "12345678", (Channel.SMS, "12345678")),
        # Without a mobile number the next that reaches the person is Digital Post.
        ([Channel.EMAIL], "k@example.dk", None, (Channel.DIGITAL_POST, None)),
        ([Channel.SMS], None, "12345678", (Channel.DIGITAL_POST, None)),
        ([Channel.EMAIL, Channel.SMS], "k@example.dk", "12345678", (Channel.DIGITAL_POST, None)),
        # Digital Post is the last channel: nothing comes after it.
        ([Channel.DIGITAL_POST], None, None, None),
        ([Channel.EMAIL, Channel.DIGITAL_POST], "k@example.dk", "12345678", None),
    ],
)
def test_the_next_channel_follows_email_sms_digital_post(
    app: Flask, channels: list[Channel], email: str | None, phone: str | None, expected: Any
) -> None:
    preference = ContactPreference(person_id=1, reminders=True, email=email, phone=phone)
    preference.channels = " ".join(channels)
    assert follow_up.next_channel(preference) == expected


def test_no_logged_day_two_days_after_a_reminder_brings_one_notice_on_the_next_channel(app: Flask) -> None:
    karen_reminded()
    assert follow_up.send_follow_ups(today()) == 1
    (message,) = follow_ups()
    assert channels_of(message) == [("sms", "12345678")]
    # A notice only: no exercise, no dose, nothing about health.
    assert "Rejse og sætte dig" not in message.body and "gentagelser" not in message.body
    assert "Mit træningsprogram" in message.body
    # The same day again sends nothing more.
    assert follow_up.send_follow_ups(today()) == 0
    assert len(follow_ups()) == 1


def test_a_day_logged_after_the_reminder_means_no_follow_up(app: Flask) -> None:
    program = karen_reminded()
    db.session.add(TrainingLogEntry(program_id=program.id, day=REMINDED + timedelta(days=1), effort=3, pain=1))
    db.session.commit()
    assert follow_up.send_follow_ups(today()) == 0


def test_a_day_logged_before_the_reminder_does_not_count(app: Flask) -> None:
    program = karen_reminded()
    db.session.add(TrainingLogEntry(program_id=program.id, day=REMINDED - timedelta(days=1), effort=3, pain=1))
    db.session.commit()
    assert follow_up.send_follow_ups(today()) == 1


@pytest.mark.parametrize("days_ago", [0, 1, 5])
def test_only_a_reminder_of_two_to_four_days_ago_is_followed_up(app: Flask, days_ago: int) -> None:
    karen_reminded(on=today() - timedelta(days=days_ago))
    assert follow_up.send_follow_ups(today()) == 0


def test_nothing_is_sent_to_those_who_did_not_choose_it_or_turned_reminders_off(app: Flask) -> None:
    karen_reminded(program_follow_up=False)
    assert follow_up.send_follow_ups(today()) == 0
    save_preference(
        factories.person_for("citizen").id, False, [Channel.EMAIL], 17, "karen@example.dk", None, program_follow_up=True
    )
    db.session.commit()
    assert follow_up.send_follow_ups(today()) == 0


def test_at_most_one_follow_up_a_week(app: Flask) -> None:
    program = karen_reminded()
    first = today()
    assert follow_up.send_follow_ups(first) == 1
    # A new reminder the next day, again without a logged day: two days later is within the week.
    program.reminded_on = first + timedelta(days=1)
    db.session.commit()
    assert follow_up.send_follow_ups(first + timedelta(days=3)) == 0
    # A week after the first, a reminder without a logged day is followed up again.
    program.reminded_on = first + timedelta(days=6)
    db.session.commit()
    assert follow_up.send_follow_ups(first + timedelta(days=8)) == 1
    assert len(follow_ups()) == 2


def test_a_follow_up_claimed_by_another_run_is_not_sent_again(app: Flask) -> None:
    program = karen_reminded()
    assert follow_up.claim(program.id, today())
    db.session.commit()
    assert follow_up.send_follow_ups(today()) == 0
    assert follow_ups() == []


def test_the_command_sends_follow_ups_with_the_reminders(app: Flask) -> None:
    karen_reminded()
    result = app.test_cli_runner().invoke(args=["programs", "remind"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 follow-ups of earlier reminders." in result.output


def test_the_citizen_chooses_the_follow_up_on_reminders_and_contact(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    html = client_request.get("preferences.edit")
    box = html.select_one("#program_follow_up")
    assert box is not None and not box.has_attr("checked")
    answers = {
        "reminders": "yes",
        "channels": ["email"],
        "reminder_hour": "17",
        "email": "karen@example.dk",
        "phone": "",
        "program_follow_up": "y",
    }
    client_request.post("preferences.edit", _data=answers)
    karen = factories.person_for("citizen")
    assert db.session.scalar(
        sa.select(ContactPreference).where(ContactPreference.person_id == karen.id)
    ).program_follow_up
    assert client_request.get("preferences.edit").select_one("#program_follow_up").has_attr("checked")
