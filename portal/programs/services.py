"""Reading a person's issued programs and keeping their training log. Services flush; the request edge commits."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload, undefer
from sqlalchemy.orm.attributes import set_committed_value

from portal.database import insert_or_winner
from portal.exercises.services import ACCEPTED
from portal.extensions import db
from portal.models import Exercise, Program, ProgramItem, TrainingLogEntry, TrainingLogSubmission
from portal.pdf import data_uri

# The progress chart and its table show this many weeks back from today.
PROGRESS_WEEKS = 8


@dataclass(frozen=True)
class Logger:
    """Who logs a training day: their account and name as they are now, and how they act ("self", "relative",
    "guardian" or "staff"), as the policy answered."""

    account_id: int
    name: str
    acting_as: str


def issued_programs(person_id: int) -> list[Program]:
    """The person's issued programs, newest first; drafts are the therapist's and never shown to the citizen."""
    return list(db.session.scalars(_issued_statement(), {"person_id": person_id}))


# Asked on every view of "Mit træningsprogram": built once, with their values bound at execution, as building them
# and their cache keys cost more than the database's answers.
@functools.cache
def _issued_statement() -> sa.Select[Program]:
    return (
        sa.select(Program)
        .where(Program.person_id == sa.bindparam("person_id", type_=sa.Integer), Program.issued_at.is_not(None))
        .order_by(Program.issued_at.desc(), Program.id.desc())
    )


@functools.cache
def _items_statement() -> sa.Select[ProgramItem]:
    return (
        sa.select(ProgramItem)
        .where(ProgramItem.program_id == sa.bindparam("program_id", type_=sa.Integer))
        .options(joinedload(ProgramItem.exercise))
        .order_by(ProgramItem.position)
    )


def newest_issued_program(person_id: int) -> Program | None:
    """The person's newest issued program with its exercises, in one query."""
    return (
        db.session.scalars(
            sa.select(Program)
            .where(Program.person_id == person_id, Program.issued_at.is_not(None))
            .options(joinedload(Program.items).joinedload(ProgramItem.exercise))
            .order_by(Program.issued_at.desc(), Program.id.desc())
            .limit(1)
        )
        .unique()
        .first()
    )


def recent_entries(program_id: int, count: int) -> list[TrainingLogEntry]:
    """The program's last `count` training days, newest first."""
    return list(
        db.session.scalars(
            sa.select(TrainingLogEntry)
            .where(TrainingLogEntry.program_id == program_id)
            .order_by(TrainingLogEntry.day.desc())
            .limit(count)
        )
    )


def has_issued_program(person_id: int) -> bool:
    found = db.session.scalar(
        sa.select(Program.id).where(Program.person_id == person_id, Program.issued_at.is_not(None)).limit(1)
    )
    return found is not None


def load_items(program: Program) -> Program:
    """Fills in the program's exercises, in order, with one query."""
    items = db.session.scalars(_items_statement(), {"program_id": program.id}).all()
    set_committed_value(program, "items", list(items))
    return program


def get_issued_program(person_id: int, program_id: int, with_items: bool = True) -> Program | None:
    """One of the person's issued programs, or None: someone else's program and a draft look the same (404)."""
    query = sa.select(Program).where(
        Program.id == program_id, Program.person_id == person_id, Program.issued_at.is_not(None)
    )
    if with_items:
        query = query.options(selectinload(Program.items).joinedload(ProgramItem.exercise))
    return db.session.scalar(query)


def exercise_in_issued_program(person_id: int, exercise_id: int) -> Exercise | None:
    """The exercise with its uploaded picture, only when it is in an issued program of the person."""
    in_program = (
        sa.select(ProgramItem.id)
        .join(Program, ProgramItem.program_id == Program.id)
        .where(
            ProgramItem.exercise_id == exercise_id,
            Program.person_id == person_id,
            Program.issued_at.is_not(None),
        )
        .exists()
    )
    return db.session.scalar(
        sa.select(Exercise).where(Exercise.id == exercise_id, in_program).options(undefer(Exercise.image))
    )


