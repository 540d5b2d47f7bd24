"""The life of an application or referral: draft, sent (with its promised dates), followed, decided.

Deadlines come from the municipality's service goals. When a case is sent, the goals that count from its
arrival are dated; the goals that count from a later event (the assessment talk, the decision) are dated when
that event happens. Each dated goal is met by the step its milestone names.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from portal.calendar import DanishCalendar, deadline
from portal.database import utcnow
from portal.extensions import db
from portal.models import Application, ApplicationSource, ApplicationStatus
from portal.municipalities.schema import AppliesTo, Event, Milestone, Profile, ServiceGoal

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
    dated = dict(application.deadlines or {})
    for goal in goals_for(profile, events):
        if goal.id in dated:
            continue
        due = deadline(goal, at, calendar)
        dated[goal.id] = {
            "milestone": str(goal.milestone),
            "due": due.due.isoformat(),
            "unit": str(due.unit),
            "amount": due.amount,
            "counted_from": due.counted_from.isoformat(),
            "ambiguous": due.ambiguous,
            "alternative": due.alternative.isoformat() if due.alternative else None,
            "met_at": None,
        }
    application.deadlines = dated
    application.next_due_on = next_due(dated)


def meet(application: Application, milestones: set[Milestone], at: datetime) -> None:
    """Marks the dated goals whose milestone this step reaches as met."""
    dated = {key: dict(value) for key, value in (application.deadlines or {}).items()}
    for value in dated.values():
        if value["met_at"] is None and value["milestone"] in milestones:
            value["met_at"] = at.isoformat()
    application.deadlines = dated
    application.next_due_on = next_due(dated)


def next_due(dated: dict[str, Any]) -> date | None:
    open_dates = [date.fromisoformat(value["due"]) for value in dated.values() if value["met_at"] is None]
    return min(open_dates) if open_dates else None


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
