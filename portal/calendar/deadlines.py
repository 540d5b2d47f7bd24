"""The date a service goal promises, counted in Copenhagen, and whether it was kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from portal.calendar.working_days import DanishCalendar
from portal.clock import COPENHAGEN
from portal.municipalities.schema import CountUnit, ServiceGoal


class Status(StrEnum):
    MET = "met"
    MET_LATE = "met_late"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"
    PENDING = "pending"


@dataclass(frozen=True, kw_only=True)
class Deadline:
    # The last day on which the promise is kept, in Copenhagen.
    due: date
    unit: CountUnit
    amount: int
    # Day 0 of the count that gave `due`: the event's day in Copenhagen, also when the office was closed that day
    # (see `DanishCalendar.add_working_days`).
    counted_from: date
    # True where the standard says only "dage". Then `due` is the calendar-day reading, which is never later than
    # the working-day reading in `alternative`: the municipality is held to the stricter one, and pages say that
    # the standard does not say which days count. `alternative` may equal `due` when no closed day falls between.
    ambiguous: bool = False
    alternative: date | None = None


def copenhagen_date(moment: datetime | date) -> date:
    """The day `moment` falls on in Copenhagen; a plain date is taken to be a Copenhagen date already."""
    if not isinstance(moment, datetime):
        return moment
    # A naive datetime would be read as the server's local time by `astimezone`; stored times are UTC and must
    # say so, so guessing here would move events across midnight without anyone noticing.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no time zone; pass an aware datetime (stored times are UTC)")
    return moment.astimezone(COPENHAGEN).date()


def deadline(goal: ServiceGoal, event_at: datetime | date, calendar: DanishCalendar) -> Deadline:
    return deadline_after(goal.amount, goal.unit, event_at, calendar)


def deadline_after(amount: int, unit: CountUnit, event_at: datetime | date, calendar: DanishCalendar) -> Deadline:
    """For counts that are not a `ServiceGoal`, such as a complaint's deadline."""
    if amount < 0:
        raise ValueError(f"a deadline of {amount} {unit} is not a deadline")
    event_day = copenhagen_date(event_at)
    match unit:
        case CountUnit.WEEKDAYS:
            return Deadline(
                due=calendar.add_working_days(event_day, amount), unit=unit, amount=amount, counted_from=event_day
            )
        # Calendar days and weeks keep a due date that falls on a weekend or holiday where it is: the standards
        # promise a date, not a working day, and moving it later would promise less than they do.
        case CountUnit.CALENDAR_DAYS:
            return Deadline(due=event_day + timedelta(days=amount), unit=unit, amount=amount, counted_from=event_day)
        case CountUnit.WEEKS:
            return Deadline(due=event_day + timedelta(weeks=amount), unit=unit, amount=amount, counted_from=event_day)
        case CountUnit.DAYS_UNSPECIFIED:
            return Deadline(
                due=event_day + timedelta(days=amount),
                unit=unit,
                amount=amount,
                counted_from=event_day,
                ambiguous=True,
                alternative=calendar.add_working_days(event_day, amount),
            )
    raise ValueError(f"unknown count unit {unit!r}")


def status(deadline: Deadline, met_at: datetime | date | None, now: datetime | date) -> Status:
    # Whole days in Copenhagen: a step done at 23:30 Danish time on the due day is on time, whatever UTC says.
    if met_at is not None:
        return Status.MET if copenhagen_date(met_at) <= deadline.due else Status.MET_LATE
    today = copenhagen_date(now)
    if today < deadline.due:
        return Status.PENDING
    if today == deadline.due:
        return Status.DUE_TODAY
    return Status.OVERDUE
