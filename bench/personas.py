"""The demo personas on load-sized rows, so the benchmark logs in through the local provider as the demo does.

Karen Testesen becomes the typical citizen and Bent Prøvesen the heavy one (the persons take the personas' CPR
numbers, hashed and encrypted with the bench database's keys); Torben Terapeut's login is the busiest therapist's
account and Vibeke Visitator's the first visitator's. Safe to run again: a row that held a persona before gets its
own generated identity back.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import sqlalchemy as sa

from bench import generate, settings
from devtools.personas import PERSONAS, Persona

CITIZENS = {"typical": "Karen Testesen", "heavy": "Bent Prøvesen"}
STAFF = {"therapist": "Torben Terapeut", "visitator": "Vibeke Visitator"}


def persona(name: str) -> Persona:
    return next(p for p in PERSONAS if p.name == name)


@dataclass(frozen=True)
class Rows:
    """What the benchmark's pages need to know about the mapped rows."""

    typical: int
    heavy: int
    therapist: int
    visitator: int
    feed_token: str
    typical_course: int
    typical_program: int
    heavy_program: int
    therapist_course: int
    open_case: int
    granted_case: int


def _give_back(person_id: int, citizens: int) -> None:
    """A person that held a persona's CPR number before gets its generated one back (or, for a person a login
    made, a hash that matches no number)."""
    from portal import cpr
    from portal.extensions import db
    from portal.models import Person

    person = db.session.get(Person, person_id)
    assert person is not None
    if person_id <= citizens:
        digits, born = generate.fictitious_cpr(person_id, generate.birth_days())
        person.cpr_hash, person.cpr_encrypted, person.birth_date = cpr.lookup_hash(digits), cpr.encrypt(digits), born
    else:
        person.cpr_hash = hashlib.sha256(f"no-longer-a-persona-{person_id}".encode()).hexdigest()
    db.session.flush()


def _map_citizen(chosen: Persona, person_id: int, citizens: int) -> None:
    from portal import cpr
    from portal.extensions import db
    from portal.models import Person

    assert chosen.cpr is not None
    hashed = cpr.lookup_hash(chosen.cpr)
    holder = db.session.scalar(sa.select(Person.id).where(Person.cpr_hash == hashed))
    if holder == person_id:
        return
    if holder is not None:
        _give_back(holder, citizens)
    person = db.session.get(Person, person_id)
    assert person is not None
    person.cpr_hash, person.cpr_encrypted = hashed, cpr.encrypt(chosen.cpr)
    person.given_name, person.family_name = chosen.given_name, chosen.family_name
    person.birth_date = cpr.birth_date(chosen.cpr)
    db.session.flush()


def _map_staff(chosen: Persona, account_id: int) -> None:
    from portal.extensions import db
    from portal.models import Account

    holder = db.session.scalar(
        sa.select(Account.id).where(Account.issuer == settings.IDP_URL, Account.subject == chosen.sub)
    )
    if holder == account_id:
        return
    if holder is not None:
        db.session.execute(
            sa.update(Account).where(Account.id == holder).values(issuer="bench", subject=f"bench-staff-{holder}")
        )
    db.session.execute(
        sa.update(Account)
        .where(Account.id == account_id)
        .values(issuer=settings.IDP_URL, subject=chosen.sub, display_name=chosen.name)
    )
    db.session.flush()


def map_personas(meta: settings.Meta) -> Rows:
    """Maps the personas (in the app context of the portal on the bench database) and commits."""
    from portal.extensions import db
    from portal.sessions import feeds

    citizens = meta.counts["persons"]
    for role, name in CITIZENS.items():
        _map_citizen(persona(name), meta.personas[role], citizens)
    for role, name in STAFF.items():
        _map_staff(persona(name), meta.personas[role])
    typical = meta.personas["typical"]
    _feed, token = feeds.create(typical, typical)

    def one(query: str, **values: int) -> int:
        found = db.session.scalar(sa.text(query), values)
        assert found is not None, query
        return int(found)

    rows = Rows(
        typical=typical,
        heavy=meta.personas["heavy"],
        therapist=meta.personas["therapist"],
        visitator=meta.personas["visitator"],
        feed_token=token,
        typical_course=one("SELECT max(id) FROM courses WHERE person_id = :p AND status = 'active'", p=typical),
        typical_program=one("SELECT max(id) FROM programs WHERE person_id = :p", p=typical),
        heavy_program=one("SELECT max(id) FROM programs WHERE person_id = :p", p=meta.personas["heavy"]),
        therapist_course=one(
            "SELECT min(id) FROM courses WHERE therapist_account_id = :t AND status = 'active'",
            t=meta.personas["therapist"],
        ),
        open_case=one("SELECT min(id) FROM applications WHERE status = 'submitted'"),
        granted_case=one("SELECT max(id) FROM applications WHERE status = 'granted' AND person_id = :p", p=typical),
    )
    db.session.commit()
    return rows
