"""The visitator's steps on a case: acknowledge, book the assessment talk, ask, grant or refuse.

Each step changes the case, marks the promises it keeps as met, dates the promises that count from it, and
sends the citizen a letter through the outbox. Services flush; the request edge commits.
"""

from __future__ import annotations

import enum
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.orm import joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from portal.applications import decision_letters as letters
from portal.applications.services import date_goals, goals_for, meet
from portal.calendar import Deadline, Status, status
from portal.database import rows_changed, utcnow
from portal.domain import DomainRefused
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationQuestion,
    ApplicationSource,
    ApplicationStatus,
    Course,
    CourseStatus,
    Message,
    Person,
)
from portal.models import PromisedDate as Promise
from portal.models.application import OPEN_STATUSES, open_case
from portal.municipalities.schema import Event, LegalBasis, Milestone, Offer, Profile
from portal.outbox.letters import Letter, as_message_args, reader_language
from portal.outbox.services import send_message

PAGE_SIZE = 25

# Which step each status allows. A step asked for in another status (a second click, an old tab) changes nothing.
ACKNOWLEDGEABLE = frozenset({ApplicationStatus.SUBMITTED})
BOOKABLE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.ACKNOWLEDGED, ApplicationStatus.IN_ASSESSMENT})


class CaseChanged(DomainRefused):
    """Another visitator took a step on the case between this one reading it and writing: the step is not taken."""

    def __init__(self) -> None:
        super().__init__("case_changed")

    @property
    def message(self) -> str:
        return gettext("Another caseworker changed the case a moment ago. See how it stands now.")


def _claim(
    application: Application, allowed: frozenset[ApplicationStatus], to: ApplicationStatus | None, **also: object
) -> None:
    """Moves the case to `to` in one conditional UPDATE, if it is still in a status that allows the step and still
    as this request read it. Of two visitators taking a step at the same moment, the database lets one through;
    the other gets `CaseChanged`, so one letter is sent and one course made. `to` None keeps the status and only
    holds the row for the rest of the request. `also` are further conditions on columns, as read (e.g. the time of
    the talk being moved)."""
    conditions: list[sa.ColumnElement[bool]] = [Application.id == application.id, Application.status.in_(allowed)]
    for name, value in also.items():
        column = getattr(Application, name)
        conditions.append(column.is_(None) if value is None else column == value)
    claimed = rows_changed(
        sa.update(Application)
        .where(*conditions)
        .values(status=to if to is not None else Application.status)
        .execution_options(synchronize_session=False)
    )
    if claimed != 1:
        raise CaseChanged()
    if to is not None:
        # What the database now holds, without a second UPDATE at the flush.
        set_committed_value(application, "status", to)


class Flag(enum.StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"


def flag_for(next_due_on: date | None, today: date) -> Flag | None:
    if next_due_on is None or next_due_on > today:
        return None
    return Flag.DUE_TODAY if next_due_on == today else Flag.OVERDUE


@dataclass(frozen=True)
class InboxRow:
    application: Application
    flag: Flag | None
    # A question to the citizen is open: the case waits for their answer before the visitator can go on.
    waiting_for_answer: bool = False


@dataclass(frozen=True)
class InboxPage:
    rows: list[InboxRow]
    page: int
    pages: int
    total: int


def inbox(today: date, page: int = 1, source: str | None = None, status_filter: str | None = None) -> InboxPage:
    """Open cases, the nearest unmet deadline first; cases with no deadline last, oldest first. Two queries.

    The page's 25 cases are picked from the inbox index before their people are joined: joined first, PostgreSQL
    would join and sort every open case (10 000 in a large municipality) to show 25."""
    source = source if source in set(ApplicationSource) else None
    status_filter = status_filter if status_filter in OPEN_STATUSES else None
    count, page_of = _inbox_statements(source, status_filter)
    total = db.session.scalar(count) or 0
    pages = max(math.ceil(total / PAGE_SIZE), 1)
    page = min(max(page, 1), pages)
    rows = db.session.execute(page_of, {"offset": (page - 1) * PAGE_SIZE}).all()
    return InboxPage(
        rows=[InboxRow(row, flag_for(row.next_due_on, today), bool(waits)) for row, waits in rows],
        page=page,
        pages=pages,
        total=total,
    )


@functools.cache
def _inbox_statements(
    source: str | None, status_filter: str | None
) -> tuple[sa.Select[int], sa.Select[Application, bool]]:
    """The count and the page of the inbox, built once for each filter, with the page's offset bound at execution:
    building them and their cache keys cost more than the database's answers. The page reads the columns the list
    shows, not the cases' answers."""
    where: list[sa.ColumnElement[bool]] = [open_case()]
    if source is not None:
        where.append(Application.source == source)
    if status_filter is not None:
        where.append(Application.status == status_filter)
    count = sa.select(sa.func.count()).select_from(Application).where(*where)
    waiting = (
        sa.exists()
        .where(ApplicationQuestion.application_id == Application.id, ApplicationQuestion.answered_at.is_(None))
        .label("waiting")
    )
    # The index's order: NULLS LAST is PostgreSQL's own order for an ascending index; SQLite sorts the open cases.
    order = (Application.next_due_on.asc().nulls_last(), Application.submitted_at, Application.id)
    shown = (
        sa.select(Application.id)
        .where(*where)
        .order_by(*order)
        .offset(sa.bindparam("offset", type_=sa.Integer))
        .limit(PAGE_SIZE)
    ).subquery()
    page_of = (
        sa.select(Application, waiting)
        .join(shown, shown.c.id == Application.id)
        .options(
            load_only(
                Application.person_id,
                Application.case_number,
                Application.source,
                Application.status,
                Application.submitted_at,
                Application.next_due_on,
            ),
            joinedload(Application.person).load_only(Person.given_name, Person.family_name),
        )
        .order_by(*order)
    )
    return count, page_of


def get_case(case_id: int) -> Application | None:
    """A sent case with its person; drafts belong to whoever is writing them and are not cases yet."""
    application = db.session.scalar(
        sa.select(Application).options(joinedload(Application.person)).where(Application.id == case_id)
    )
    if application is None or application.status == ApplicationStatus.DRAFT:
        return None
    return application


def other_cases(application: Application) -> list[Application]:
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(
                Application.person_id == application.person_id,
                Application.id != application.id,
                Application.status != ApplicationStatus.DRAFT,
            )
            .order_by(Application.submitted_at.desc(), Application.id.desc())
        )
    )


