"""Form fields shared by every journey."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import Field, Form
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from portal import dates
from portal.clock import now, today

_DAY_OR_MONTH = re.compile(r"\d{1,2}", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)
_TIME = re.compile(r"^(\d{1,2})[.:](\d{2})$", re.ASCII)


@dataclass(frozen=True)
class Window:
    """The dates a date field takes, in whole years before and after today: 0 makes today the bound, None none.

    The bounds catch typing errors (1850 for 2025, 2031 for 2021); they are no rule of any standard.
    """

    back: int | None
    ahead: int | None

    def earliest(self, day: date) -> date | None:
        return None if self.back is None else _years_from(day, -self.back)

    def latest(self, day: date) -> date | None:
        return None if self.ahead is None else _years_from(day, self.ahead)


def _years_from(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


# A day from today on: a booking, a talk, an absence. A year ahead is as far as anyone plans a session.
FROM_TODAY = Window(back=0, ahead=1)
# A day that has been: when something began, a day of training.
UP_TO_TODAY = Window(back=20, ahead=0)
ANY_DAY = Window(back=None, ahead=None)


def as_typed(day: date) -> str:
    """A date the way the three boxes take it, for the examples in hints and messages: 24 3 2027."""
    return f"{day.day} {day.month} {day.year}"


class DateInputField(Field):
    """A date as three boxes (day, month, year), the DKFDS and GOV.UK pattern that works without JavaScript.

    What the user typed is kept in `parts`, so a wrong date is shown back as typed, next to its message. The
    `window` says which dates the field takes; the example in its hint and messages is a date in that window.
    `too_early` and `too_late` say it in the field's own words; `%(date)s` in them is the bound.
    """

    PARTS = ("day", "month", "year")

    # WTForms ships no types; said here so every form that reads the date gets a `date`, not Any.
    data: date | None

    def __init__(
        self,
        label: Any = None,
        validators: Any = None,
        *,
        window: Window = ANY_DAY,
        too_early: Any = None,
        too_late: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.parts: dict[str, str] = dict.fromkeys(self.PARTS, "")
        self.window = window
        self.too_early = too_early
        self.too_late = too_late

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        self.data = None if data is unset_value else data
        if isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month), "year": str(self.data.year)}
        if formdata is None:
            return
        names = {part: f"{self.name}-{part}" for part in self.PARTS}
        if not any(name in formdata for name in names.values()):
            return
        self.parts = {part: formdata.get(name, "").strip() for part, name in names.items()}
        self.raw_data = [self.parts[part] for part in self.PARTS]
        self.data = None
        if not any(self.parts.values()):
            return
        self.data = self._read(self.parts)
        if self.data is None:
            self.process_errors.append(gettext("Enter a real date, for example %(example)s.", example=self.example))

    @staticmethod
    def _read(parts: dict[str, str]) -> date | None:
        # Digits only, as many as each box holds: anything longer is no date, and would not fit in one either.
        if not (
            _DAY_OR_MONTH.fullmatch(parts["day"])
            and _DAY_OR_MONTH.fullmatch(parts["month"])
            and _YEAR.fullmatch(parts["year"])
        ):
            return None
        if int(parts["year"]) < 1000:
            return None
        try:
            return date(int(parts["year"]), int(parts["month"]), int(parts["day"]))
        except ValueError:
            return None

    def pre_validate(self, form: Form) -> None:
        if self.data is None:
            return
        earliest, latest = self.window.earliest(today()), self.window.latest(today())
        if earliest is not None and self.data < earliest:
            if self.too_early is not None:
                message = self.too_early
            elif earliest == today():
                message = _l("The date cannot be in the past")
            else:
                message = _l("The date must be %(date)s or later")
            raise StopValidation(message % {"date": dates.dateformat(earliest, "long")})
        if latest is not None and self.data > latest:
            if self.too_late is not None:
                message = self.too_late
            elif latest == today():
                message = _l("The date cannot be in the future")
            else:
                message = _l("The date must be %(date)s or earlier")
            raise StopValidation(message % {"date": dates.dateformat(latest, "long")})

    @property
    def example(self) -> str:
        """A date this field takes, written as typed: two weeks ahead for a date to come, a month back for one past."""
        day = today()
        earliest, latest = self.window.earliest(day), self.window.latest(day)
        if latest is None or latest > day:
            candidate = day + timedelta(days=14) if earliest is not None and earliest >= day else day
        else:
            candidate = day - timedelta(days=30)
        if earliest is not None:
            candidate = max(candidate, earliest)
        if latest is not None:
            candidate = min(candidate, latest)
        return as_typed(candidate)

    @property
    def example_hint(self) -> str:
        return gettext("For example %(example)s.", example=self.example)

    def _value(self) -> str:
        return self.data.isoformat() if self.data else ""

    @property
    def valid_date(self) -> date:
        """The date, for a form that has validated and refuses this field empty (a validator or `validate_<name>`).

        Empty here is a mistake in the code, not in what the user typed: it fails at once instead of passing None on.
        """
        if self.data is None:
            raise ValueError(
                f"{self.name} holds no date: read valid_date only once a validation that requires it passed"
            )
        return self.data


def time_of_day(field: Field) -> time:
    """The time in a text field as hours and minutes (10.30 or 10:30), or the message that says how to write it."""
    match = _TIME.match((field.data or "").strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValidationError(_l("Write the time as hours and minutes, for example 10.30"))
    return time(int(match[1]), int(match[2]))


def refuse_passed_time(day: date | None, at: time) -> None:
    """A time earlier today has passed: nothing can be booked then."""
    if day == today() and at <= now().time():
        raise ValidationError(_l("The time has passed today. Write a later time, or choose a later day"))
