"""The visitator's steps on a case: acknowledge, book the assessment talk, ask, grant or refuse.

Each step changes the case, marks the promises it keeps as met, dates the promises that count from it, and
sends the citizen a letter through the outbox. Services flush; the request edge commits.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.applications.services import date_goals, goals_for, meet
from portal.calendar import Deadline, Status, status
from portal.cases import letters
from portal.database import utcnow
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationQuestion,
    ApplicationSource,
    ApplicationStatus,
    Course,
    CourseStatus,
    Message,
)
from portal.models.application import OPEN_STATUSES
from portal.municipalities.schema import CountUnit, Event, LegalBasis, Milestone, Offer, Profile
from portal.outbox.services import send_message

PAGE_SIZE = 25

# Which step each status allows. A step asked for in another status (a second click, an old tab) changes nothing.
ACKNOWLEDGEABLE = frozenset({ApplicationStatus.SUBMITTED})
BOOKABLE = frozenset({ApplicationStatus.SUBMITTED, ApplicationStatus.ACKNOWLEDGED, ApplicationStatus.IN_ASSESSMENT})


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
    """Open cases, the nearest unmet deadline first; cases with no deadline last, oldest first. Two queries."""
    where = [Application.status.in_([str(s) for s in OPEN_STATUSES])]
    if source in set(ApplicationSource):
        where.append(Application.source == source)
    if status_filter in OPEN_STATUSES:
        where.append(Application.status == status_filter)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Application).where(*where)) or 0
    pages = max(math.ceil(total / PAGE_SIZE), 1)
    page = min(max(page, 1), pages)
    waiting = (
        sa.exists()
        .where(ApplicationQuestion.application_id == Application.id, ApplicationQuestion.answered_at.is_(None))
        .label("waiting")
    )
    rows = db.session.execute(
        sa.select(Application, waiting)
        .options(joinedload(Application.person))
        .where(*where)
        .order_by(
            Application.next_due_on.is_(None),
            Application.next_due_on,
            Application.submitted_at,
            Application.id,
        )
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return InboxPage(
        rows=[InboxRow(row, flag_for(row.next_due_on, today), bool(waits)) for row, waits in rows],
        page=page,
        pages=pages,
        total=total,
    )


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
    for goal_id, value in (application.deadlines or {}).items():
        due = date.fromisoformat(value["due"])
        alternative = date.fromisoformat(value["alternative"]) if value.get("alternative") else None
        met_at = datetime.fromisoformat(value["met_at"]) if value.get("met_at") else None
        dated = Deadline(
            due=due,
            unit=CountUnit(value.get("unit", CountUnit.CALENDAR_DAYS)),
            amount=value.get("amount", 0),
            counted_from=date.fromisoformat(value.get("counted_from", value["due"])),
            ambiguous=bool(value.get("ambiguous")),
            alternative=alternative,
        )
        owed = met_at is not None or application.is_open or _still_owed(application, value)
        shown.append(
            PromisedDate(
                goal_id=goal_id,
                milestone=value["milestone"],
                due=due,
                ambiguous=dated.ambiguous,
                alternative=alternative,
                met_at=met_at,
                status=status(dated, met_at, now) if owed else None,
                planned=met_at is not None and met_at > now,
            )
        )
    return sorted(shown, key=lambda promised: (promised.due, promised.goal_id))


def _still_owed(application: Application, value: dict[str, object]) -> bool:
    # A granted case still owes the start of its training; nothing else is owed once the case is closed.
    return application.status == ApplicationStatus.GRANTED and value["milestone"] == Milestone.TRAINING_START


def _reader(application: Application) -> str:
    return letters.reader_language(application.person)


def _send(application: Application, letter: letters.Letter) -> Message:
    return send_message(application.person_id, **letters.as_message_args(letter), application_id=application.id)


def acknowledge(application: Application, profile: Profile, at: datetime | None = None) -> Message | None:
    """The letter that says the case has arrived, with its number and the dates still promised."""
    if application.status not in ACKNOWLEDGEABLE:
        return None
    at = at or utcnow()
    application.status = ApplicationStatus.ACKNOWLEDGED
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
    moved = application.assessment_talk_at is not None
    if moved:
        _undo_talk(application, profile)
    application.status = ApplicationStatus.IN_ASSESSMENT
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
    dated = {key: dict(value) for key, value in (application.deadlines or {}).items() if key not in counted_from_talk}
    for value in dated.values():
        if value["milestone"] == Milestone.ASSESSMENT_TALK:
            value["met_at"] = None
    application.deadlines = dated


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
    application.status = ApplicationStatus.GRANTED
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
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason
    _decide(application, profile, decided_by_account_id, at)
    db.session.flush()
    return _send(application, letters.refusal(application, profile, reason, at, _reader(application)))
