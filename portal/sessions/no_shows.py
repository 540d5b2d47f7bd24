"""The profile's no-show rule (udeblivelse), applied to a course: nothing yet, a friendly warning, or at the limit.

What counts, by the rule's `counts`:
- no_show: a session recorded as "did not come" (`SessionStatus.NO_SHOW`).
- cancellation (afbud): a session the citizen cancelled, or one the therapist recorded as "absent with notice".
  Every one counts, in time or late: the standard (Næstved) says "gentagne afbud" without a notice limit, and a
  profile may have no notice limit at all. Reaching the limit only gives the therapist a task to decide; the portal
  never ends a course by itself.

A rule without a number (Næstved: "gentagne afbud eller udeblivelser", repeated) is the portal's own reading:
the citizen is warned from the first counted absence, and from the second (`REPEATED`) the therapist gets a task
to consider ending the course. The page says that the number is the portal's reading, not the standard's.

Pure functions, no database: the pages and the services pass in the counts.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from portal.models.session import SessionStatus
from portal.municipalities.schema import AbsenceKind, NoShowRule

# "Repeated" read as a number: the second counted absence is when the therapist considers the course.
REPEATED = 2

# Which session statuses each kind of absence in a rule counts.
COUNTED_STATUSES: Mapping[AbsenceKind, tuple[SessionStatus, ...]] = {
    AbsenceKind.NO_SHOW: (SessionStatus.NO_SHOW,),
    AbsenceKind.CANCELLATION: (SessionStatus.CANCELLED_BY_CITIZEN, SessionStatus.ABSENT_WITH_NOTICE),
}


class Level(enum.IntEnum):
    NONE = 0
    WARN = 1
    AT_LIMIT = 2


@dataclass(frozen=True)
class Standing:
    """Where a course stands against one rule."""

    rule: NoShowRule
    count: int
    limit: int
    level: Level
    # The limit is the portal's reading of "repeated", not a number in the standard.
    read_limit: bool
    # At the limit and not yet decided by the therapist since the last counted absence.
    needs_review: bool


def tallied_statuses(no_shows: int, cancellations: int) -> list[str]:
    """A course's counted absences as the statuses `count` and `standing` read, from how many there are of each."""
    return [str(SessionStatus.NO_SHOW)] * no_shows + [str(SessionStatus.CANCELLED_BY_CITIZEN)] * cancellations


def limit_of(rule: NoShowRule) -> int:
    return rule.limit if rule.limit is not None else REPEATED


def statuses_counted(rule: NoShowRule) -> frozenset[SessionStatus]:
    return frozenset(status for kind in rule.counts for status in COUNTED_STATUSES[kind])


def count(rule: NoShowRule, statuses: Iterable[str]) -> int:
    """How many of a course's session statuses the rule counts."""
    counted = statuses_counted(rule)
    return sum(1 for status in statuses if status in counted)


def assess(rule: NoShowRule, counted: int, reviewed: int = 0) -> Standing:
    limit = limit_of(rule)
    if counted >= limit:
        level = Level.AT_LIMIT
    elif counted >= 1:
        level = Level.WARN
    else:
        level = Level.NONE
    return Standing(
        rule=rule,
        count=counted,
        limit=limit,
        level=level,
        read_limit=rule.limit is None,
        needs_review=level is Level.AT_LIMIT and counted > reviewed,
    )


def standing(rules: Iterable[NoShowRule], statuses: Iterable[str], reviewed: int = 0) -> Standing | None:
    """The course's standing against the profile's rules: the most serious one, or None without rules."""
    seen = list(statuses)
    standings = [assess(rule, count(rule, seen), reviewed) for rule in rules]
    if not standings:
        return None
    return max(standings, key=lambda one: (one.level, one.count))


def reaches_limit(rule: NoShowRule, before: int, after: int) -> bool:
    """The counted absence that brings the course to the limit: the citizen is told once, then."""
    return before < limit_of(rule) <= after