def log_entries(program_id: int, since: date | None = None) -> list[TrainingLogEntry]:
    query = sa.select(TrainingLogEntry).where(TrainingLogEntry.program_id == program_id)
    if since is not None:
        query = query.where(TrainingLogEntry.day >= since)
    return list(db.session.scalars(query.order_by(TrainingLogEntry.day)))


def progress_since(today: date) -> date:
    return today - timedelta(weeks=PROGRESS_WEEKS) + timedelta(days=1)


def entry_on(program_id: int, day: date) -> TrainingLogEntry | None:
    return db.session.scalar(
        sa.select(TrainingLogEntry)
        .where(TrainingLogEntry.program_id == program_id, TrainingLogEntry.day == day)
        .options(selectinload(TrainingLogEntry.items))
    )


def log_day(
    program: Program,
    day: date,
    item_ids: Iterable[int],
    effort: int,
    pain: int,
    note: str = "",
    by: Logger | None = None,
    idempotency_key: str | None = None,
) -> tuple[TrainingLogEntry, bool]:
    """Records a training day; a day logged again is updated, not doubled. Returns the entry and whether it was
    already there. Item ids not in the program are ignored, so a form cannot tie the log to another program.
    `by` is who logged it; the entry keeps the last one who did.

    `idempotency_key` is the form's own key: the same form sent again (a phone resending a day it saved offline,
    because it never heard the answer) finds its key and changes nothing, so it cannot undo a later change either."""
    key = clean_key(idempotency_key)
    if key is not None:
        already = submitted(program.id, key)
        if already is not None:
            return already, False
    items = [item for item in program.items if item.id in set(item_ids)]
    entry = entry_on(program.id, day)
    updated = entry is not None
    if entry is None:
        made = TrainingLogEntry(program_id=program.id, day=day, effort=effort, pain=pain, note=note, items=items)
        # Two tabs sending the same day at once: the unique constraint decides, and the loser updates.
        entry = insert_or_winner(made, lambda: entry_on(program.id, day))
        updated = entry is not made
    if updated:
        entry.effort, entry.pain, entry.note, entry.items = effort, pain, note, items
    if by is not None:
        entry.logged_by_account_id, entry.logged_by_name, entry.logged_as = by.account_id, by.name, by.acting_as
    db.session.flush()
    if key is not None:
        # The same form sent twice at once: the unique key lets one keep it; both wrote the same answers.
        insert_or_winner(
            TrainingLogSubmission(idempotency_key=key, entry_id=entry.id),
            lambda: db.session.scalar(
                sa.select(TrainingLogSubmission).where(TrainingLogSubmission.idempotency_key == key)
            ),
        )
    return entry, updated


KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def clean_key(value: str | None) -> str | None:
    """A form's idempotency key if it looks like one (the page makes a UUID); anything else counts as none."""
    return value if value and KEY.match(value) else None


def submitted(program_id: int, key: str) -> TrainingLogEntry | None:
    """The entry a form with this key already wrote for the program, if it did."""
    return db.session.scalar(
        sa.select(TrainingLogEntry)
        .join(TrainingLogSubmission, TrainingLogSubmission.entry_id == TrainingLogEntry.id)
        .where(TrainingLogSubmission.idempotency_key == key, TrainingLogEntry.program_id == program_id)
    )


def weekdays_of(program: Program) -> set[int]:
    return program.reminder_weekday_set


def set_reminders(program: Program, weekdays: Iterable[int]) -> None:
    program.reminder_weekday_set = weekdays
    db.session.flush()


def uploaded_pictures(program: Program) -> dict[int, str]:
    """The pictures staff uploaded for the program's exercises as data: URIs by exercise id, for the PDF: one query.

    Only the stored, re-encoded bytes of the accepted types; WeasyPrint is never pointed at a URL."""
    rows = db.session.execute(
        sa.select(Exercise.id, Exercise.image_mime, Exercise.image).where(
            Exercise.id.in_([item.exercise_id for item in program.items]),
            Exercise.image.is_not(None),
            Exercise.image_mime.in_(ACCEPTED.values()),
        )
    )
    return {
        exercise_id: data_uri(mime, image)
        for exercise_id, mime, image in rows
        if mime is not None and image is not None
    }
