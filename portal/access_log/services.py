"""Writing to the access log. The one way in; nothing in the app updates or deletes a row."""

from __future__ import annotations

import sqlalchemy as sa

from portal.auth.user import SessionUser
from portal.extensions import db
from portal.models import AccessLog, Role

PAGE_SIZE = 20


def record(
    actor: SessionUser | None,
    subject_person_id: int | None,
    acting_as: str,
    action: str,
    detail: str | None = None,
    delegation_id: int | None = None,
    actor_name: str | None = None,
) -> AccessLog:
    role = None
    if actor is not None:
        role = next((str(r) for r in (Role.VISITATOR, Role.THERAPIST, Role.ADMIN, Role.GP) if r in actor.roles), None)
    entry = AccessLog(
        actor_account_id=actor.account_id if actor else None,
        actor_name=actor_name if actor_name is not None else (actor.display_name if actor else ""),
        actor_role=role,
        actor_organisation=actor.organisation_name if actor else None,
        subject_person_id=subject_person_id,
        acting_as=acting_as,
        delegation_id=delegation_id,
        action=action,
        detail=detail,
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def page_for(person_id: int, page: int) -> tuple[list[AccessLog], bool]:
    """One page of a person's log, newest first, and whether there is an older page. One query."""
    rows = list(
        db.session.scalars(
            sa.select(AccessLog)
            .where(AccessLog.subject_person_id == person_id)
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
