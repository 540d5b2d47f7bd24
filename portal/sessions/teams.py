"""Teams (hold): training for several citizens at once, with a fixed number of places."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Account, Team


def teams(only_active: bool = False) -> list[Team]:
    query = sa.select(Team).options(joinedload(Team.therapist).lazyload(Account.roles)).order_by(Team.name)
    if only_active:
        query = query.where(Team.active.is_(True))
    return list(db.session.scalars(query))


def create(name: str, centre_id: str, capacity: int, therapist_account_id: int) -> Team:
    team = Team(name=name, centre_id=centre_id, capacity=capacity, therapist_account_id=therapist_account_id)
    db.session.add(team)
    db.session.flush()
    return team


def get(team_id: int) -> Team | None:
    return db.session.get(Team, team_id)


def set_active(team: Team, active: bool) -> None:
    """Closing a team stops new bookings on it; the sessions already booked stay as they are."""
    team.active = active
    db.session.flush()
