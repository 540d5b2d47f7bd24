"""The rules in force for one municipality: its profile on top of the national layer.

A profile adds to the law or tightens it (its own address, channels, an earlier start); where it is silent the
national rule holds, and where it names what the law has since changed, the law holds and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.calendar import DanishCalendar, copenhagen_date, deadline, deadline_after
from portal.municipalities.national import FormerBody, National, PlanLevel
from portal.municipalities.schema import (
    AppliesTo,
    Complaint,
    ComplaintAbout,
    CountUnit,
    Event,
    Milestone,
    Profile,
    ServiceGoal,
    Text,
)


@dataclass(frozen=True)
class DecisionRoute:
    """Where and by when a complaint about a § 86 decision goes."""

    recipient: str
    address: tuple[str, ...]
    digital_channels: tuple[str, ...]
    # The profile's own words about complaining, if its standard has any; the law's words always follow.
    own_text: Text | None
    law_text: Text
    deadline_amount: int
    deadline_unit: CountUnit
    reassessment_weeks: int
    then_to: str


def _own(profile: Profile, about: ComplaintAbout) -> Complaint | None:
    return next((complaint for complaint in profile.complaints if complaint.about == about), None)


def decision_route(profile: Profile, national: National) -> DecisionRoute:
    law = national.decision_complaint
    own = _own(profile, ComplaintAbout.DECISION)
    if own is not None and own.deadline_amount is not None and own.deadline_unit is not None:
        amount, unit = own.deadline_amount, own.deadline_unit
    else:
        amount, unit = law.deadline_amount, law.deadline_unit
    return DecisionRoute(
        # Without a word in the standard the complaint still goes to the municipality that decided (the law's route).
        recipient=own.recipient if own else profile.contact.unit,
        address=(own.address if own and own.address else _postal(profile)),
        digital_channels=own.digital_channels if own else (),
        own_text=own.text if own else None,
        law_text=law.text,
        deadline_amount=amount,
        deadline_unit=unit,
        reassessment_weeks=law.reassessment_weeks,
        then_to=(own.then_to if own and own.then_to else law.then_to),
    )


def _postal(profile: Profile) -> tuple[str, ...]:
    return tuple(line for line in profile.contact.address if line != profile.contact.unit)


@dataclass(frozen=True)
class ComplaintDeadline:
    # The day the citizen received the decision, and the last day to complain.
    received: date
    due: date
    # True when the count ended on a closed day and the last day moved to the next working day.
    moved: bool


def complaint_due(route: DecisionRoute, decided_at: datetime | date, calendar: DanishCalendar) -> ComplaintDeadline:
    """The last day to complain about a decision sent through Digital Post when it was made.

    A letter in Digital Post is received the day it is in the inbox, which for the portal's letters is the day of the
    decision in Copenhagen; a count in weeks ends on the same weekday, and one that ends on a closed day runs to the
    next working day (national.toml: deemed_received, deadline_on_closed_day)."""
    received = copenhagen_date(decided_at)
    counted = deadline_after(route.deadline_amount, route.deadline_unit, received, calendar).due
    due = calendar.first_working_day_from(counted)
    return ComplaintDeadline(received=received, due=due, moved=due != counted)


@dataclass(frozen=True)
class TrainingRoute:
    """Where a complaint about § 140 training goes, and the body the standard named if the law has moved it."""

    recipient: str
    address: tuple[str, ...]
    text: Text
    how: Text
    deadline_years: int
    absolute_years: int
    replaced: FormerBody | None


def training_route(profile: Profile, national: National) -> TrainingRoute:
    law = national.training_complaint
    own = _own(profile, ComplaintAbout.TRAINING)
    former = next((body for body in law.replaces if own is not None and body.name == own.recipient), None)
    if own is None or former is not None:
        return TrainingRoute(
            recipient=law.recipient,
            address=(),
            text=law.text,
            how=law.how,
            deadline_years=law.deadline_years,
            absolute_years=law.absolute_years,
            replaced=former,
        )
    return TrainingRoute(
        recipient=own.recipient,
        address=own.address,
        text=own.text,
        how=law.how,
        deadline_years=law.deadline_years,
        absolute_years=law.absolute_years,
        replaced=None,
    )


@dataclass(frozen=True)
class StartDeadline:
    """The last day a § 140 course may start, and where the count comes from."""

    due: date
    # The day the count starts: discharge, or the plan's later medical start date.
    counted_from: date
    # "discharge" or "medical_start" under the law; "profile" when the municipality's own goal is stricter.
    basis: str
    # When the portal warns if nothing is booked (national.toml: free_choice.warn_after), never after `due`.
    warn_on: date
    goal_id: str | None = None


def plan_goals(profile: Profile) -> list[ServiceGoal]:
    """The profile's own start goals for citizens with a hospital plan."""
    return [
        goal
        for goal in profile.service_goals
        if goal.milestone == Milestone.TRAINING_START
        and (goal.applies_to == AppliesTo.WITH_PLAN or goal.counts_from == Event.PLAN_RECEIVED)
    ]


def plan_start(
    profile: Profile, national: National, discharge: date, medical_start: date | None, received: date
) -> StartDeadline:
    law = national.free_choice
    calendar = DanishCalendar.for_profile(profile)
    later = medical_start is not None and medical_start > discharge
    counted_from = medical_start if later and medical_start else discharge
    due = deadline_after(law.start_within, law.unit, counted_from, calendar).due
    basis, goal_id = ("medical_start" if later else "discharge"), None
    for goal in plan_goals(profile):
        # A goal counted from the plan's arrival still never asks for a start before the plan allows one; a goal
        # that does not say from when it counts is read from the law's own day.
        event = max(received, counted_from) if goal.counts_from == Event.PLAN_RECEIVED else counted_from
        # For "dage" without a unit the calendar-day reading, the stricter one (see `Deadline.ambiguous`).
        own = deadline(goal, event, calendar).due
        if own < due:
            due, basis, goal_id = own, "profile", goal.id
    warn_on = min(counted_from + timedelta(days=law.warn_after), due)
    return StartDeadline(due=due, counted_from=counted_from, basis=basis, warn_on=warn_on, goal_id=goal_id)


def free_choice_applies(level: PlanLevel | str, national: National) -> bool:
    return PlanLevel(level) not in national.free_choice.excluded_levels