def questions_for(application: Application) -> list[ApplicationQuestion]:
    return list(
        db.session.scalars(
            sa.select(ApplicationQuestion)
            .where(ApplicationQuestion.application_id == application.id)
            .order_by(ApplicationQuestion.asked_at, ApplicationQuestion.id)
        )
    )


@dataclass(frozen=True)
class PromisedDate:
    goal_id: str
    milestone: str
    due: date
    ambiguous: bool
    alternative: date | None
    met_at: datetime | None
    # None: not kept, and no longer owed, since the case was decided or withdrawn without it.
    status: Status | None
    # Kept by a step booked for later, such as an assessment talk next week.
    planned: bool = False


def promised_dates(application: Application, now: datetime) -> list[PromisedDate]:
    """Each dated promise with whether it was kept, earliest first."""
    shown = []
    for goal_id, value in application.deadlines.items():
        dated = Deadline(
            due=value.due,
            unit=value.unit,
            amount=value.amount,
            counted_from=value.counted_from,
            ambiguous=value.ambiguous,
            alternative=value.alternative,
        )
        owed = value.is_met or application.is_open or _still_owed(application, value)
        shown.append(
            PromisedDate(
                goal_id=goal_id,
                milestone=value.milestone,
                due=value.due,
                ambiguous=value.ambiguous,
                alternative=value.alternative,
                met_at=value.met_at,
                status=status(dated, value.met_at, now) if owed else None,
                planned=value.met_at is not None and value.met_at > now,
            )
        )
    return sorted(shown, key=lambda promised: (promised.due, promised.goal_id))


def _still_owed(application: Application, value: Promise) -> bool:
    # A granted case still owes the start of its training; nothing else is owed once the case is closed.
    return application.status == ApplicationStatus.GRANTED and value.milestone == Milestone.TRAINING_START


def _reader(application: Application) -> str:
    return reader_language(application.person)


def _send(application: Application, letter: Letter) -> Message:
    return send_message(application.person_id, **as_message_args(letter), application_id=application.id)


def acknowledge(application: Application, profile: Profile, at: datetime | None = None) -> Message | None:
    """The letter that says the case has arrived, with its number and the dates still promised."""
    if application.status not in ACKNOWLEDGEABLE:
        return None
    at = at or utcnow()
    _claim(application, ACKNOWLEDGEABLE, ApplicationStatus.ACKNOWLEDGED)
    application.acknowledged_at = at
    meet(application, {Milestone.LETTER, Milestone.CONTACT}, at)
    db.session.flush()
    return _send(application, letters.acknowledgement(application, profile, _reader(application)))


def book_talk(
    application: Application, profile: Profile, talk_at: datetime, place: str, at: datetime | None = None
) -> Message | None:
    """Books (or moves) the assessment talk. The letter with the time is also a letter to and contact with the
    citizen, so it keeps those promises too if the case was not acknowledged first."""
    if application.status not in BOOKABLE:
        return None
    at = at or utcnow()
    # Two bookings at once: the one that finds the talk as it read it books; the other is refused.
    _claim(application, BOOKABLE, ApplicationStatus.IN_ASSESSMENT, assessment_talk_at=application.assessment_talk_at)
    moved = application.assessment_talk_at is not None
    if moved:
        _undo_talk(application, profile)
    application.assessment_talk_at = talk_at
    application.assessment_place = place
    meet(application, {Milestone.LETTER, Milestone.CONTACT}, at)
    meet(application, {Milestone.ASSESSMENT_TALK}, talk_at)
    date_goals(application, profile, {Event.ASSESSMENT_TALK}, talk_at)
    db.session.flush()
    return _send(
        application,
        letters.assessment_talk(application, profile, talk_at, place, moved=moved, language=_reader(application)),
    )


