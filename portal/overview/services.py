"""What Mit overblik shows besides its links: a self-training program to open, and plans from the hospital."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from portal.extensions import db
from portal.models import Program, RehabilitationPlan


@dataclass(frozen=True)
class Cards:
    program: bool = False
    plan: bool = False


def cards(person_id: int) -> Cards:
    """Both in one query, so the overview stays within its budget as it gains cards."""
    program = sa.exists().where(Program.person_id == person_id, Program.issued_at.is_not(None))
    plan = sa.exists().where(RehabilitationPlan.person_id == person_id)
    has_program, has_plan = db.session.execute(sa.select(program, plan)).one()
    return Cards(program=bool(has_program), plan=bool(has_plan))
