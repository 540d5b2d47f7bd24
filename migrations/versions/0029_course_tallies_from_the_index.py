"""A course's sessions tallied from the index alone

Revision ID: 0029_course_tallies_index
Revises: 0028_unseen_in_order
Create Date: 2026-12-01 07:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0029_course_tallies_index"
down_revision: str | None = "0028_unseen_in_order"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The therapist's course list counts each course's sessions by status and finds its next and first start: with
    # both columns in the index PostgreSQL reads them from it, not from the table. It replaces the index on course_id
    # alone, which is its first column.
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_course_id")
        batch_op.create_index(
            "ix_training_sessions_course_id_status_starts_at", ["course_id", "status", "starts_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_course_id_status_starts_at")
        batch_op.create_index("ix_training_sessions_course_id", ["course_id"], unique=False)
