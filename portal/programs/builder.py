"""Building a course's self-training program, its templates, the end note, and issuing both at the end of the course.

Issuing is one atomic change: the program and the end note are marked issued, the course is completed, its sessions
that have not started are cancelled (their slots freed), and the citizen gets a message. A conditional UPDATE on
`programs.issued_at IS NULL` makes a double click issue once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import orm

from portal.database import rows_changed, utcnow
from portal.domain import DomainRefused
from portal.exercises import services as exercises
from portal.extensions import db
from portal.models import (
    Account,
    Application,
    ApplicationSource,
    Course,
    CourseEndReason,
    CourseStatus,
    EndNote,
    Exercise,
    Program,
    ProgramItem,
    ProgramTemplate,
    ProgramTemplateItem,
    TrainingSession,
)
from portal.municipalities.schema import EndNoteRecipient, Profile
from portal.outbox.letters import language_of
from portal.outbox.services import send_message, send_to_account
from portal.preferences.services import channels_for
from portal.programs import builder_letters as letters
from portal.programs import links as exercise_links
from portal.programs.builder_labels import REFUSALS
from portal.sessions import services as sessions

# Bounds of one exercise's dose. Times per week follows the database's check constraint.
SETS = range(1, 11)
REPETITIONS = range(1, 101)
SECONDS = range(5, 3601)
TIMES_PER_WEEK = range(1, 15)
# A program a citizen can keep up at home is short; the bound also keeps the builder page within its budget.
MAX_ITEMS = 12
DEFAULT_TIMES_PER_WEEK = 3
PICKER_PAGE_SIZE = 15
TEMPLATES_PAGE_SIZE = 50


class IssueRefused(DomainRefused):
    """Why a program cannot be issued: "not_active", "empty", "incomplete", "no_end_note" or "issued"."""

    @property
    def message(self) -> str:
        return str(REFUSALS.get(self.reason, self.reason))


@dataclass(frozen=True)
class Dose:
    sets: int | None
    repetitions: int | None
    seconds: int | None
    times_per_week: int | None
    load: str = ""
    notes: str = ""


def dose_problems(dose: Dose) -> dict[str, str]:
    """What is wrong with a dose, by field: the rules the form and the issue check share."""
    problems: dict[str, str] = {}
    if dose.sets is not None and dose.sets not in SETS:
        problems["sets"] = "sets_range"
    if dose.repetitions is not None and dose.repetitions not in REPETITIONS:
        problems["repetitions"] = "repetitions_range"
    if dose.seconds is not None and dose.seconds not in SECONDS:
        problems["seconds"] = "seconds_range"
    if dose.repetitions is None and dose.seconds is None:
        problems["repetitions"] = "repetitions_or_seconds"
    if dose.times_per_week is None or dose.times_per_week not in TIMES_PER_WEEK:
        problems["times_per_week"] = "times_per_week_range"
    return problems


def dose_of(item: ProgramItem | ProgramTemplateItem) -> Dose:
    return Dose(item.sets, item.repetitions, item.seconds, item.times_per_week, item.load, item.notes)


def program_problems(program: Program | None) -> list[str]:
    """Why the program cannot be issued yet; empty when it can."""
    if program is None or not program.items:
        return ["empty"]
    if any(dose_problems(dose_of(item)) for item in program.items):
        return ["incomplete"]
    return []


# --- reading ---


def get_program(course_id: int) -> Program | None:
    """The course's program with its items and their exercises (pictures left in the database): two queries."""
    return db.session.scalar(
        sa.select(Program)
        .options(orm.selectinload(Program.items).joinedload(ProgramItem.exercise).defer(Exercise.image))
        .where(Program.course_id == course_id)
    )


def get_program_row(course_id: int) -> Program | None:
    """The course's program without its items: one query, for pages that only need to know it is there."""
    return db.session.scalar(sa.select(Program).where(Program.course_id == course_id))


def get_item(program: Program, item_id: int) -> ProgramItem | None:
    return db.session.scalar(
        sa.select(ProgramItem)
        .options(orm.joinedload(ProgramItem.exercise).defer(Exercise.image))
        .where(ProgramItem.id == item_id, ProgramItem.program_id == program.id)
    )


def get_end_note(course_id: int) -> EndNote | None:
    return db.session.scalar(sa.select(EndNote).where(EndNote.course_id == course_id))


