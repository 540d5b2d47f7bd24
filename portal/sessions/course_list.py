"""The therapist's course list: their active courses and the newest that no therapist has booked yet, in the order
they need attention, one page at a time.

One query, bounded by the therapist's own caseload, never by the municipality's: the tallies of each course's
sessions that decide the order, with the few columns a row shows. The rows are plain values, not ORM objects: a page
of them cost more to load as courses with their citizens, cases and plans than everything else on the page.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from portal.calendar import copenhagen_date
from portal.database import UTCDateTime, utcnow
from portal.extensions import db
from portal.models import Application, Course, CourseStatus, Person, RehabilitationPlan, SessionStatus, TrainingSession
from portal.models.session import COUNTS_AGAINST_COURSE
from portal.municipalities.national import National
from portal.municipalities.schema import NoShowRule
from portal.plans import free_choice
from portal.sessions import no_shows

# A therapist's caseload is tens of courses; the list stops at these, so the page stays small whatever happens.
COURSES_SHOWN = 150
NEW_COURSES_SHOWN = 20


@dataclass(frozen=True)
class CourseRow:
    course_id: int
    person_id: int
    citizen: str
    # What the case is known by: the application's case number, a genoptræningsplan, or the decision's reference.
    application_id: int | None
    case_number: str | None
    from_plan: bool
    decision_reference: str | None
    sessions_allowed: int
    used: int
    next_start: datetime | None
    standing: no_shows.Standing | None = None
    # For a course from a genoptræningsplan: whether its start is in time (see `portal.plans.free_choice`).
    plan_standing: free_choice.Standing | None = None
    plan_start_due: date | None = None

    @property
    def plan_late(self) -> bool:
        return self.plan_standing in free_choice.LATE_STANDINGS


@dataclass(frozen=True)
class CourseRows:
    rows: list[CourseRow]
    # How many courses the whole list has, over every page.
    total: int
    # The page shown: the one asked for, or the last when the list has fewer pages.
    page: int


def therapist_courses(
    therapist_account_id: int,
    rules: Sequence[NoShowRule] = (),
    now: datetime | None = None,
    national: National | None = None,
) -> list[CourseRow]:
    """The whole list `therapist_course_page` pages through (at most 170 courses)."""
    return therapist_course_page(therapist_account_id, rules, now, national).rows


def therapist_course_page(
    therapist_account_id: int,
    rules: Sequence[NoShowRule] = (),
    now: datetime | None = None,
    national: National | None = None,
    page: int = 1,
    per_page: int | None = None,
) -> CourseRows:
    """The therapist's active courses (those they booked last) and the newest active courses no therapist has booked
    yet, so a new course can get its first booking; with how many sessions are used, the next one, and where the
    course stands against the profile's no-show rules. Courses from a genoptræningsplan whose start is late come
    first (with `national`, the law's start rules), then the courses the therapist must decide on; `per_page` of
    them (all without it)."""
    now = now or utcnow()
    found = db.session.execute(_statement(), {"therapist_account_id": therapist_account_id, "now": now}).all()
    today = copenhagen_date(now)
    ranked = []
    for row in found:
        plan_standing = None
        if row.level is not None and national is not None:
            # The row carries the plan's level and dates, which is all a start's standing reads of a plan.
            plan_standing = free_choice.standing(row, row.first_start, today, national)
        statuses = _tallied_statuses(row.no_show or 0, row.cancelled or 0)
        standing = no_shows.standing(rules, statuses, row.no_show_reviewed_count)
        ranked.append((row, standing, plan_standing))
    ranked.sort(
        key=lambda one: (
            one[2] not in free_choice.LATE_STANDINGS,
            not (one[1] and one[1].needs_review),
        )
    )
    if per_page:
        page = max(min(page, math.ceil(len(ranked) / per_page)), 1)
        on_page = ranked[(page - 1) * per_page : page * per_page]
    else:
        page, on_page = 1, ranked
    return CourseRows([_course_row(*one) for one in on_page], len(ranked), page)


def _course_row(row: Any, standing: no_shows.Standing | None, plan_standing: free_choice.Standing | None) -> CourseRow:
    return CourseRow(
        course_id=row.id,
        person_id=row.person_id,
        citizen=f"{row.given_name} {row.family_name}".strip(),
        application_id=row.application_id,
        case_number=row.case_number,
        from_plan=row.level is not None,
        decision_reference=row.decision_reference,
        sessions_allowed=row.sessions_allowed,
        used=row.used or 0,
        next_start=row.next_start,
        standing=standing,
        plan_standing=plan_standing,
        plan_start_due=row.start_due,
    )


def _tallied_statuses(no_show: int, cancelled: int) -> list[str]:
    return [str(SessionStatus.NO_SHOW)] * no_show + [str(SessionStatus.CANCELLED_BY_CITIZEN)] * cancelled


@functools.cache
def _statement() -> sa.Select[*tuple[Any, ...]]:
    """Built once, with the therapist and the moment bound at execution: building it cost more than its answer."""
    therapist = sa.bindparam("therapist_account_id", type_=sa.Integer)
    now = sa.bindparam("now", type_=UTCDateTime)
    mine = (
        sa.select(Course.id)
        .where(Course.status == CourseStatus.ACTIVE, Course.therapist_account_id == therapist)
        .order_by(Course.created_at)
        .limit(COURSES_SHOWN)
    )
    untaken = (
        sa.select(Course.id)
        .where(Course.status == CourseStatus.ACTIVE, Course.therapist_account_id.is_(None))
        .order_by(Course.created_at.desc())
        .limit(NEW_COURSES_SHOWN)
    )
    # Each part as a subquery of its own: SQLite takes no LIMIT inside a bare UNION.
    # A CTE read twice (by the tallies and by the rows), so the database finds the courses once.
    shown = sa.union_all(sa.select(mine.subquery().c.id), sa.select(untaken.subquery().c.id)).cte("shown")
    cancellations = no_shows.COUNTED_STATUSES[no_shows.AbsenceKind.CANCELLATION]
    tallies = (
        sa.select(
            TrainingSession.course_id,
            sa.func.count().filter(TrainingSession.status.in_(COUNTS_AGAINST_COURSE)).label("used"),
            sa.func.min(TrainingSession.starts_at)
            .filter(TrainingSession.status == SessionStatus.BOOKED, TrainingSession.starts_at >= now)
            .label("next_start"),
            sa.func.count().filter(TrainingSession.status == SessionStatus.NO_SHOW).label("no_show"),
            sa.func.count().filter(TrainingSession.status.in_(cancellations)).label("cancelled"),
            sa.func.min(TrainingSession.starts_at)
            .filter(TrainingSession.status.not_in(free_choice.NOT_OFFERED))
            .label("first_start"),
        )
        .where(TrainingSession.course_id.in_(sa.select(shown.c.id)))
        .group_by(TrainingSession.course_id)
        .subquery()
    )
    return (
        sa.select(
            Course.id,
            Course.person_id,
            Course.application_id,
            Course.decision_reference,
            Course.sessions_allowed,
            Course.no_show_reviewed_count,
            Person.given_name,
            Person.family_name,
            Application.case_number,
            RehabilitationPlan.level,
            RehabilitationPlan.start_due,
            RehabilitationPlan.warn_on,
            tallies.c.used,
            tallies.c.next_start,
            tallies.c.no_show,
            tallies.c.cancelled,
            tallies.c.first_start,
        )
        .select_from(shown)
        .join(Course, Course.id == shown.c.id)
        .join(Person, Person.id == Course.person_id)
        .outerjoin(Application, Application.id == Course.application_id)
        .outerjoin(RehabilitationPlan, RehabilitationPlan.course_id == Course.id)
        .outerjoin(tallies, tallies.c.course_id == Course.id)
        .order_by(Course.created_at, Course.id)
    )
