"""Broker profiles: the claim names and assurance values of a MitID broker, as data.

Brokers (NemLog-in, Criipto/Idura, Signicat) name the same facts differently; the portal reads claims only
through a profile, so changing broker is a configuration change.
"""

from __future__ import annotations

import enum
import tomllib
from dataclasses import dataclass
from pathlib import Path

PROFILE_DIR = Path(__file__).resolve().parent / "broker_profiles"
CLAIM_KEYS = (
    "cpr",
    "full_name",
    "given_name",
    "family_name",
    "person_uuid",
    "assurance",
    "cvr",
    "organisation_name",
    "professional_uuid",
    "email",
)


class Assurance(enum.IntEnum):
    """NSIS assurance levels, ordered so they compare."""

    NONE = 0
    LOW = 1
    SUBSTANTIAL = 2
    HIGH = 3

    @classmethod
    def named(cls, name: str | None) -> Assurance:
        return cls[name.upper()] if name else cls.NONE


@dataclass(frozen=True)
class BrokerProfile:
    name: str
    claims: dict[str, str]
    assurance_values: dict[str, Assurance]
    acr_values: dict[Assurance, str]

    def claim(self, claims: dict[str, object], key: str) -> str | None:
        value = claims.get(self.claims[key])
        return str(value) if value not in (None, "") else None

    def assurance_of(self, claims: dict[str, object]) -> Assurance:
        return self.assurance_values.get(self.claim(claims, "assurance") or "", Assurance.NONE)

    def acr_for(self, level: Assurance) -> str:
        return self.acr_values[level]


def load_broker_profile(name: str) -> BrokerProfile:
    path = PROFILE_DIR / f"{name}.toml"
    if not path.exists():
        choices = ", ".join(sorted(p.stem for p in PROFILE_DIR.glob("*.toml")))
        raise ValueError(f"No broker profile {name!r}; choose one of: {choices}")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    missing = [key for key in CLAIM_KEYS if key not in data.get("claims", {})]
    if missing:
        raise ValueError(f"{path.name}: claims lacks {', '.join(missing)}")
    return BrokerProfile(
        name=data["name"],
        claims=dict(data["claims"]),
        assurance_values={value: Assurance.named(level) for value, level in data["assurance_values"].items()},
        acr_values={Assurance.named(level): value for level, value in data["acr_values"].items()},
    )
