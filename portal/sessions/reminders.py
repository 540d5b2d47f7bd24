"""Day-before reminders: `flask sessions remind` sends one for each booked session tomorrow (Copenhagen date)
once the person's reminder hour has come.

Exactly once: a session is claimed with UPDATE ... SET reminded_at WHERE reminded_at IS NULL in the same
transaction that puts the message in the outbox, so of two runs at once only one claims it (PostgreSQL makes the
second UPDATE wait for the first's commit and then match nothing), and a run that fails sends nothing and
claims nothing. SQLite has no row locks; there a run takes the database's write lock before it reads.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from portal.clock import COPENHAGEN
from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import ContactPreference, SessionStatus, TrainingSession
from portal.models.contact_preference import DEFAULT_REMINDER_HOUR
from portal.municipalities.schema import Profile
from portal.outbox.letters import language_of, portal_link
from portal.outbox.services import send_message
from portal.preferences.services import reminder_channels
from portal.sessions import letters
from portal.sessions.services import at_copenhagen


def tomorrow_window(now: datetime) -> tuple[datetime, datetime, int]:
    """The start and end of tomorrow in Copenhagen, as UTC, and the Copenhagen hour now.

    Tomorrow is counted by the calendar, so across a change to or from summer time it is 23 or 25 hours long."""
    local = now.astimezone(COPENHAGEN)
    tomorrow = local.date() + timedelta(days=1)
    return at_copenhagen(tomorrow, time.min), at_copenhagen(tomorrow + timedelta(days=1), time.min), local.hour


def due_reminders(now: datetime) -> list[tuple[TrainingSession, ContactPreference | None]]:
    begin, end, hour = tomorrow_window(now)
    rows = db.session.execute(
        sa.select(TrainingSession, ContactPreference)
        .options(joinedload(TrainingSession.course))
        .outerjoin(ContactPreference, ContactPreference.person_id == TrainingSession.person_id)
        .where(
            TrainingSession.status == SessionStatus.BOOKED,
            TrainingSession.starts_at >= begin,
            TrainingSession.starts_at < end,
            TrainingSession.reminded_at.is_(None),
            sa.or_(ContactPreference.id.is_(None), ContactPreference.reminders.is_(True)),
            sa.func.coalesce(ContactPreference.reminder_hour, DEFAULT_REMINDER_HOUR) <= hour,
        )
        .order_by(TrainingSession.starts_at, TrainingSession.id)
    ).all()
    return [(session, preference) for session, preference in rows]


def _claim(session: TrainingSession, now: datetime) -> bool:
    claimed = rows_changed(
        sa.update(TrainingSession)
        .where(
            TrainingSession.id == session.id,
            TrainingSession.reminded_at.is_(None),
            TrainingSession.status == SessionStatus.BOOKED,
        )
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed == 1


def send_reminders(now: datetime | None = None) -> int:
    """Sends the reminders that are due and tells how many; the caller commits."""
    now = now or utcnow()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    profile: Profile = current_app.config["PROFILE"]
    centres = {centre.id: centre for centre in profile.centres}
    path = portal_link("citizen_sessions.index")
    sent = 0
    for session, preference in due_reminders(now):
        channels = reminder_channels(preference)
        if not channels or not _claim(session, now):
            continue
        letter = letters.reminder(session, centres.get(session.centre_id or ""), path, language_of(session.person_id))
        send_message(
            session.person_id,
            **letters.as_message_args(letter),
            channels=channels,
            application_id=session.course.application_id,
        )
        sent += 1
    return sent
