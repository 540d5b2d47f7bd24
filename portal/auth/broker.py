"""Broker profiles: the claim names and assurance values of a MitID broker, as data.

Brokers (NemLog-in, Criipto/Idura, Signicat) name the same facts differently; the portal reads claims only
through a profile, so changing broker is a configuration change. The shipped profiles are found by name in
broker_profiles/; a municipality's own profile is given as a file path. Either is checked field by field when
the app starts, so a mistake stops the start with the file and field named, not a login later.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROFILE_DIR = Path(__file__).resolve().parent / "broker_profiles"
# A shipped profile is named by a plain word: nothing that could step out of PROFILE_DIR.
PROFILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]*")
CLAIM_KEYS = (
    "cpr",
    "full_name",
    "given_name",
    "family_name",
    "person_uuid",
    "cvr",
    "organisation_name",
    "professional_uuid",
    "email",
)
LEVEL_NAMES = ("low", "substantial", "high")


class Assurance(enum.IntEnum):
    """NSIS assurance levels, ordered so they compare."""

    NONE = 0
    LOW = 1
    SUBSTANTIAL = 2
    HIGH = 3

    @classmethod
    def named(cls, name: str | None) -> Assurance:
        return cls[name.upper()] if name else cls.NONE


class BrokerProfileError(ValueError):
    """A broker profile that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class AssuranceSource:
    """One claim the NSIS level can arrive in, and what its values mean."""

    claim: str
    values: dict[str, Assurance]


@dataclass(frozen=True)
class BrokerProfile:
    name: str
    # Each fact has one or more claim names, tried in order: brokers of the same family differ here.
    claims: dict[str, tuple[str, ...]]
    assurance: tuple[AssuranceSource, ...]
    acr_values: dict[Assurance, str]

    def claim(self, claims: Mapping[str, object], key: str) -> str | None:
        for name in self.claims[key]:
            value = claims.get(name)
            if value not in (None, ""):
                return str(value)
        return None

    def assurance_of(self, claims: Mapping[str, object]) -> Assurance:
        """The level the token proves. Where it carries the level twice, the lower counts; a value the profile
        does not know counts as none."""
        levels = [
            source.values.get(str(claims[source.claim]), Assurance.NONE)
            for source in self.assurance
            if source.claim in claims
        ]
        return min(levels, default=Assurance.NONE)

    def acr_for(self, level: Assurance) -> str:
        return self.acr_values[level]


def load_broker_profile(name: str) -> BrokerProfile:
    """A shipped profile by its name."""
    path = (PROFILE_DIR / f"{name}.toml").resolve()
    if not PROFILE_NAME.fullmatch(name) or path.parent != PROFILE_DIR or not path.is_file():
        choices = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.toml")))
        raise BrokerProfileError(
            f"No broker profile {name!r}; choose one of: {choices}, or give your own file in BROKER_PROFILE_FILE"
        )
    return load_broker_profile_file(path)


def load_broker_profile_file(path: str | Path) -> BrokerProfile:
    """A profile from a file of the municipality's own, checked as strictly as the shipped ones."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BrokerProfileError(f"Broker profile {path}: cannot be read ({error.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise BrokerProfileError(f"Broker profile {path}: not valid TOML ({error})") from None
    return _parse(data, _Problems(path))


class _Problems:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, field: str, problem: str) -> BrokerProfileError:
        return BrokerProfileError(f"Broker profile {self.path}: {field} {problem}")


def _parse(data: dict[str, Any], problem: _Problems) -> BrokerProfile:
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise problem("name", "must be the broker's name as text")
    return BrokerProfile(
        name=name,
        claims=_claims(data.get("claims"), problem),
        assurance=_assurance(data.get("assurance"), problem),
        acr_values=_acr_values(data.get("acr_values"), problem),
    )


def _claims(table: object, problem: _Problems) -> dict[str, tuple[str, ...]]:
    if not isinstance(table, dict):
        raise problem("[claims]", "is missing")
    unknown = sorted(set(table) - set(CLAIM_KEYS))
    if unknown:
        raise problem(f"claims.{unknown[0]}", f"is not a known fact; the facts are {', '.join(CLAIM_KEYS)}")
    claims = {}
    for key in CLAIM_KEYS:
        if key not in table:
            raise problem(f"claims.{key}", "is missing")
        claims[key] = _names(table[key], f"claims.{key}", problem)
    return claims


def _names(value: object, field: str, problem: _Problems) -> tuple[str, ...]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise problem(field, "must be a claim name, or a list of claim names tried in order")
    return tuple(names)


def _assurance(sources: object, problem: _Problems) -> tuple[AssuranceSource, ...]:
    if not isinstance(sources, list) or not sources:
        raise problem("[[assurance]]", "is missing: say which claim carries the NSIS level and what its values mean")
    parsed = []
    for number, source in enumerate(sources, start=1):
        field = f"assurance[{number}]"
        if not isinstance(source, dict):
            raise problem(field, "must be a table with claim and values")
        claim = source.get("claim")
        if not isinstance(claim, str) or not claim.strip():
            raise problem(f"{field}.claim", "must be a claim name")
        values = source.get("values")
        if not isinstance(values, dict) or not values:
            raise problem(f"{field}.values", "must map the claim's values to low, substantial or high")
        parsed.append(
            AssuranceSource(
                claim, {str(v): _level(level, f"{field}.values.{v}", problem) for v, level in values.items()}
            )
        )
    return tuple(parsed)


def _acr_values(table: object, problem: _Problems) -> dict[Assurance, str]:
    if not isinstance(table, dict):
        raise problem("[acr_values]", "is missing")
    values = {}
    for level in LEVEL_NAMES:
        value = table.get(level)
        if not isinstance(value, str) or not value.strip():
            raise problem(f"acr_values.{level}", "must be the value the broker is asked for at that level")
        values[Assurance.named(level)] = value
    unknown = sorted(set(table) - set(LEVEL_NAMES))
    if unknown:
        raise problem(f"acr_values.{unknown[0]}", f"is not a level; the levels are {', '.join(LEVEL_NAMES)}")
    return values


def _level(value: object, field: str, problem: _Problems) -> Assurance:
    if value not in LEVEL_NAMES:
        raise problem(field, f"must be one of {', '.join(LEVEL_NAMES)}")
    return Assurance.named(str(value))
