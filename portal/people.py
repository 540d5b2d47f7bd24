"""Persons, found by CPR number through the keyed hash; the plain number is only ever held encrypted."""

from __future__ import annotations

import sqlalchemy as sa

from portal import cpr
from portal.database import insert_or_winner
from portal.extensions import db
from portal.models import Person


def find_by_cpr(digits: str) -> Person | None:
    return db.session.scalar(sa.select(Person).where(Person.cpr_hash == cpr.lookup_hash(digits)))


def find_or_create(digits: str, given_name: str, family_name: str) -> Person:
    """The person with this CPR number, made with the given name if the portal has not met them yet.

    Two requests may meet a new number at once (two logins, a referral and a paper fuldmagt): the unique hash lets
    one insert win, and the other, inside a savepoint so its own transaction survives, takes the winner's row.
    """
    person = find_by_cpr(digits)
    if person is not None:
        return person
    person = Person(
        cpr_hash=cpr.lookup_hash(digits),
        cpr_encrypted=cpr.encrypt(digits),
        birth_date=cpr.birth_date(digits),
        given_name=given_name,
        family_name=family_name,
    )
    return insert_or_winner(person, lambda: find_by_cpr(digits))


def split_name(full_name: str) -> tuple[str, str]:
    """First names and last name from a full name as one line; one word is taken as the given name."""
    given, _, family = full_name.strip().rpartition(" ")
    return (given, family) if given else (family, "")