def pick(text: str | None, area: str | None, level: int | None, page: int = 1) -> exercises.Found:
    """Exercises in use matching the search, a short page at a time. Two queries."""
    return exercises.search(text, area, level, retired=False, page=page, page_size=PICKER_PAGE_SIZE)


def get_exercise_in_use(exercise_id: int) -> Exercise | None:
    return db.session.scalar(
        sa.select(Exercise)
        .options(orm.defer(Exercise.image))
        .where(Exercise.id == exercise_id, Exercise.retired_at.is_(None))
    )


def templates() -> list[ProgramTemplate]:
    """The saved templates, newest first, each with its items: two queries."""
    return list(
        db.session.scalars(
            sa.select(ProgramTemplate)
            .options(orm.selectinload(ProgramTemplate.items))
            .order_by(ProgramTemplate.created_at.desc(), ProgramTemplate.id.desc())
            .limit(TEMPLATES_PAGE_SIZE)
        )
    )


def get_template(template_id: int) -> ProgramTemplate | None:
    return db.session.get(ProgramTemplate, template_id)


# --- changing the draft ---


def start(course: Course, author_account_id: int) -> Program:
    """The course's draft program, made the first time. A second start (a double click) finds the first."""
    program = get_program_row(course.id)
    if program is None:
        program = Program(course_id=course.id, person_id=course.person_id, author_account_id=author_account_id)
        db.session.add(program)
        db.session.flush()
    return program


def _next_position(program: Program) -> int:
    highest = db.session.scalar(
        sa.select(sa.func.max(ProgramItem.position)).where(ProgramItem.program_id == program.id)
    )
    return (highest or 0) + 1


def _count(program: Program) -> int:
    return db.session.scalar(sa.select(sa.func.count(ProgramItem.id)).where(ProgramItem.program_id == program.id)) or 0


def add(program: Program, exercise: Exercise, dose: Dose | None = None) -> ProgramItem | None:
    """Adds the exercise last; None when the program is full or issued."""
    if program.is_issued or _count(program) >= MAX_ITEMS:
        return None
    dose = dose or Dose(None, None, None, DEFAULT_TIMES_PER_WEEK)
    item = ProgramItem(
        program_id=program.id,
        exercise_id=exercise.id,
        position=_next_position(program),
        sets=dose.sets,
        repetitions=dose.repetitions,
        seconds=dose.seconds,
        times_per_week=dose.times_per_week or DEFAULT_TIMES_PER_WEEK,
        load=dose.load,
        notes=dose.notes,
    )
    db.session.add(item)
    db.session.flush()
    return item


def set_dose(item: ProgramItem, dose: Dose) -> None:
    problems = dose_problems(dose)
    # dose_problems refuses a dose without times per week already; the second test is for the type checker's sake.
    if problems or dose.times_per_week is None:
        raise ValueError(problems)
    item.sets, item.repetitions, item.seconds = dose.sets, dose.repetitions, dose.seconds
    item.times_per_week, item.load, item.notes = dose.times_per_week, dose.load, dose.notes
    db.session.flush()


def set_introduction(program: Program, text: str) -> None:
    program.introduction = text
    db.session.flush()


def _ordered(program: Program) -> list[ProgramItem]:
    return list(
        db.session.scalars(
            sa.select(ProgramItem).where(ProgramItem.program_id == program.id).order_by(ProgramItem.position)
        )
    )


def _renumber(items: list[ProgramItem]) -> None:
    # Positions are unique per program, so they move out of the way first and then take their new numbers.
    for item in items:
        item.position = -item.position - 1000
    db.session.flush()
    for number, item in enumerate(items, start=1):
        item.position = number
    db.session.flush()


def move(program: Program, item: ProgramItem, step: int) -> bool:
    """Moves the item one place up (-1) or down (+1); False at either end."""
    items = _ordered(program)
    index = items.index(item)
    other = index + step
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(items)
    db.session.expire(program, ["items"])
    return True


def remove(program: Program, item: ProgramItem) -> None:
    db.session.delete(item)
    db.session.flush()
    _renumber(_ordered(program))
    db.session.expire(program, ["items"])


