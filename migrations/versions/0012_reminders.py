"""Contact preferences and day-before reminders

Revision ID: 0012_reminders
Revises: 0011_programs
Create Date: 2026-11-23 01:28:46.793017
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0012_reminders"
down_revision: str | None = "0011_programs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("phone", sa.String(length=8), nullable=True),
        sa.Column("channels", sa.String(length=60), nullable=False),
        sa.Column("reminders", sa.Boolean(), nullable=False),
        sa.Column("reminder_hour", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_contact_preferences_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_preferences")),
        sa.UniqueConstraint("person_id", name=op.f("uq_contact_preferences_person_id")),
    )
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_at", portal.database.UTCDateTime(), nullable=True))
        batch_op.create_index("ix_training_sessions_status_starts_at", ["status", "starts_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_status_starts_at")
        batch_op.drop_column("reminded_at")

    op.drop_table("contact_preferences")
