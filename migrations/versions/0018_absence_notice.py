"""Absence notice: when the therapist saw the citizen's cancellation

Revision ID: 0018_absence_notice
Revises: 0017_account_messages
Create Date: 2026-11-23 02:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0018_absence_notice"
down_revision: str | None = "0017_account_messages"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("therapist_seen_at", portal.database.UTCDateTime(), nullable=True))
        batch_op.create_index(
            "ix_training_sessions_therapist_unseen",
            ["therapist_account_id", "status", "therapist_seen_at"],
            unique=False,
        )
    # Cancellations from before the notice existed are not new to anyone: the therapist saw them on the course page.
    op.execute(
        "UPDATE training_sessions SET therapist_seen_at = cancelled_at "
        "WHERE status = 'cancelled_by_citizen' AND cancelled_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_therapist_unseen")
        batch_op.drop_column("therapist_seen_at")
