"""Training sessions and the slots that refuse double booking

Revision ID: 0009_training_sessions
Revises: 0008_message_application
Create Date: 2026-11-23 00:09:49.318229
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0009_training_sessions"
down_revision: str | None = "0008_message_application"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("therapist_account_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", portal.database.UTCDateTime(), nullable=False),
        sa.Column("ends_at", portal.database.UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("centre_id", sa.String(length=40), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("cancelled_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("late", sa.Boolean(), nullable=False),
        sa.Column("replaces_session_id", sa.Integer(), nullable=True),
        sa.Column("ics_uid", sa.String(length=64), nullable=False),
        sa.Column("ics_sequence", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_training_sessions_course_id_courses")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_training_sessions_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["replaces_session_id"],
            ["training_sessions.id"],
            name=op.f("fk_training_sessions_replaces_session_id_training_sessions"),
        ),
        sa.ForeignKeyConstraint(
            ["therapist_account_id"], ["accounts.id"], name=op.f("fk_training_sessions_therapist_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
        sa.UniqueConstraint("ics_uid", name=op.f("uq_training_sessions_ics_uid")),
    )
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_training_sessions_course_id"), ["course_id"], unique=False)
        batch_op.create_index("ix_training_sessions_person_id_starts_at", ["person_id", "starts_at"], unique=False)
        batch_op.create_index(
            "ix_training_sessions_therapist_account_id_starts_at", ["therapist_account_id", "starts_at"], unique=False
        )

    op.create_table(
        "session_slots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("holder", sa.String(length=20), nullable=False),
        sa.Column("holder_id", sa.Integer(), nullable=False),
        sa.Column("slot_start", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["training_sessions.id"], name=op.f("fk_session_slots_session_id_training_sessions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_slots")),
        sa.UniqueConstraint(
            "holder", "holder_id", "slot_start", name=op.f("uq_session_slots_holder_holder_id_slot_start")
        ),
    )
    with op.batch_alter_table("session_slots", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_session_slots_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("session_slots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_slots_session_id"))

    op.drop_table("session_slots")
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_training_sessions_therapist_account_id_starts_at")
        batch_op.drop_index("ix_training_sessions_person_id_starts_at")
        batch_op.drop_index(batch_op.f("ix_training_sessions_course_id"))

    op.drop_table("training_sessions")
