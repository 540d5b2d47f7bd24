"""Course rules: no-show review, teams

Revision ID: 0014_course_rules
Revises: 0013_calendar_feeds
Create Date: 2026-11-23 01:28:04.477848
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0014_course_rules"
down_revision: str | None = "0013_calendar_feeds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("centre_id", sa.String(length=40), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("therapist_account_id", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["therapist_account_id"], ["accounts.id"], name=op.f("fk_teams_therapist_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_teams")),
    )
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("no_show_reviewed_count", sa.Integer(), server_default="0", nullable=False))

    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("team_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_training_sessions_team_id_starts_at", ["team_id", "starts_at"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_training_sessions_team_id_teams"), "teams", ["team_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_training_sessions_team_id_teams"), type_="foreignkey")
        batch_op.drop_index("ix_training_sessions_team_id_starts_at")
        batch_op.drop_column("team_id")

    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("no_show_reviewed_count")

    op.drop_table("teams")
