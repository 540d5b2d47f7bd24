"""A course's absences read from an index of their own, for the order of the therapist's course list

Revision ID: 0031_course_absences_index
Revises: 0030_inbox_filters_indexed
Create Date: 2026-12-01 11:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0031_course_absences_index"
down_revision: str | None = "0030_inbox_filters_indexed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The absences a no-show rule can count, as the model's predicate writes them
# (portal.models.session.ABSENCE_PREDICATE).
ABSENCE = "status IN ('absent_with_notice', 'cancelled_by_citizen', 'no_show')"


def upgrade() -> None:
    # The course list orders a therapist's 170 courses by their absences. Tallying every session of each cost
    # PostgreSQL 5 ms a page for the busiest therapist; the absences are a tenth of the sessions, and an index of
    # them alone is read in under 1 ms.
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_training_sessions_course_absences",
            ["course_id", "status"],
            unique=False,
            sqlite_where=sa.text(ABSENCE),
            postgresql_where=sa.text(ABSENCE),
        )


def downgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_course_absences")
