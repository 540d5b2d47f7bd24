"""The life of an application or referral: draft, sent (with its promised dates), followed, decided.

Deadlines come from the municipality's service goals. When a case is sent, the goals that count from its
arrival are dated; the goals that count from a later event (the assessment talk, the decision) are dated when
that event happens. Each dated goal is met by the step its milestone names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import abort

from portal.calendar import DanishCalendar, Deadline, copenhagen_date, deadline
from portal.calendar import status as deadline_status
from portal.clock import now
from portal.database import insert_or_winner, rows_changed, utcnow
from portal.extensions import db
from portal.models import Application, ApplicationSource, ApplicationStatus, PromisedDate, PromisedDates
from portal.municipalities.schema import AppliesTo, CountUnit, Event, Milestone, Profile, ServiceGoal

# The events a newly sent case stands for, by where it came from.
ARRIVAL_EVENTS = {
    ApplicationSource.CITIZEN: {Event.REQUEST_RECEIVED, Event.APPLICATION_RECEIVED},
    ApplicationSource.RELATIVE: {Event.REQUEST_RECEIVED, Event.APPLICATION_RECEIVED},
    ApplicationSource.GP: {Event.REQUEST_RECEIVED, Event.REFERRAL_RECEIVED},
}


def goals_for(profile: Profile, events: set[Event]) -> list[ServiceGoal]:
    """The profile's goals that count from one of these events and apply to cases without a hospital plan."""
    return [
        goal
        for goal in profile.service_goals
        if goal.counts_from in events and goal.applies_to in (AppliesTo.ALL, AppliesTo.WITHOUT_PLAN)
    ]


def date_goals(application: Application, profile: Profile, events: set[Event], at: datetime) -> None:
    calendar = DanishCalendar.for_profile(profile)
    dated = application.deadlines or PromisedDates.none()
    for goal in goals_for(profile, events):
        if goal.id in dated:
            continue
        due = deadline(goal, at, calendar)
        dated = dated.with_date(
            goal.id,
            PromisedDate(
                milestone=goal.milestone,
                due=due.due,
                unit=due.unit,
                amount=due.amount,
                counted_from=due.counted_from,
                ambiguous=due.ambiguous,
                alternative=due.alternative,
            ),
        )
    application.deadlines = dated
    application.next_due_on = dated.next_due()


def meet(application: Application, milestones: set[Milestone], at: datetime) -> None:
    """Marks the dated goals whose milestone this step reaches as met."""
    application.deadlines = application.deadlines.met(milestones, at)
    application.next_due_on = application.deadlines.next_due()


def case_number(application: Application, at: datetime) -> str:
    return f"TR-{at.year}-{application.id:05d}"


def submit(application: Application, profile: Profile, at: datetime | None = None) -> Application:
    """Sends a draft: it gets its case number and the dates the municipality has promised."""
    at = at or utcnow()
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = at
    application.case_number = case_number(application, at)
    date_goals(application, profile, ARRIVAL_EVENTS[ApplicationSource(application.source)], at)
    db.session.flush()
    return application


def open_cases_for(person_id: int) -> list[Application]:
    return list(
        db.session.scalars(
            sa.select(Application)
            .where(Application.person_id == person_id, Application.status != ApplicationStatus.DRAFT)
            .order_by(Application.submitted_at.desc())
        )
    )


def draft_for(person_id: int) -> Application | None:
    return db.session.scalar(
        sa.select(Application).where(Application.person_id == person_id, Application.status == ApplicationStatus.DRAFT)
    )


def start_draft(person_id: int, source: ApplicationSource, account_id: int, delegation_id: int | None) -> Application:
    """The person's one draft: the one there is, or a new one. Two starts at once (two tabs, the citizen and a
    relative) meet the unique index on drafts; the loser carries on with the winner's draft."""
    existing = draft_for(person_id)
    if existing is not None:
        return existing
    draft = Application(
        person_id=person_id,
        source=str(source),
        status=ApplicationStatus.DRAFT,
        created_by_account_id=account_id,
        delegation_id=delegation_id,
        answers={},
    )
    return insert_or_winner(draft, lambda: draft_for(person_id))


