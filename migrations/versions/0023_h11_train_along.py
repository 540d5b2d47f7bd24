"""Træn med: the session in progress; who logged a day; QR links; keys of days sent offline; reminder follow-ups

Revision ID: 0023_h11_train_along
Revises: 0022_rehabilitation_plans
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0023_h11_train_along"
down_revision: str | None = "0022_rehabilitation_plans"
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
    with op.batch_alter_table("training_log_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("logged_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("logged_by_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("logged_as", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_training_log_entries_logged_by_account_id_accounts"),
            "accounts",
            ["logged_by_account_id"],
            ["id"],
        )

    op.create_table(
        "exercise_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_item_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_encrypted", sa.Text(), nullable=False),
        sa.Column("revoked_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["program_item_id"],
            ["program_items.id"],
            name=op.f("fk_exercise_links_program_item_id_program_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_links")),
        sa.UniqueConstraint("program_item_id", name=op.f("uq_exercise_links_program_item_id")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_exercise_links_token_hash")),
    )
    op.create_table(
        "training_log_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["training_log_entries.id"],
            name=op.f("fk_training_log_submissions_entry_id_training_log_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_log_submissions")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_training_log_submissions_idempotency_key")),
    )
    op.create_index(
        op.f("ix_training_log_submissions_entry_id"), "training_log_submissions", ["entry_id"], unique=False
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("followed_up_on", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_programs_reminded_on"), ["reminded_on"], unique=False)
    with op.batch_alter_table("contact_preferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("program_follow_up", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("contact_preferences", schema=None) as batch_op:
        batch_op.drop_column("program_follow_up")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programs_reminded_on"))
        batch_op.drop_column("followed_up_on")
    op.drop_index(op.f("ix_training_log_submissions_entry_id"), table_name="training_log_submissions")
    op.drop_table("training_log_submissions")
    op.drop_table("exercise_links")
    with op.batch_alter_table("training_log_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_training_log_entries_logged_by_account_id_accounts"), type_="foreignkey"
        )
        batch_op.drop_column("logged_as")
        batch_op.drop_column("logged_by_name")
        batch_op.drop_column("logged_by_account_id")
    op.drop_table("training_runs")
