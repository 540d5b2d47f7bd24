"""Whether a § 140 course starts in time, and the one letter about free choice when it does not.

The law (sundhedsloven § 140, stk. 4) lets the citizen choose a private provider when the municipality cannot offer
a start by the plan's deadline. The portal writes to the citizen once: when the first session is booked after the
deadline, or when nothing is booked on the warning day (national.toml: free_choice.warn_after).

Exactly once: the plan is claimed with UPDATE ... SET free_choice_letter_at WHERE free_choice_letter_at IS NULL in
the transaction that puts the letter in the outbox. A booking and `flask plans check` may both find the start late
at the same moment; on PostgreSQL the second UPDATE waits for the first's commit and then matches nothing, and on
SQLite the job takes the database's write lock before it reads (the booking already holds it, see `_lock_course`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from portal.calendar import copenhagen_date
from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import Course, CourseStatus, RehabilitationPlan, SessionStatus, TrainingSession
from portal.municipalities.national import National
from portal.municipalities.rules import free_choice_applies
from portal.municipalities.schema import Profile
from portal.outbox.services import send_message
from portal.plans import letters
from portal.preferences.services import channels_for


class Standing(enum.StrEnum):
    WAITING = "waiting"  # nothing booked, and the warning day has not come
    IN_TIME = "in_time"  # the first session offered is on or before the deadline
    LATE = "late"  # the first session offered is after the deadline
    NOT_BOOKED = "not_booked"  # nothing booked on the warning day or later
    AT_HOSPITAL = "at_hospital"  # specialised training: the hospital gives it, and free choice does not apply


LATE_STANDINGS = frozenset({Standing.LATE, Standing.NOT_BOOKED})


class PlanDates(Protocol):
    """What a start's standing reads of a plan: a RehabilitationPlan, or its three columns read without it."""

    @property
    def level(self) -> str: ...

    @property
    def start_due(self) -> date: ...

    @property
    def warn_on(self) -> date: ...


def standing(plan: PlanDates, first_start: datetime | None, today: date, national: National) -> Standing:
    if not free_choice_applies(plan.level, national):
        return Standing.AT_HOSPITAL
    if first_start is not None:
        return Standing.IN_TIME if copenhagen_date(first_start) <= plan.start_due else Standing.LATE
    return Standing.NOT_BOOKED if today >= plan.warn_on else Standing.WAITING


# A session the therapist called off was not a start offered; one the citizen called off was.
NOT_OFFERED = (SessionStatus.CANCELLED_BY_THERAPIST,)


def first_starts(course_ids: Iterable[int]) -> dict[int, datetime]:
    """The first session offered on each course: one query."""
    ids = list(course_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(TrainingSession.course_id, sa.func.min(TrainingSession.starts_at))
        .where(TrainingSession.course_id.in_(ids), TrainingSession.status.not_in(NOT_OFFERED))
        .group_by(TrainingSession.course_id)
    )
    return {course_id: first for course_id, first in rows}


def _claim(plan_id: int, now: datetime) -> bool:
    claimed = rows_changed(
        sa.update(RehabilitationPlan)
        .where(RehabilitationPlan.id == plan_id, RehabilitationPlan.free_choice_letter_at.is_(None))
        .values(free_choice_letter_at=now)
        .execution_options(synchronize_session=False)
    )
    return claimed == 1


def _tell(
    plan: RehabilitationPlan, first_start: datetime | None, profile: Profile, national: National, now: datetime
) -> bool:
    if not _claim(plan.id, now):
        return False
    letter = letters.free_choice(
        plan,
        first_start,
        profile,
        national,
        letters.portal_link("plans.plan", plan_id=plan.id),
        letters.language_of(plan.person_id),
    )
    send_message(plan.person_id, **letters.as_message_args(letter), channels=channels_for(plan.person_id))
    db.session.expire(plan, ["free_choice_letter_at"])
    return True


def _due(plan: RehabilitationPlan, first_start: datetime | None, now: datetime, national: National) -> bool:
    return (
        plan.free_choice_letter_at is None
        and plan.course.status == CourseStatus.ACTIVE
        and standing(plan, first_start, copenhagen_date(now), national) in LATE_STANDINGS
    )


def check_course(course: Course, now: datetime | None = None) -> bool:
    """After a booking: the letter, if the course follows a plan and its start is now known to be late."""
    plan = db.session.scalar(sa.select(RehabilitationPlan).where(RehabilitationPlan.course_id == course.id))
    if plan is None or plan.free_choice_letter_at is not None:
        return False
    now = now or utcnow()
    first = first_starts([course.id]).get(course.id)
    national: National = current_app.config["NATIONAL"]
    if not _due(plan, first, now, national):
        return False
    return _tell(plan, first, current_app.config["PROFILE"], national, now)


def send_due(now: datetime | None = None) -> int:
    """`flask plans check`: the letters that are due, each once; tells how many. The caller commits."""
    now = now or utcnow()
    if db.session.get_bind().dialect.name == "sqlite":
        db.session.connection().exec_driver_sql("BEGIN IMMEDIATE")
    candidates = list(
        db.session.scalars(
            sa.select(RehabilitationPlan)
            .join(Course, Course.id == RehabilitationPlan.course_id)
            .options(joinedload(RehabilitationPlan.course), joinedload(RehabilitationPlan.person))
            .where(
                RehabilitationPlan.free_choice_letter_at.is_(None),
                RehabilitationPlan.warn_on <= copenhagen_date(now),
                Course.status == CourseStatus.ACTIVE,
            )
            .order_by(RehabilitationPlan.warn_on, RehabilitationPlan.id)
        )
    )
    starts = first_starts(plan.course_id for plan in candidates)
    national: National = current_app.config["NATIONAL"]
    profile: Profile = current_app.config["PROFILE"]
    sent = 0
    for plan in candidates:
        first = starts.get(plan.course_id)
        if _due(plan, first, now, national) and _tell(plan, first, profile, national, now):
            sent += 1
    return sent
