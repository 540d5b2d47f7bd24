"""Anonymous page feedback

Revision ID: 0003_page_feedback
Revises: 0002_sessions_delegations
Create Date: 2026-11-22 22:51:47.446785
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0003_page_feedback"
down_revision: str | None = "0002_sessions_delegations"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "page_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=200), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_feedback")),
    )
    with op.batch_alter_table("page_feedback", schema=None) as batch_op:
        batch_op.create_index("ix_page_feedback_page_created_at", ["page", "created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("page_feedback", schema=None) as batch_op:
        batch_op.drop_index("ix_page_feedback_page_created_at")

    op.drop_table("page_feedback")
