"""Træn med: the training session in progress

Revision ID: 0022_h11_train_along
Revises: 0019_h1_fuldmagt_and_races
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0022_h11_train_along"
down_revision: str | None = "0019_h1_fuldmagt_and_races"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sets_done", sa.JSON(), nullable=False),
        sa.Column("last_item_id", sa.Integer(), nullable=True),
        sa.Column("last_set_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_training_runs_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_item_id"],
            ["program_items.id"],
            name=op.f("fk_training_runs_last_item_id_program_items"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_runs")),
        sa.UniqueConstraint("program_id", name=op.f("uq_training_runs_program_id")),
    )


def downgrade() -> None:
    op.drop_table("training_runs")
