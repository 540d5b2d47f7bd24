"""The fuldmagter a person holds, is offered, or held until they ended: what login and acting for someone read.

Below the fuldmagt journey (`portal/delegations/`), so that the access layer can ask without importing a journey.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Account, Delegation, Person


def held_or_offered(person_id: int) -> sa.ColumnElement[bool]:
    """Fuldmagter this person holds, or that are offered to their CPR number and not yet taken on by anyone."""
    own_hash = sa.select(Person.cpr_hash).where(Person.id == person_id).scalar_subquery()
    return sa.or_(
        Delegation.grantee_person_id == person_id,
        sa.and_(Delegation.grantee_person_id.is_(None), Delegation.grantee_cpr_hash == own_hash),
    )


def held_by(person_id: int) -> list[Delegation]:
    """The fuldmagter a person holds or is offered, not revoked or declined."""
    return list(
        db.session.scalars(
            sa.select(Delegation)
            .options(joinedload(Delegation.grantor))
            .where(held_or_offered(person_id), Delegation.revoked_at.is_(None), Delegation.declined_at.is_(None))
            .order_by(Delegation.id)
        )
    )


@dataclass(frozen=True)
class Ending:
    """Why a fuldmagt the relative acted under no longer holds, in the terms the relative is told."""

    reason: str  # "revoked" by the citizen, "ended" by the municipality, "expired", or "gone" (nothing to say)
    on: date | datetime | None = None


def ending_of(grantor_person_id: int, grantee_person_id: int, today: date) -> Ending | None:
    """How the relative's fuldmagt from the citizen came to an end; None if one still holds (then it is the scope
    that does not reach, not an ending)."""
    rows = db.session.execute(
        sa.select(Delegation, Account.person_id)
        .outerjoin(Account, Account.id == Delegation.revoked_by_account_id)
        .where(Delegation.grantor_person_id == grantor_person_id, Delegation.grantee_person_id == grantee_person_id)
        .order_by(Delegation.id.desc())
    ).all()
    if any(delegation.is_active_on(today) for delegation, _ in rows):
        return None
    if not rows:
        return Ending("gone")
    latest, revoker_person_id = rows[0]
    if latest.revoked_at is not None:
        return Ending("revoked" if revoker_person_id == grantor_person_id else "ended", latest.revoked_at)
    if latest.valid_to is not None and latest.valid_to < today:
        return Ending("expired", latest.valid_to)
    return Ending("gone")
