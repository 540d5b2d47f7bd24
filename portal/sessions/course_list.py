"""The therapist's course list: their active courses and the newest that no therapist has booked yet, in the order
they need attention, one page at a time.

Two queries, bounded by the therapist's own caseload, never by the municipality's: what decides the order (each
course's absences and plan), then the few columns a row shows for the page's courses only. The rows are plain values,
not ORM objects: a page of them cost more to load as courses with their citizens, cases and plans than everything
else on the page.
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
from portal.models.session import COUNTS_AGAINST_COURSE, absence
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
    found = db.session.execute(_ranking_statement(), {"therapist_account_id": therapist_account_id}).all()
    today = copenhagen_date(now)
    ranked = []
    for row in found:
        plan_standing = None
        if row.level is not None and national is not None:
            # The row carries the plan's level and dates, which is all a start's standing reads of a plan.
            plan_standing = free_choice.standing(row, row.first_start, today, national)
        statuses = no_shows.tallied_statuses(row.no_show or 0, row.cancelled or 0)
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
    details = _details([one[0].id for one in on_page], now)
    return CourseRows([_course_row(details[one[0].id], *one) for one in on_page], len(ranked), page)


def _details(course_ids: list[int], now: datetime) -> dict[int, Any]:
    if not course_ids:
        return {}
    return {row.id: row for row in db.session.execute(_details_statement(), {"ids": course_ids, "now": now})}


def _course_row(
    details: Any, ranking: Any, standing: no_shows.Standing | None, plan_standing: free_choice.Standing | None
) -> CourseRow:
    return CourseRow(
        course_id=details.id,
        person_id=details.person_id,
        citizen=f"{details.given_name} {details.family_name}".strip(),
        application_id=details.application_id,
        case_number=details.case_number,
        from_plan=ranking.level is not None,
        decision_reference=details.decision_reference,
        sessions_allowed=details.sessions_allowed,
        used=details.used or 0,
        next_start=details.next_start,
        standing=standing,
        plan_standing=plan_standing,
        plan_start_due=ranking.start_due,
    )


@functools.cache
def _ranking_statement() -> sa.Select[*tuple[Any, ...]]:
    """What orders the list, for each of the therapist's courses: its absences, its plan and, for a course from a
    plan, its first offered session. Built once, with the therapist bound at execution: building it cost more than
    its answer. The absences come from their own index (a tenth of the sessions); tallying every session of 170
    courses cost the database 5 ms a page."""
    therapist = sa.bindparam("therapist_account_id", type_=sa.Integer)
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
    # A CTE read twice (by the absences and by the rows), so the database finds the courses once.
    shown = sa.union_all(sa.select(mine.subquery().c.id), sa.select(untaken.subquery().c.id)).cte("shown")
    cancellations = no_shows.COUNTED_STATUSES[no_shows.AbsenceKind.CANCELLATION]
    absences = (
        sa.select(
            TrainingSession.course_id,
            sa.func.count().filter(TrainingSession.status == SessionStatus.NO_SHOW).label("no_show"),
            sa.func.count().filter(TrainingSession.status.in_(cancellations)).label("cancelled"),
        )
        .where(TrainingSession.course_id.in_(sa.select(shown.c.id)), absence())
        .group_by(TrainingSession.course_id)
        .subquery()
    )
    first_start = (
        sa.select(sa.func.min(TrainingSession.starts_at))
        .where(TrainingSession.course_id == Course.id, TrainingSession.status.not_in(free_choice.NOT_OFFERED))
        .scalar_subquery()
    )
    return (
        sa.select(
            Course.id,
            Course.no_show_reviewed_count,
            RehabilitationPlan.level,
            RehabilitationPlan.start_due,
            RehabilitationPlan.warn_on,
            absences.c.no_show,
            absences.c.cancelled,
            # Only a course from a plan has a start that can be late; the others are not asked.
            sa.case((RehabilitationPlan.level.is_not(None), first_start)).label("first_start"),
        )
        .select_from(shown)
        .join(Course, Course.id == shown.c.id)
        .outerjoin(RehabilitationPlan, RehabilitationPlan.course_id == Course.id)
        .outerjoin(absences, absences.c.course_id == Course.id)
        .order_by(Course.created_at, Course.id)
    )


@functools.cache
def _details_statement() -> sa.Select[*tuple[Any, ...]]:
    """What a row shows, for the page's courses only: the citizen, the case, the sessions used and the next one."""
    ids: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
    now = sa.bindparam("now", type_=UTCDateTime)
    tallies = (
        sa.select(
            TrainingSession.course_id,
            sa.func.count().filter(TrainingSession.status.in_(COUNTS_AGAINST_COURSE)).label("used"),
            sa.func.min(TrainingSession.starts_at)
            .filter(TrainingSession.status == SessionStatus.BOOKED, TrainingSession.starts_at >= now)
            .label("next_start"),
        )
        .where(TrainingSession.course_id.in_(ids))
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
            Person.given_name,
            Person.family_name,
            Application.case_number,
            tallies.c.used,
            tallies.c.next_start,
        )
        .join(Person, Person.id == Course.person_id)
        .outerjoin(Application, Application.id == Course.application_id)
        .outerjoin(tallies, tallies.c.course_id == Course.id)
        .where(Course.id.in_(ids))
    )
