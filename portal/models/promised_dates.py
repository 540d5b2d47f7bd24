"""The dates a case has been promised: one value, kept as JSON on the application and read everywhere as this.

A case gets its promises when it is sent (see `portal.applications.services.date_goals`) and when later events
happen (the assessment talk, the decision); the step a promise's milestone names meets it. The value is frozen:
a step makes a new one and assigns it, so the column sees the change. The JSON form lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from portal.municipalities.schema import CountUnit, Milestone


@dataclass(frozen=True, kw_only=True)
class PromisedDate:
    """One service goal's date on one case, and when the step that keeps it happened (or is booked for)."""

    milestone: Milestone
    # The last day on which the promise is kept, in Copenhagen.
    due: date
    unit: CountUnit
    amount: int
    # Day 0 of the count that gave `due` (see `portal.calendar.Deadline`).
    counted_from: date
    # The standard says only "dage": `due` is the stricter reading, `alternative` the working-day one.
    ambiguous: bool = False
    alternative: date | None = None
    met_at: datetime | None = None

    @property
    def is_met(self) -> bool:
        return self.met_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "milestone": str(self.milestone),
            "due": self.due.isoformat(),
            "unit": str(self.unit),
            "amount": self.amount,
            "counted_from": self.counted_from.isoformat(),
            "ambiguous": self.ambiguous,
            "alternative": self.alternative.isoformat() if self.alternative else None,
            "met_at": self.met_at.isoformat() if self.met_at else None,
        }

    @classmethod
    def from_json(cls, value: Mapping[str, Any]) -> PromisedDate:
        due = date.fromisoformat(value["due"])
        # Cases sent before the count was kept hold only the milestone and the date.
        return cls(
            milestone=Milestone(value["milestone"]),
            due=due,
            unit=CountUnit(value.get("unit") or CountUnit.CALENDAR_DAYS),
            amount=int(value.get("amount") or 0),
            counted_from=date.fromisoformat(value["counted_from"]) if value.get("counted_from") else due,
            ambiguous=bool(value.get("ambiguous")),
            alternative=date.fromisoformat(value["alternative"]) if value.get("alternative") else None,
            met_at=datetime.fromisoformat(value["met_at"]) if value.get("met_at") else None,
        )


# Equal as mappings are (by goal id and promise, not by order), so a case without promises equals `{}`.
@dataclass(frozen=True, eq=False)
class PromisedDates(Mapping[str, PromisedDate]):
    """The promises of one case by service goal id, in the order they were given."""

    dated: tuple[tuple[str, PromisedDate], ...] = ()

    @classmethod
    def none(cls) -> PromisedDates:
        return cls()

    def __getitem__(self, goal_id: str) -> PromisedDate:
        for key, promised in self.dated:
            if key == goal_id:
                return promised
        raise KeyError(goal_id)

    def __iter__(self) -> Iterator[str]:
        return (key for key, _ in self.dated)

    def __len__(self) -> int:
        return len(self.dated)

    def with_date(self, goal_id: str, promised: PromisedDate) -> PromisedDates:
        """The promises with this goal dated; a goal already dated keeps its first date."""
        if goal_id in self:
            return self
        return PromisedDates((*self.dated, (goal_id, promised)))

    def met(self, milestones: Iterable[Milestone], at: datetime) -> PromisedDates:
        """The promises with those not yet kept whose milestone is one of these marked as kept at `at`."""
        reached = set(milestones)

        def kept(promised: PromisedDate) -> PromisedDate:
            if promised.is_met or promised.milestone not in reached:
                return promised
            return replace(promised, met_at=at)

        return PromisedDates(tuple((key, kept(promised)) for key, promised in self.dated))

    def reopened(self, milestone: Milestone) -> PromisedDates:
        """The promises with those of this milestone open again, as when the step that kept them is moved."""
        return PromisedDates(
            tuple(
                (key, replace(promised, met_at=None) if promised.milestone == milestone else promised)
                for key, promised in self.dated
            )
        )

    def without(self, goal_ids: Iterable[str]) -> PromisedDates:
        dropped = set(goal_ids)
        return PromisedDates(tuple((key, promised) for key, promised in self.dated if key not in dropped))

    def next_due(self) -> date | None:
        """The earliest date not yet kept, for sorting the visitator's inbox."""
        return min((promised.due for promised in self.values() if not promised.is_met), default=None)

    def to_json(self) -> dict[str, Any]:
        return {key: promised.to_json() for key, promised in self.dated}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> PromisedDates:
        return cls(tuple((key, PromisedDate.from_json(promised)) for key, promised in (value or {}).items()))


class PromisedDatesJSON(sa.types.TypeDecorator[PromisedDates]):
    """The column type: `PromisedDates` in Python, the same JSON object in the database as before."""

    impl = sa.JSON
    cache_ok = True

    def __repr__(self) -> str:
        # How Alembic writes the type into migrations.
        return "sa.JSON()"

    def process_bind_param(self, value: PromisedDates | None, dialect: sa.Dialect) -> dict[str, Any] | None:
        if value is None:
            return None
        return value.to_json()

    def process_result_value(self, value: dict[str, Any] | None, dialect: sa.Dialect) -> PromisedDates:
        return PromisedDates.from_json(value)
