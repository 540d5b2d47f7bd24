"""Plain factory functions with overrides, for tests."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from portal import cpr
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Account, Delegation, Person, Scope
from portal.models.delegation import DelegationKind
from tests.oidc_flow import persona


def person_for(persona_key: str) -> Person:
    """The Person a persona becomes when they log in (same CPR), made now so tests can refer to it."""
    chosen = persona(persona_key)
    digits = cpr.normalise(chosen.cpr)
    existing = db.session.query(Person).filter_by(cpr_hash=cpr.lookup_hash(digits)).one_or_none()
    if existing:
        return existing
    person = Person(
        cpr_hash=cpr.lookup_hash(digits),
        cpr_encrypted=cpr.encrypt(digits),
        birth_date=cpr.birth_date(digits),
        given_name=chosen.given_name,
        family_name=chosen.family_name,
    )
    db.session.add(person)
    db.session.flush()
    return person


def delegation(grantor: Person, grantee: Person, **overrides: Any) -> Delegation:
    values: dict[str, Any] = {
        "kind": DelegationKind.FULDMAGT,
        "grantor_person_id": grantor.id,
        "grantee_person_id": grantee.id,
        "grantee_name": grantee.full_name,
        "scopes": " ".join([Scope.SEE, Scope.MANAGE_SESSIONS]),
        "valid_from": today(),
        "valid_to": None,
        "accepted_at": utcnow(),
    }
    values.update(overrides)
    made = Delegation(**values)
    db.session.add(made)
    db.session.flush()
    return made


def yesterday() -> date:
    return today() - timedelta(days=1)


def account_for(person: Person, **overrides: Any) -> Account:
    values: dict[str, Any] = {
        "issuer": "https://idp.example",
        "subject": f"subject-{person.id}",
        "display_name": person.full_name,
        "person_id": person.id,
    }
    values.update(overrides)
    account = Account(**values)
    db.session.add(account)
    db.session.flush()
    return account
