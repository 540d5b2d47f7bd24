"""Fuldmagter (powers of attorney) and guardianships: giving, accepting, revoking, registering on paper."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort
from sqlalchemy.orm import joinedload

from portal import cpr, people
from portal.access_log import services as access_log
from portal.auth.user import SessionUser
from portal.database import utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Scope
from portal.models.delegation import DelegationKind


def person_by_cpr(digits: str, name: str) -> Person:
    return people.find_or_create(digits, *people.split_name(name))


def grant(
    grantor: SessionUser, relative_cpr: str, relative_name: str, scopes: list[Scope], valid_to: date | None, today: date
) -> Delegation:
    relative = person_by_cpr(relative_cpr, relative_name)
    delegation = Delegation(
        kind=DelegationKind.FULDMAGT,
        grantor_person_id=grantor.person_id,
        grantee_person_id=relative.id,
        grantee_name=relative_name.strip(),
        scopes=" ".join(sorted(scopes)),
        valid_from=today,
        valid_to=valid_to,
    )
    db.session.add(delegation)
    db.session.flush()
    access_log.record(grantor, grantor.person_id, "self", "delegation.granted", delegation_id=delegation.id)
    return delegation


def register_on_paper(
    staff: SessionUser,
    citizen: Person,
    relative_cpr: str,
    relative_name: str,
    kind: DelegationKind,
    scopes: list[Scope],
    valid_to: date | None,
    paper_reference: str,
    today: date,
) -> Delegation:
    """Staff register a fuldmagt or a guardianship from signed paper; it holds at once, with no acceptance."""
    relative = person_by_cpr(relative_cpr, relative_name)
    delegation = Delegation(
        kind=kind,
        grantor_person_id=citizen.id,
        grantee_person_id=relative.id,
        grantee_name=relative_name.strip(),
        scopes=" ".join(sorted(scopes)),
        valid_from=today,
        valid_to=valid_to,
        accepted_at=utcnow(),
        registered_by_account_id=staff.account_id,
        paper_reference=paper_reference.strip(),
    )
    db.session.add(delegation)
    db.session.flush()
    access_log.record(staff, citizen.id, "staff", "delegation.registered", delegation_id=delegation.id)
    return delegation


def accept(delegation: Delegation, relative: SessionUser) -> None:
    delegation.accepted_at = utcnow()
    db.session.flush()
    access_log.record(
        relative, delegation.grantor_person_id, "relative", "delegation.accepted", delegation_id=delegation.id
    )


def revoke(delegation: Delegation, by: SessionUser, acting_as: str) -> None:
    delegation.revoked_at = utcnow()
    delegation.revoked_by_account_id = by.account_id
    db.session.flush()
    access_log.record(by, delegation.grantor_person_id, acting_as, "delegation.revoked", delegation_id=delegation.id)


def given_by(person_id: int) -> list[Delegation]:
    return list(
        db.session.scalars(
            sa.select(Delegation)
            .options(joinedload(Delegation.grantee))
            .where(Delegation.grantor_person_id == person_id)
            .order_by(Delegation.revoked_at.is_not(None), Delegation.id.desc())
        )
    )


def held_by(person_id: int) -> list[Delegation]:
    return list(
        db.session.scalars(
            sa.select(Delegation)
            .options(joinedload(Delegation.grantor))
            .where(Delegation.grantee_person_id == person_id, Delegation.revoked_at.is_(None))
            .order_by(Delegation.id)
        )
    )


def get_given_for(user: SessionUser, delegation_id: int) -> Delegation:
    """A fuldmagt the current citizen has given; 404 for anyone else's."""
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.grantor_person_id != user.person_id:
        abort(404)
    return delegation


def get_held_for(user: SessionUser, delegation_id: int) -> Delegation:
    """A fuldmagt the current citizen holds and that still stands; 404 otherwise."""
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.grantee_person_id != user.person_id or delegation.revoked_at is not None:
        abort(404)
    return delegation


def open_grant_to(grantor_person_id: int, relative_cpr: str, today: date) -> bool:
    """Whether the citizen already has a fuldmagt to this relative that is not revoked or over."""
    lookup = cpr.lookup_hash(relative_cpr)
    return (
        db.session.scalar(
            sa.select(Delegation.id)
            .join(Person, Person.id == Delegation.grantee_person_id)
            .where(
                Delegation.grantor_person_id == grantor_person_id,
                Person.cpr_hash == lookup,
                Delegation.revoked_at.is_(None),
                sa.or_(Delegation.valid_to.is_(None), Delegation.valid_to >= today),
            )
            .limit(1)
        )
        is not None
    )
