"""What the law says for every municipality, read from `national.toml` with the profile loader's strict reader.

The profiles say what a municipality has decided; this layer says what every Danish municipality owes by law,
whatever its quality standard says or leaves out. Every rule names where it comes from, and the loader refuses a
rule without a source. How the two layers combine (a profile adds or tightens, never loosens) is in `rules.py`.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from portal.municipalities.loader import PROFILE_DIR, ProfileError, _Reader
from portal.municipalities.schema import CountUnit, Event, Text

NATIONAL_FILE = PROFILE_DIR / "national.toml"


class PlanLevel(StrEnum):
    """The levels a hospital's genoptræningsplan names (MedCom's GGOP and the KL Gateway's § 140 codes)."""

    BASIC = "basic"  # almen genoptræning på basalt niveau
    ADVANCED = "advanced"  # almen genoptræning på avanceret niveau
    SPECIALISED = "specialised"  # specialiseret genoptræning, given by the hospital
    SPECIALISED_REHABILITATION = "specialised_rehabilitation"  # rehabilitering på specialiseret niveau


@dataclass(frozen=True, kw_only=True)
class Source:
    law: str  # the law's common name, e.g. "Forvaltningsloven"
    paragraph: str  # e.g. "§ 25, stk. 1"
    document: str  # the retsinformation.dk document checked, e.g. "Lovbekendtgørelse nr. 433 af 22. april 2014"
    url: str | None = None


@dataclass(frozen=True, kw_only=True)
class Rule:
    # What the rule says, in plain words, for the pages that explain it.
    text: Text
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class DecisionComplaint:
    """A complaint about a decision under the Social Services Act: to the municipality, then Ankestyrelsen."""

    text: Text
    sources: tuple[Source, ...]
    deadline_amount: int
    deadline_unit: CountUnit
    counts_from: Event
    # How long the municipality has to look at the decision again before it sends the complaint on.
    reassessment_weeks: int
    then_to: str


@dataclass(frozen=True, kw_only=True)
class FormerBody:
    """A body a quality standard may still name, and who took over its task."""

    name: str
    until: date
    text: Text
    sources: tuple[Source, ...]


@dataclass(frozen=True, kw_only=True)
class TrainingComplaint:
    """A complaint about training under the Health Act: the health care itself, or a patient's rights in it."""

    recipient: str
    text: Text
    how: Text
    # From the day the citizen knew, or should have known, what the complaint is about; and at most from the event.
    deadline_years: int
    absolute_years: int
    sources: tuple[Source, ...]
    replaces: tuple[FormerBody, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FreeChoice:
    """The start deadline of a § 140 course and the citizen's free choice of a private provider when it is missed."""

    start_within: int
    unit: CountUnit
    # The portal's own practice, not the law: when nothing is booked this many days into the window, it warns the
    # therapist and writes to the citizen, so a start can still be found before the limit.
    warn_after: int
    text: Text
    how_to_use: Text
    sources: tuple[Source, ...]
    # Levels the free choice does not cover: training that takes place at the hospital.
    excluded_levels: tuple[PlanLevel, ...] = ()
    # Where citizens find the private providers that have an agreement with KL.
    website: str | None = None


@dataclass(frozen=True, kw_only=True)
class National:
    decision_reasons: Rule
    complaint_guidance: Rule
    decision_complaint: DecisionComplaint
    deemed_received: Rule
    deadline_on_closed_day: Rule
    deadlines_duty: Rule
    training_complaint: TrainingComplaint
    free_choice: FreeChoice
    free_choice_information: Rule


def load(path: Path = NATIONAL_FILE) -> National:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ProfileError(f"{path.name}: cannot be read ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path.name}: is not valid TOML: {error}") from None
    reader = _Reader(path.name)
    national = reader.table(National, data, "")
    for where, rule in rules(national):
        if not rule.sources:
            reader.fail(f"{where}.sources must name at least one source: a rule of law without one cannot be checked")
    return national


@functools.cache
def shipped() -> National:
    return load()


def rules(national: National) -> list[tuple[str, Any]]:
    """Every rule in the file with its path, the nested ones (a former body) too."""
    found: list[tuple[str, Any]] = []
    for field in dataclasses.fields(national):
        rule = getattr(national, field.name)
        found.append((field.name, rule))
        if isinstance(rule, TrainingComplaint):
            found.extend((f"{field.name}.replaces[{index}]", body) for index, body in enumerate(rule.replaces))
    return found