def save_template(program: Program, name: str, author_account_id: int) -> ProgramTemplate:
    """A copy of the program's exercises and doses under a name, for other courses to start from."""
    template = ProgramTemplate(name=name, author_account_id=author_account_id)
    template.items = [
        ProgramTemplateItem(
            exercise_id=item.exercise_id,
            position=number,
            sets=item.sets,
            repetitions=item.repetitions,
            seconds=item.seconds,
            times_per_week=item.times_per_week,
            load=item.load,
            notes=item.notes,
        )
        for number, item in enumerate(_ordered(program), start=1)
    ]
    db.session.add(template)
    db.session.flush()
    return template


def use_template(program: Program, template: ProgramTemplate) -> int:
    """Appends the template's exercises in use after the program's own, as far as room allows. Answers how many."""
    exercises = set(
        db.session.scalars(
            sa.select(Exercise.id).where(
                Exercise.id.in_([item.exercise_id for item in template.items]), Exercise.retired_at.is_(None)
            )
        )
    )
    room = MAX_ITEMS - _count(program)
    position = _next_position(program)
    added = 0
    for source in template.items:
        if source.exercise_id not in exercises or added >= room:
            continue
        db.session.add(
            ProgramItem(
                program_id=program.id,
                exercise_id=source.exercise_id,
                position=position + added,
                sets=source.sets,
                repetitions=source.repetitions,
                seconds=source.seconds,
                times_per_week=source.times_per_week,
                load=source.load,
                notes=source.notes,
            )
        )
        added += 1
    db.session.flush()
    db.session.expire(program, ["items"])
    return added


def save_end_note(course: Course, goals_reached: str, recommendation: str, author_account_id: int) -> EndNote:
    note = get_end_note(course.id)
    if note is None:
        note = EndNote(course_id=course.id, author_account_id=author_account_id, goals_reached="", recommendation="")
        db.session.add(note)
    if note.issued_at is None:
        note.goals_reached, note.recommendation, note.author_account_id = (
            goals_reached,
            recommendation,
            author_account_id,
        )
    db.session.flush()
    return note


# --- issuing ---


def end_note_recipients(course: Course, profile: Profile) -> frozenset[EndNoteRecipient]:
    """Who besides the citizen gets the end note, as the profile's offer group says; none for an unknown offer."""
    offer = profile.offer(course.offer_id)
    if offer is None:
        return frozenset()
    return frozenset(profile.group(offer.group).end_note_to)


def referring_gp_account_id(application: Application | None) -> int | None:
    # A course from a genoptræningsplan has no application, so no referring GP.
    if application is None:
        return None
    return application.created_by_account_id if application.source == ApplicationSource.GP else None


@dataclass(frozen=True)
class GpRecipient:
    """The referring GP who gets the end note: their login, and the e-mail address it gave (None if none)."""

    account_id: int
    email: str | None


def gp_to_tell(course: Course, profile: Profile) -> int | None:
    """The referring GP's account if the profile sends the end note to the GP and a GP referred the citizen; no
    query (the course's application is loaded with the course)."""
    account_id = referring_gp_account_id(course.application)
    if account_id is None or EndNoteRecipient.GP not in end_note_recipients(course, profile):
        return None
    return account_id


def gp_recipient(course: Course, profile: Profile) -> GpRecipient | None:
    """The GP who gets the end note, with the address their login gave: one query, or none when no GP gets it."""
    account_id = gp_to_tell(course, profile)
    if account_id is None:
        return None
    return GpRecipient(account_id, db.session.scalar(sa.select(Account.email).where(Account.id == account_id)))


@dataclass(frozen=True)
class IssueCheck:
    course: Course
    gp_email: str | None
    end_note: EndNote | None


def issue_check(course_id: int) -> IssueCheck | None:
    """The course with its person and application, the referring GP's e-mail address and the end note: one query,
    so the issue check page stays within its query budget."""
    row = db.session.execute(
        sa.select(Course, Account.email, EndNote)
        # A course from a genoptræningsplan has no application.
        .outerjoin(Application, Application.id == Course.application_id)
        .outerjoin(
            Account,
            sa.and_(Account.id == Application.created_by_account_id, Application.source == ApplicationSource.GP),
        )
        .outerjoin(EndNote, EndNote.course_id == Course.id)
        .options(orm.joinedload(Course.person), orm.contains_eager(Course.application))
        .where(Course.id == course_id)
    ).first()
    return IssueCheck(row[0], row[1], row[2]) if row else None


