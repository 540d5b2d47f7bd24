"""Program reminders on the weekdays the citizen chose: `flask programs remind`, run by a timer every day.

Each program gets at most one reminder a day however often the command runs, and however many run at once:
a conditional UPDATE of `reminded_on` claims the day, and only the run that claimed it sends.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from portal.cases.letters import language_of
from portal.extensions import db
from portal.models import Channel, Program, ProgramItem
from portal.outbox.services import send_message
from portal.preferences.services import preference_of, reminder_channels
from portal.programs import letters


def channels_for(person_id: int) -> Iterable[tuple[Channel, str | None]]:
    """How a reminder reaches the person: the channels they chose under "Påmindelser og kontakt"; none when they
    turned reminders off there."""
    return reminder_channels(preference_of(person_id))


def on_weekday(weekday: int) -> sa.ColumnElement[bool]:
    """Whether the program reminds on the weekday, in SQL. The weekdays are a comma list of single digits ("0,3");
    framed in commas, ",3," matches the day itself and never a part of another number."""
    framed = sa.literal(",") + Program.reminder_weekdays + sa.literal(",")
    return framed.like(f"%,{int(weekday)},%")


def due_programs(day: date) -> list[Program]:
    """Issued programs with a reminder on `day`'s weekday that have not had one that day.

    The database picks them, so a daily run reads the day's programs only, not every program with a reminder."""
    return list(
        db.session.scalars(
            sa.select(Program)
            .where(
                Program.issued_at.is_not(None),
                on_weekday(day.weekday()),
                sa.or_(Program.reminded_on.is_(None), Program.reminded_on < day),
            )
            .options(selectinload(Program.items).joinedload(ProgramItem.exercise))
            .order_by(Program.id)
        )
    )


def claim(program_id: int, day: date) -> bool:
    """Marks the program reminded on `day`, if no one else did first."""
    result = db.session.execute(
        sa.update(Program)
        .where(
            Program.id == program_id,
            sa.or_(Program.reminded_on.is_(None), Program.reminded_on < day),
        )
        .values(reminded_on=day)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def send_reminders(day: date) -> int:
    """Sends the day's reminders, committing one program at a time so a failure halfway sends nothing twice."""
    sent = 0
    for program in due_programs(day):
        if not claim(program.id, day):
            db.session.rollback()
            continue
        channels = list(channels_for(program.person_id))
        if not channels:
            db.session.commit()
            continue
        letter = letters.reminder(program, language_of(program.person_id))
        send_message(
            program.person_id,
            letter.kind,
            letter.language,
            letter.subject,
            letter.body,
            channels=channels,
            application_id=program.course.application_id,
        )
        db.session.commit()
        sent += 1
    return sent
