"""Fuldmagter (powers of attorney) as the rest of the portal asks about them."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Delegation


def active_for_grantee(person_id: int, today: date) -> list[Delegation]:
    """The people a relative may act for today, with their names, in one query."""
    return list(
        db.session.scalars(
            sa.select(Delegation)
            .options(joinedload(Delegation.grantor))
            .where(
                Delegation.grantee_person_id == person_id,
                Delegation.accepted_at.is_not(None),
                Delegation.revoked_at.is_(None),
                Delegation.valid_from <= today,
                sa.or_(Delegation.valid_to.is_(None), Delegation.valid_to >= today),
            )
            .order_by(Delegation.id)
        )
    )
