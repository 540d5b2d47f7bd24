"""One more program reminder, on another channel, for a reminder that did not lead to a logged day.

A citizen who chose it on "Påmindelser og kontakt" and has not logged a training day within 2 days of a program
reminder gets one follow-up, on the channel after the one the reminder went by, in the order e-mail, SMS, Digital
Post: a reminder by e-mail is followed by an SMS (or Digital Post, without a mobile number), an SMS by Digital Post.
A reminder by Digital Post, the last of them, is not followed up. At most one follow-up a week per program.

The follow-up is a notice only: it names no exercise, no dose and nothing about health, since e-mail and SMS are not
secure channels. `flask programs remind` sends them with the reminders; like them, each is claimed with a
conditional UPDATE, so two runs at once send one.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from portal.database import rows_changed
from portal.extensions import db
from portal.models import Channel, ContactPreference, Program, TrainingLogEntry
from portal.outbox.services import send_message
from portal.preferences.services import Delivery, reminder_channels
from portal.programs import letters

# A reminder is followed up when none of its day and the next two is logged.
AFTER_DAYS = 2
# A run that did not happen for a while sends no follow-up for a reminder this old: the next reminder comes first.
WITHIN_DAYS = 4
AT_MOST_EVERY = timedelta(days=7)
ORDER = (Channel.EMAIL, Channel.SMS, Channel.DIGITAL_POST)


def next_channel(preference: ContactPreference) -> Delivery | None:
    """The channel after the last one the person's reminders go by, that reaches them; None after Digital Post."""
    used = [channel for channel, _address in reminder_channels(preference)]
    if not used:
        return None
    last = max(ORDER.index(channel) for channel in used)
    addresses: dict[Channel, str | None] = {
        Channel.EMAIL: preference.email,
        Channel.SMS: preference.phone,
        Channel.DIGITAL_POST: None,
    }
    for channel in ORDER[last + 1 :]:
        if channel == Channel.DIGITAL_POST or addresses[channel]:
            return channel, addresses[channel]
    return None


def _not_followed_up(day: date) -> sa.ColumnElement[bool]:
    """In SQL: the program's last reminder has no follow-up yet, and none went out in the last week."""
    return sa.or_(
        Program.followed_up_on.is_(None),
        sa.and_(Program.followed_up_on < Program.reminded_on, Program.followed_up_on <= day - AT_MOST_EVERY),
    )


def due(day: date) -> list[tuple[Program, ContactPreference]]:
    """Programs whose reminder of 2 to 4 days ago led to no logged day, of people who chose a follow-up."""
    logged_since_reminder = (
        sa.select(TrainingLogEntry.id)
        .where(TrainingLogEntry.program_id == Program.id, TrainingLogEntry.day >= Program.reminded_on)
        .exists()
    )
    rows = db.session.execute(
        sa.select(Program, ContactPreference)
        .join(ContactPreference, ContactPreference.person_id == Program.person_id)
        .where(
            Program.issued_at.is_not(None),
            Program.reminded_on.between(day - timedelta(days=WITHIN_DAYS), day - timedelta(days=AFTER_DAYS)),
            ContactPreference.program_follow_up.is_(True),
            ContactPreference.reminders.is_(True),
            _not_followed_up(day),
            ~logged_since_reminder,
        )
        .order_by(Program.id)
    )
    return [(program, preference) for program, preference in rows]


def claim(program_id: int, day: date) -> bool:
    """Marks the program followed up on `day`, if no other run did first."""
    won = rows_changed(
        sa.update(Program)
        .where(Program.id == program_id, _not_followed_up(day))
        .values(followed_up_on=day)
        .execution_options(synchronize_session=False)
    )
    return won == 1


def send_follow_ups(day: date) -> int:
    """Sends the day's follow-ups, committing one program at a time so a failure halfway sends nothing twice."""
    sent = 0
    for program, preference in due(day):
        if not claim(program.id, day):
            db.session.rollback()
            continue
        delivery = next_channel(preference)
        if delivery is None:
            db.session.commit()
            continue
        letter = letters.follow_up()
        send_message(
            program.person_id,
            letter.kind,
            letter.language,
            letter.subject,
            letter.body,
            channels=[delivery],
            application_id=program.course.application_id,
        )
        db.session.commit()
        sent += 1
    return sent
