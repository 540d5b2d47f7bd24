"""Sent applications and referrals, made as the apply journey makes them: a draft, then `submit` at a chosen time."""

from __future__ import annotations

from datetime import datetime
from itertools import count
from typing import Any

from flask import current_app

from portal import cpr
from portal.applications import services
from portal.extensions import db
from portal.models import Account, Application, ApplicationSource, Person

_numbers = count(1)


def person(given_name: str = "Test", family_name: str = "Borger") -> Person:
    """A fictitious person: born on the 2nd of a month in 1940, with a running number as the last four digits."""
    number = next(_numbers)
    digits = f"02{(number % 12) + 1:02d}40{number:04d}"
    made = Person(
        cpr_hash=cpr.lookup_hash(digits),
        cpr_encrypted=cpr.encrypt(digits),
        birth_date=cpr.birth_date(digits),
        given_name=given_name,
        family_name=f"{family_name} {number}",
    )
    db.session.add(made)
    db.session.flush()
    return made


def account(display_name: str = "Skriver", person_id: int | None = None) -> Account:
    made = Account(
        issuer="https://test.invalid", subject=f"test-{next(_numbers)}", display_name=display_name, person_id=person_id
    )
    db.session.add(made)
    db.session.flush()
    return made


ANSWERS = {
    "what_changed": "Jeg faldt i sommer og brækkede hoften.",
    "goal": "At gå tur med hunden igen.",
    "gp_consent": True,
}

REFERRAL = {
    "reason": "Nedsat gangfunktion efter fald",
    "diagnosis": "Hoftefraktur",
    "diagnosis_code": "L75",
    "precautions": "Blodfortyndende medicin",
    "patient_agrees": True,
}


def application(
    owner: Person,
    at: datetime,
    source: ApplicationSource = ApplicationSource.CITIZEN,
    **overrides: Any,
) -> Application:
    values: dict[str, Any] = {
        "person_id": owner.id,
        "source": str(source),
        "created_by_account_id": account(person_id=owner.id).id,
        "answers": dict(ANSWERS),
        "referral": dict(REFERRAL) if source == ApplicationSource.GP else None,
    }
    values.update(overrides)
    made = Application(**values)
    db.session.add(made)
    db.session.flush()
    return services.submit(made, current_app.config["PROFILE"], at)
