"""Træn nu: doing the program one exercise at a time, a set at a time, and logging the day at the end.

The session in progress is a row (`TrainingRun`), not browser state, so a reload, a phone that goes to sleep or a stop
halfway keeps what was done, and a relative or a home-care helper who runs the session with the citizen sees the same
sets. Logging the day goes through `services.log_day`: one entry per day, so a second session the same day updates it.
Services flush; the request edge commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.database import insert_or_winner, utcnow
from portal.extensions import db
from portal.models import Program, ProgramItem, TrainingLogEntry, TrainingRun
from portal.programs import services
from portal.programs.services import Logger

# The pause between two sets. The program has no field for it: therapists give 30 seconds to 1 minute to older
# citizens doing these exercises, and the citizen may always rest longer, since the next set waits for their button.
REST_SECONDS = 30


@dataclass(frozen=True)
class Step:
    """One exercise of the session: its place in the order and how far the citizen has come with it."""

    number: int
    item: ProgramItem
    done: int

    @property
    def sets(self) -> int:
        return self.item.sets or 1

    @property
    def finished(self) -> bool:
        return self.done >= self.sets

    @property
    def next_set(self) -> int:
        return min(self.done + 1, self.sets)

    @property
    def is_hold(self) -> bool:
        return bool(self.item.seconds)


def program_with_run(person_id: int, program_id: int) -> tuple[Program, TrainingRun | None] | None:
    """The person's issued program with its exercises and the session in progress, in one query; None if the program
    is not theirs or not issued (the caller answers 404)."""
    row = (
        db.session.execute(
            sa.select(Program, TrainingRun)
            .outerjoin(TrainingRun, TrainingRun.program_id == Program.id)
            .where(Program.id == program_id, Program.person_id == person_id, Program.issued_at.is_not(None))
            .options(joinedload(Program.items).joinedload(ProgramItem.exercise))
        )
        .unique()
        .first()
    )
    return (row[0], row[1]) if row else None


def steps(program: Program, run: TrainingRun | None, today: date) -> list[Step]:
    """The exercises in order with the sets done today; a session left from an earlier day counts as none done."""
    current = run if run is not None and run.day == today else None
    return [
        Step(number, item, current.done(item.id) if current else 0)
        for number, item in enumerate(program.items, start=1)
    ]


def step(program: Program, run: TrainingRun | None, today: date, number: int) -> Step | None:
    found = steps(program, run, today)
    return found[number - 1] if 1 <= number <= len(found) else None


def rest_left(run: TrainingRun | None, item: ProgramItem, now: datetime) -> int:
    """Seconds of rest left before the next set of `item`: counted from its last set, 0 when rested."""
    if run is None or run.last_item_id != item.id or run.last_set_at is None:
        return 0
    done = run.done(item.id)
    if done == 0 or done >= (item.sets or 1):
        return 0
    return max(0, REST_SECONDS - int((now - run.last_set_at).total_seconds()))


def start(program: Program, today: date) -> TrainingRun:
    """A fresh session for today, in place of any that was left: two "start" clicks at once leave one."""
    db.session.execute(sa.delete(TrainingRun).where(TrainingRun.program_id == program.id))
    return insert_or_winner(
        TrainingRun(program_id=program.id, day=today, sets_done={}),
        lambda: db.session.scalar(sa.select(TrainingRun).where(TrainingRun.program_id == program.id)),
    )


def record_set(program: Program, run: TrainingRun | None, item_id: int, seen_done: int, today: date) -> TrainingRun:
    """Counts one set of the exercise as done. `seen_done` is how many the page showed as done: a double click or a
    form sent again after a reload counts once, not twice. A session from an earlier day gives way to today's."""
    if run is None or run.day != today:
        run = start(program, today)
    item = next(item for item in program.items if item.id == item_id)
    done = run.done(item_id)
    if done != seen_done or done >= (item.sets or 1):
        return run
    # A new dict, so the JSON column is seen as changed.
    run.sets_done = {**run.sets_done, str(item_id): done + 1}
    run.last_item_id, run.last_set_at = item_id, utcnow()
    db.session.flush()
    return run


def done_items(program: Program, run: TrainingRun | None) -> list[ProgramItem]:
    """The exercises with at least one set done in the session, in program order."""
    if run is None:
        return []
    return [item for item in program.items if run.done(item.id) > 0]


def finish(
    program: Program,
    run: TrainingRun,
    effort: int,
    pain: int,
    by: Logger | None = None,
    idempotency_key: str | None = None,
) -> tuple[TrainingLogEntry, bool]:
    """Writes the session into the log as its day's entry and ends it. A day already logged keeps the exercises it
    had and gets this session's too; how hard and how painful are the newest answers. Answers the entry and whether
    the day was there already. `by` is who ran the session and logs it."""
    done = [item.id for item in done_items(program, run)]
    earlier = services.entry_on(program.id, run.day)
    item_ids: Sequence[int] = done if earlier is None else [*{item.id for item in earlier.items}, *done]
    entry, updated = services.log_day(
        program, run.day, item_ids, effort, pain, earlier.note if earlier else "", by, idempotency_key
    )
    db.session.delete(run)
    db.session.flush()
    return entry, updated