def _undo_talk(application: Application, profile: Profile) -> None:
    """A moved talk: the talk promise is open again and the promises counted from the old time are dated anew."""
    counted_from_talk = {goal.id for goal in goals_for(profile, {Event.ASSESSMENT_TALK})}
    application.deadlines = application.deadlines.without(counted_from_talk).reopened(Milestone.ASSESSMENT_TALK)


def ask(
    application: Application,
    profile: Profile,
    asked_by_account_id: int,
    text: str,
    answer_url: Callable[[ApplicationQuestion], str],
    at: datetime | None = None,
) -> ApplicationQuestion | None:
    """A question to the citizen, who answers in the portal; the letter says so and where."""
    if not application.is_open:
        return None
    # Holds the case open while the question is asked, so a decision at the same moment cannot pass it by.
    _claim(application, OPEN_STATUSES, None)
    asked = ApplicationQuestion(
        application_id=application.id, asked_by_account_id=asked_by_account_id, question=text, asked_at=at or utcnow()
    )
    db.session.add(asked)
    db.session.flush()
    _send(application, letters.question(application, profile, text, answer_url(asked), _reader(application)))
    return asked


def answer(asked: ApplicationQuestion, account_id: int, text: str, at: datetime | None = None) -> bool:
    """The citizen's answer; a question is answered once, so a second click does not overwrite the first."""
    if not asked.is_open:
        return False
    asked.answer = text
    asked.answered_at = at or utcnow()
    asked.answered_by_account_id = account_id
    db.session.flush()
    return True


def open_questions_for(person_id: int) -> list[ApplicationQuestion]:
    """The questions waiting for the person's answer, for the citizen's own pages ("Mine sager")."""
    return list(
        db.session.scalars(
            sa.select(ApplicationQuestion)
            .join(Application)
            .options(joinedload(ApplicationQuestion.application))
            .where(Application.person_id == person_id, ApplicationQuestion.answered_at.is_(None))
            .order_by(ApplicationQuestion.asked_at)
        )
    )


def decidable_offers(profile: Profile) -> list[Offer]:
    """The offers a visitator can grant on an application: § 86 training. A § 140 course follows the hospital's
    plan, which never comes as an application (the apply journey stops the citizen before that)."""
    return [offer for offer in profile.offers if set(offer.legal_basis) != {LegalBasis.SUNDHEDSLOVEN_140}]


def _decide(application: Application, profile: Profile, decided_by_account_id: int, at: datetime) -> None:
    application.decided_at = at
    application.decided_by_account_id = decided_by_account_id
    # The decision letter is a letter to and contact with the citizen as well.
    meet(application, {Milestone.LETTER, Milestone.CONTACT, Milestone.DECISION}, at)
    date_goals(application, profile, {Event.DECISION}, at)


def grant(
    application: Application,
    profile: Profile,
    decided_by_account_id: int,
    offer: Offer,
    sessions: int,
    goals: str,
    at: datetime | None = None,
    shortfall: str | None = None,
) -> Course | None:
    """Grants the application and makes its course. `shortfall` is why the citizen gets less than asked for (fewer
    sessions, another offer); the letter gives it with the complaint guidance, as a refusal's reason."""
    if not application.is_open:
        return None
    at = at or utcnow()
    _claim(application, OPEN_STATUSES, ApplicationStatus.GRANTED)
    application.granted_offer = offer.id
    application.granted_sessions = sessions
    application.decision_goals = goals
    application.decision_reason = shortfall or None
    _decide(application, profile, decided_by_account_id, at)
    course = Course(
        person_id=application.person_id,
        application_id=application.id,
        offer_id=offer.id,
        legal_basis=" ".join(str(basis) for basis in offer.legal_basis),
        sessions_allowed=sessions,
        goals=goals,
        status=CourseStatus.ACTIVE,
        created_at=at,
    )
    db.session.add(course)
    db.session.flush()
    _send(
        application,
        letters.grant(application, profile, offer, sessions, goals, at, shortfall or None, _reader(application)),
    )
    return course


def refuse(
    application: Application, profile: Profile, decided_by_account_id: int, reason: str, at: datetime | None = None
) -> Message | None:
    if not application.is_open:
        return None
    at = at or utcnow()
    _claim(application, OPEN_STATUSES, ApplicationStatus.REJECTED)
    application.decision_reason = reason
    _decide(application, profile, decided_by_account_id, at)
    db.session.flush()
    return _send(application, letters.refusal(application, profile, reason, at, _reader(application)))
