"""Fuldmagter (powers of attorney) and guardianships: offering, accepting, declining, revoking, registering on paper.

A fuldmagt the citizen offers names its relative by the keyed hash of the CPR number the citizen typed and by the
name the citizen typed; it makes no person and shows no name the portal holds. The relative is matched by that hash
when they log in with their own MitID, and becomes the fuldmagt's grantee when they accept.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort

from portal import cpr, people
from portal.access_log import services as access_log
from portal.auth.held import held_or_offered
from portal.auth.user import SessionUser
from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Scope
from portal.models.delegation import DelegationKind


class GrantRefused(Exception):
    """The citizen already has an open fuldmagt to this CPR number."""


def _lock_grantor(person_id: int) -> None:
    # A write that changes nothing, so two grants from one citizen wait for each other until the first commits:
    # PostgreSQL locks the person's row, SQLite the whole database. The second then sees the first's fuldmagt.
    db.session.execute(
        sa.update(Person)
        .where(Person.id == person_id)
        .values(given_name=Person.given_name)
        .execution_options(synchronize_session=False)
    )


def grant(
    grantor: SessionUser,
    citizen: Person,
    relative_cpr: str,
    relative_name: str,
    scopes: list[Scope],
    valid_to: date | None,
    today: date,
) -> Delegation:
    """The citizen offers the relative a fuldmagt; it holds once they accept. GrantRefused if one is open already."""
    _lock_grantor(citizen.id)
    if open_grant_to(citizen.id, relative_cpr, today):
        raise GrantRefused()
    delegation = Delegation(
        kind=DelegationKind.FULDMAGT,
        grantor_person_id=citizen.id,
        grantee_cpr_hash=cpr.lookup_hash(relative_cpr),
        grantee_name=relative_name.strip(),
        scopes=" ".join(sorted(scopes)),
        valid_from=today,
        valid_to=valid_to,
    )
    db.session.add(delegation)
    db.session.flush()
    access_log.record(grantor, citizen.id, "self", "delegation.granted", delegation_id=delegation.id)
    # Typing a CPR number is a lookup of that person: if the portal knows them, it goes in their log too.
    relative = people.find_by_cpr(relative_cpr)
    if relative is not None:
        access_log.record(grantor, relative.id, "grantor", "delegation.offered", delegation_id=delegation.id)
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
    relative = people.find_or_create(relative_cpr, *people.split_name(relative_name))
    delegation = Delegation(
        kind=kind,
        grantor_person_id=citizen.id,
        grantee_person_id=relative.id,
        grantee_cpr_hash=relative.cpr_hash,
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
    access_log.record(staff, relative.id, "staff", "delegation.registered_for_you", delegation_id=delegation.id)
    return delegation


def _answer_offer(delegation: Delegation, relative: SessionUser, action: str, **values: object) -> bool:
    """The relative's answer to an offered fuldmagt, written only while it still waits (the first answer wins)."""
    claimed = rows_changed(
        sa.update(Delegation)
        .where(
            Delegation.id == delegation.id,
            Delegation.accepted_at.is_(None),
            Delegation.declined_at.is_(None),
            Delegation.revoked_at.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(delegation)
    if claimed != 1:
        return False
    access_log.record(relative, delegation.grantor_person_id, "relative", action, delegation_id=delegation.id)
    return True


def accept(delegation: Delegation, relative: SessionUser) -> bool:
    """The relative takes the fuldmagt on; False if it was accepted, declined or revoked in the meantime."""
    return _answer_offer(
        delegation, relative, "delegation.accepted", accepted_at=utcnow(), grantee_person_id=relative.person_id
    )


def decline(delegation: Delegation, relative: SessionUser) -> bool:
    """The relative says no; the citizen sees it declined. False if it was no longer waiting."""
    return _answer_offer(delegation, relative, "delegation.declined", declined_at=utcnow())


def revoke(delegation: Delegation, by: SessionUser, acting_as: str) -> None:
    delegation.revoked_at = utcnow()
    delegation.revoked_by_account_id = by.account_id
    db.session.flush()
    access_log.record(by, delegation.grantor_person_id, acting_as, "delegation.revoked", delegation_id=delegation.id)


def given_by(person_id: int) -> list[Delegation]:
    return list(
        db.session.scalars(
            sa.select(Delegation)
            .where(Delegation.grantor_person_id == person_id)
            .order_by(
                sa.or_(Delegation.revoked_at.is_not(None), Delegation.declined_at.is_not(None)), Delegation.id.desc()
            )
        )
    )


def get_given_for(user: SessionUser, delegation_id: int) -> Delegation:
    """A fuldmagt the current citizen has given; 404 for anyone else's."""
    delegation = db.session.get(Delegation, delegation_id)
    if delegation is None or delegation.grantor_person_id != user.person_id:
        abort(404)
    return delegation


def get_held_for(user: SessionUser, delegation_id: int) -> Delegation:
    """A fuldmagt the current citizen holds or is offered, and that still stands; 404 otherwise."""
    if user.person_id is None:
        abort(404)
    delegation = db.session.scalar(
        sa.select(Delegation).where(
            Delegation.id == delegation_id,
            held_or_offered(user.person_id),
            Delegation.revoked_at.is_(None),
            Delegation.declined_at.is_(None),
        )
    )
    if delegation is None:
        abort(404)
    return delegation


def open_grant_to(grantor_person_id: int, relative_cpr: str, today: date) -> bool:
    """Whether the citizen already has a fuldmagt to this relative that is not revoked, declined or over."""
    return (
        db.session.scalar(
            sa.select(Delegation.id)
            .where(
                Delegation.grantor_person_id == grantor_person_id,
                Delegation.grantee_cpr_hash == cpr.lookup_hash(relative_cpr),
                Delegation.revoked_at.is_(None),
                Delegation.declined_at.is_(None),
                sa.or_(Delegation.valid_to.is_(None), Delegation.valid_to >= today),
            )
            .limit(1)
        )
        is not None
    )
