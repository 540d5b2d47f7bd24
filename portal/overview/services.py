"""What "Mit overblik" shows: what waits for the person, their open case, today's exercises, their plan from the
hospital and the next session."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from portal.database import UTCDateTime
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationQuestion,
    ApplicationSource,
    ApplicationStatus,
    Course,
    CourseStatus,
    Delegation,
    Exercise,
    Message,
    Person,
    Program,
    ProgramItem,
    RehabilitationPlan,
    SessionStatus,
    TrainingLogEntry,
    TrainingSession,
)
from portal.models.application import OPEN_STATUSES
from portal.sessions import listed

# Between an exercise's position and its name, and between exercises, in the one aggregated string.
_FIELD = "\x1f"
_ROW = "\x1e"


@dataclass(frozen=True)
class Summary:
    """What the home shows of a person, as one row."""

    unread_letters: int = 0
    open_questions: int = 0
    question_id: int | None = None
    question_case_id: int | None = None
    question_case_number: str | None = None
    draft_id: int | None = None
    # The newest open referral from the person's doctor.
    referral_id: int | None = None
    referral_case_number: str | None = None
    referral_submitted_at: datetime | None = None
    referral: dict[str, Any] = field(default_factory=dict)
    referral_answered: bool = False
    offers: int = 0
    # The newest open case (an application or a referral), and how many are open.
    open_cases: int = 0
    case_id: int | None = None
    case_number: str | None = None
    case_status: str | None = None
    case_next_due_on: date | None = None
    program_id: int | None = None
    exercises: list[str] = field(default_factory=list)
    logged_today: bool = False
    # Genoptræningsplaner (§ 140): how many, and the start deadline of the newest whose course is going.
    plans: int = 0
    plan_start_due: date | None = None


def _first(query: sa.Select[Any]) -> sa.ScalarSelect[Any]:
    return query.limit(1).scalar_subquery()


def _count(*where: sa.ColumnElement[bool], of: Any) -> sa.ScalarSelect[int]:
    return sa.select(sa.func.count()).select_from(of).where(*where).scalar_subquery()


def summary(person_id: int, day: date, language: str, with_offers: bool = False) -> Summary:
    """Everything on the home but the next session, in one SELECT of scalar subqueries.

    Why one query: every page has a budget of 6 statements, and the home of a relative already spends four or five
    of them before it starts (the web session read and written, the fuldmagter, the access-log row). A query per
    item (letters, questions, draft, referral, offers, case, program, log, plan) would be ten more. Each subquery is
    small and uses an index on the person; the database runs them in one round trip.

    `with_offers` on the logged-in person's own home: fuldmagter offered to them (by their CPR number) wait for them,
    not for the person a relative acts for.
    """
    statement = _summary_statement(language == "en", with_offers)
    row = db.session.execute(statement, {"person_id": person_id, "day": day}).one()._asdict()
    answers = row.pop("referral_answers")
    return Summary(
        **{key: value for key, value in row.items() if key not in ("exercises", "referral")},
        referral=row["referral"] or {},
        referral_answered=bool(answers),
        exercises=_names_in_order(row["exercises"]),
    )


# The statement's parameters: it is built once per language and kind of home, since building its twenty subqueries
# cost more than running them (a third of the page's time).
_PERSON = sa.bindparam("person_id", type_=sa.Integer)
_DAY = sa.bindparam("day", type_=sa.Date)


@functools.cache
def _summary_statement(english: bool, with_offers: bool) -> sa.Select[Any]:
    open_question = (
        sa.select(ApplicationQuestion.id)
        .select_from(ApplicationQuestion)
        .join(Application, ApplicationQuestion.application_id == Application.id)
        .where(Application.person_id == _PERSON, ApplicationQuestion.answered_at.is_(None))
        .order_by(ApplicationQuestion.asked_at, ApplicationQuestion.id)
    )
    open_statuses = [str(status) for status in OPEN_STATUSES]
    newest_referral = (
        sa.select(Application)
        .where(
            Application.person_id == _PERSON,
            Application.source == ApplicationSource.GP,
            Application.status.in_(open_statuses),
        )
        .order_by(Application.id.desc())
    )
    open_case = sa.select(Application).where(Application.person_id == _PERSON, Application.status.in_(open_statuses))
    newest_case = open_case.order_by(Application.submitted_at.desc(), Application.id.desc())
    program_id = _first(
        sa.select(Program.id)
        .where(Program.person_id == _PERSON, Program.issued_at.is_not(None))
        .order_by(Program.issued_at.desc(), Program.id.desc())
    )
    name = Exercise.name_en if english else Exercise.name_da
    # Aggregated with the position in front of each name, as no aggregate keeps an order on both databases.
    exercises = (
        sa.select(sa.func.aggregate_strings(sa.cast(ProgramItem.position, sa.String) + _FIELD + name, _ROW))
        .select_from(ProgramItem)
        .join(Exercise, ProgramItem.exercise_id == Exercise.id)
        .where(ProgramItem.program_id == program_id)
        .scalar_subquery()
    )
    logged_today = (
        sa.select(TrainingLogEntry.id)
        .where(TrainingLogEntry.program_id == program_id, TrainingLogEntry.day == _DAY)
        .exists()
    )
    active_plan_start_due = _first(
        sa.select(RehabilitationPlan.start_due)
        .join(Course, Course.id == RehabilitationPlan.course_id)
        .where(RehabilitationPlan.person_id == _PERSON, Course.status == CourseStatus.ACTIVE)
        .order_by(RehabilitationPlan.discharge_date.desc(), RehabilitationPlan.id.desc())
    )
    columns: dict[str, Any] = {
        "unread_letters": _count(Message.person_id == _PERSON, Message.read_at.is_(None), of=Message),
        "open_questions": _count(
            Application.person_id == _PERSON,
            ApplicationQuestion.answered_at.is_(None),
            of=sa.join(ApplicationQuestion, Application, ApplicationQuestion.application_id == Application.id),
        ),
        "question_id": _first(open_question.with_only_columns(ApplicationQuestion.id)),
        "question_case_id": _first(open_question.with_only_columns(Application.id)),
        "question_case_number": _first(open_question.with_only_columns(Application.case_number)),
        "draft_id": _first(
            sa.select(Application.id).where(
                Application.person_id == _PERSON, Application.status == ApplicationStatus.DRAFT
            )
        ),
        "referral_id": _first(newest_referral.with_only_columns(Application.id)),
        "referral_case_number": _first(newest_referral.with_only_columns(Application.case_number)),
        "referral_submitted_at": _first(newest_referral.with_only_columns(Application.submitted_at)),
        "referral": _first(newest_referral.with_only_columns(Application.referral)),
        "referral_answers": _first(newest_referral.with_only_columns(Application.answers)),
        "open_cases": open_case.with_only_columns(sa.func.count()).scalar_subquery(),
        "case_id": _first(newest_case.with_only_columns(Application.id)),
        "case_number": _first(newest_case.with_only_columns(Application.case_number)),
        "case_status": _first(newest_case.with_only_columns(Application.status)),
        "case_next_due_on": _first(newest_case.with_only_columns(Application.next_due_on)),
        "program_id": program_id,
        "exercises": exercises,
        "logged_today": logged_today,
        "plans": _count(RehabilitationPlan.person_id == _PERSON, of=RehabilitationPlan),
        "plan_start_due": active_plan_start_due,
    }
    if with_offers:
        columns["offers"] = _count(
            # The person's CPR hash found in the same statement, so the page needs no query for the person.
            Delegation.grantee_cpr_hash == sa.select(Person.cpr_hash).where(Person.id == _PERSON).scalar_subquery(),
            Delegation.accepted_at.is_(None),
            Delegation.declined_at.is_(None),
            Delegation.revoked_at.is_(None),
            sa.or_(Delegation.valid_to.is_(None), Delegation.valid_to >= _DAY),
            of=Delegation,
        )
    return sa.select(*(column.label(key) for key, column in columns.items()))


def _names_in_order(aggregated: str | None) -> list[str]:
    if not aggregated:
        return []
    pairs = (part.split(_FIELD, 1) for part in aggregated.split(_ROW))
    return [name for _position, name in sorted(pairs, key=lambda pair: int(pair[0]))]


def next_session(person_id: int, now: datetime) -> listed.ListedSession | None:
    """The person's next booked session, with its therapist's first name, in one query."""
    row = db.session.execute(_next_session_statement(), {"person_id": person_id, "now": now}).first()
    return listed.from_row(row) if row is not None else None


@functools.cache
def _next_session_statement() -> sa.Select[*tuple[Any, ...]]:
    """Built once, with the person and the moment bound at execution, as the summary is."""
    return (
        listed.select()
        .where(
            TrainingSession.person_id == _PERSON,
            TrainingSession.status == SessionStatus.BOOKED,
            TrainingSession.ends_at >= sa.bindparam("now", type_=UTCDateTime),
        )
        .order_by(TrainingSession.starts_at)
        .limit(1)
    )