def save_answers(application: Application, answers: dict[str, Any]) -> None:
    # A new dict, so the JSON column sees the change.
    application.answers = {**(application.answers or {}), **answers}
    db.session.flush()


def send_draft(application: Application, profile: Profile, at: datetime | None = None) -> bool:
    """Sends the draft once: a second click, or a second tab, finds it already sent and changes nothing."""
    claimed = rows_changed(
        sa.update(Application)
        .where(Application.id == application.id, Application.status == ApplicationStatus.DRAFT)
        .values(status=ApplicationStatus.SUBMITTED)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(application)
    if claimed != 1:
        return False
    submit(application, profile, at)
    return True


def withdraw(application: Application, reason: str, at: datetime | None = None) -> None:
    application.status = ApplicationStatus.WITHDRAWN
    application.withdrawn_at = at or utcnow()
    application.withdraw_reason = reason.strip() or None
    application.next_due_on = None
    db.session.flush()


def get_case_for(person_id: int, application_id: int) -> Application:
    """A sent case of this person; 404 for a draft or anybody else's."""
    application = db.session.get(Application, application_id)
    if application is None or application.person_id != person_id or application.status == ApplicationStatus.DRAFT:
        abort(404)
    return application


def latest_case_for(person_id: int) -> Application | None:
    return db.session.scalar(
        sa.select(Application)
        .where(Application.person_id == person_id, Application.status != ApplicationStatus.DRAFT)
        .order_by(Application.submitted_at.desc())
        .limit(1)
    )


def delete_draft(application: Application) -> None:
    db.session.delete(application)
    db.session.flush()


# The steps of a case as the citizen follows them, and the milestone that promises each a date.
TIMELINE = (
    ("sent", None),
    ("acknowledged", {Milestone.LETTER, Milestone.CONTACT}),
    ("assessment_talk", {Milestone.ASSESSMENT_TALK}),
    ("decided", {Milestone.DECISION}),
    ("training_start", {Milestone.TRAINING_START}),
)


def timeline(application: Application, profile: Profile, language: str) -> list[dict[str, Any]]:
    """Each step with when it happened, when it is booked for, or the date promised for it and whether that date is
    kept. A step is done only once its time has passed: a talk booked for next week is booked, not done. A step the
    case went past without (decided without a talk, withdrawn before the decision) is skipped, not waiting."""
    moment = now()
    happened = {
        "sent": application.submitted_at,
        "acknowledged": application.acknowledged_at,
        "assessment_talk": application.assessment_talk_at,
        "decided": application.decided_at,
        "training_start": None,
    }
    closed = application.status in (
        ApplicationStatus.GRANTED,
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    )
    goals = {goal.id: goal for goal in profile.service_goals}
    steps = []
    for key, milestones in TIMELINE:
        promised = [
            (goal_id, value)
            for goal_id, value in application.deadlines.items()
            if milestones and value.milestone in milestones
        ]
        due = min((value.due for _, value in promised), default=None)
        if key == "training_start" and (due is None or application.status != ApplicationStatus.GRANTED):
            # Only a granted case has training to start.
            continue
        at = happened[key]
        done = at if at is not None and at <= moment else None
        booked = at if at is not None and at > moment and not closed else None
        skipped = closed and done is None and key != "training_start"
        state = None
        if due is not None and not skipped:
            promise = Deadline(due=due, unit=CountUnit.CALENDAR_DAYS, amount=0, counted_from=due)
            # A booked step keeps its promise if it is booked in time; the booked time says so before it comes.
            state = str(deadline_status(promise, done or booked, moment))
        steps.append(
            {
                "key": key,
                "done_on": copenhagen_date(done) if done else None,
                "booked_on": copenhagen_date(booked) if booked else None,
                "skipped": skipped,
                "due": due,
                "status": state,
                "texts": [goals[goal_id].text.get(language) for goal_id, _ in promised if goal_id in goals],
            }
        )
    return steps
