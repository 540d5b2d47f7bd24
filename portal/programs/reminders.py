"""Program reminders on the weekdays the citizen chose: `flask programs remind`, run by a timer every day.

Each program gets at most one reminder a day however often the command runs, and however many run at once:
a conditional UPDATE of `reminded_on` claims the day, and only the run that claimed it sends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from portal.extensions import db
from portal.models import Channel, ContactPreference, Program, ProgramItem
from portal.models.program import reminds_on
from portal.outbox.letters import reader_language
from portal.outbox.services import send_message
from portal.preferences.services import reminder_channels
from portal.programs import letters

# Programs loaded, claimed and sent together: a run makes the same few queries per batch however many programs
# remind that day, and the load of a batch's exercises stays one statement (SQLAlchemy splits an IN list at 500).
BATCH = 200


def due_program_ids(day: date) -> list[int]:
    """Issued programs with a reminder on `day`'s weekday that have not had one that day, in id order.

    One query through the index on the weekday mask, so a run reads the day's programs only, and only their ids.
    Sorted here: asked to sort, the database might walk every program in id order instead of using the index."""
    return sorted(
        db.session.scalars(
            sa.select(Program.id).where(
                reminds_on(day.weekday()),
                Program.issued_at.is_not(None),
                sa.or_(Program.reminded_on.is_(None), Program.reminded_on < day),
            )
        )
    )


def load_batch(program_ids: Sequence[int]) -> list[Program]:
    """The programs with their course and exercises, for their letters: two queries."""
    return list(
        db.session.scalars(
            sa.select(Program)
            .where(Program.id.in_(program_ids))
            .options(
                joinedload(Program.course),
                joinedload(Program.person),
                selectinload(Program.items).joinedload(ProgramItem.exercise),
            )
            .order_by(Program.id)
        )
    )


def claim(program_ids: Sequence[int], day: date) -> set[int]:
    """Marks the programs reminded on `day`; returns those no one else had claimed first."""
    if not program_ids:
        return set()
    claimed = db.session.scalars(
        sa.update(Program)
        .where(
            Program.id.in_(program_ids),
            sa.or_(Program.reminded_on.is_(None), Program.reminded_on < day),
        )
        .values(reminded_on=day)
        .returning(Program.id)
        .execution_options(synchronize_session=False)
    )
    return set(claimed)


def _preferences(person_ids: Iterable[int]) -> dict[int, ContactPreference]:
    rows = db.session.scalars(sa.select(ContactPreference).where(ContactPreference.person_id.in_(set(person_ids))))
    return {preference.person_id: preference for preference in rows}


def send_reminders(day: date) -> int:
    """Sends the day's reminders a batch at a time. Each batch's claims and messages commit together, so a run that
    fails halfway sends nothing twice, and what it did not send is still unclaimed for the next run."""
    sent = 0
    due = due_program_ids(day)
    for start in range(0, len(due), BATCH):
        batch = load_batch(due[start : start + BATCH])
        claimed = claim([program.id for program in batch], day)
        preferences = _preferences(program.person_id for program in batch)
        for program in batch:
            channels: list[tuple[Channel, str | None]] = reminder_channels(preferences.get(program.person_id))
            if program.id not in claimed or not channels:
                continue
            letter = letters.reminder(program, reader_language(program.person))
            send_message(
                program.person_id,
                letter.kind,
                letter.language,
                letter.subject,
                letter.body,
                channels=channels,
                application_id=program.course.application_id,
            )
            sent += 1
        db.session.commit()
    return sent