def tell_gp(course: Course, recipient: GpRecipient) -> bool:
    """Queues one e-mail to the GP that the end note is ready; False when their login gave no address (they still
    find it on their page in the portal)."""
    if not recipient.email:
        return False
    # A GP is a recipient only of a course they referred (gp_to_tell), and the referral is the course's application.
    if course.application_id is None:
        raise ValueError(f"Course {course.id} has no application, so no GP referred it")
    letter = letters.end_note_ready_for_gp(course.application_id)
    send_to_account(
        recipient.account_id,
        recipient.email,
        letter.kind,
        letter.language,
        letter.subject,
        letter.body,
        application_id=course.application_id,
    )
    return True


def issue(
    course: Course,
    program: Program | None,
    note: EndNote | None,
    at: datetime | None = None,
    profile: Profile | None = None,
) -> list[TrainingSession]:
    """Issues the program and the end note and ends the course, all or nothing. Answers the cancelled sessions.

    Raises `IssueRefused` with the reason; "issued" when another request (a double click) issued it first.
    `profile` says who besides the citizen gets the end note; the app's profile when not given.
    """
    at = at or utcnow()
    profile = profile or current_app.config["PROFILE"]
    if course.status != CourseStatus.ACTIVE and not (program and program.is_issued):
        raise IssueRefused("not_active")
    if program is not None and program.is_issued:
        raise IssueRefused("issued")
    problems = program_problems(program)
    if program is None or problems:
        raise IssueRefused(problems[0])
    if note is None or not note.goals_reached.strip() or not note.recommendation.strip():
        raise IssueRefused("no_end_note")
    won = rows_changed(
        sa.update(Program)
        .where(Program.id == program.id, Program.issued_at.is_(None))
        .values(issued_at=at)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(program, ["issued_at"])
    if won != 1:
        raise IssueRefused("issued")
    # A therapist ending the course early at the same moment meets this conditional UPDATE: only one of them moves
    # the course out of active. The loser's refusal rolls back the whole request at the edge, the issue above too.
    ended = rows_changed(
        sa.update(Course)
        .where(Course.id == course.id, Course.status == CourseStatus.ACTIVE)
        .values(status=CourseStatus.COMPLETED, ended_at=at, end_reason=CourseEndReason.PROGRAM_ISSUED)
        .execution_options(synchronize_session=False)
    )
    db.session.expire(course)
    if ended != 1:
        raise IssueRefused("not_active")
    note.issued_at = at
    # The printed program's QR codes: this program's exercises get theirs, and the old sheets stop working.
    exercise_links.issue(program, at)
    cancelled = sessions.cancel_unstarted(course.id, letters.course_ended_reason(), at)
    send_message(
        course.person_id,
        **letters.as_message_args(letters.program_issued(course, note, cancelled, language_of(course.person_id))),
        channels=channels_for(course.person_id),
        application_id=course.application_id,
    )
    recipient = gp_recipient(course, profile)
    if recipient is not None:
        tell_gp(course, recipient)
    db.session.flush()
    return cancelled


# --- who else reads the end note ---


def issued_end_note(application_id: int) -> EndNote | None:
    """The issued end note of the course granted on this application, with its course: one query."""
    return db.session.scalar(
        sa.select(EndNote)
        .join(Course, EndNote.course_id == Course.id)
        .options(orm.contains_eager(EndNote.course))
        .where(Course.application_id == application_id, EndNote.issued_at.is_not(None))
    )


def end_note_for(application: Application, profile: Profile, recipient: EndNoteRecipient) -> EndNote | None:
    """The issued end note of the application's course, if the profile sends it to `recipient`."""
    note = issued_end_note(application.id)
    if note is None or recipient not in end_note_recipients(note.course, profile):
        return None
    return note


def applications_with_end_note(
    application_ids: Iterable[int], profile: Profile, recipient: EndNoteRecipient
) -> set[int]:
    """Which of the applications have an issued end note that goes to `recipient`: one query, for lists."""
    ids = list(application_ids)
    if not ids:
        return set()
    rows = db.session.execute(
        sa.select(Course.application_id, Course.offer_id)
        .join(EndNote, EndNote.course_id == Course.id)
        .where(Course.application_id.in_(ids), EndNote.issued_at.is_not(None))
    )
    offers = {offer.id: offer.group for offer in profile.offers}
    return {
        application_id
        for application_id, offer_id in rows
        if application_id is not None
        and offer_id in offers
        and recipient in profile.group(offers[offer_id]).end_note_to
    }
