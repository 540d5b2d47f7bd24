"""Applications and referrals

Revision ID: 0006_applications
Revises: 0005_messages_outbox
Create Date: 2026-11-22 23:15:48.327886
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0006_applications"
down_revision: str | None = "0005_messages_outbox"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_by_account_id", sa.Integer(), nullable=False),
        sa.Column("delegation_id", sa.Integer(), nullable=True),
        sa.Column("case_number", sa.String(length=20), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("referral", sa.JSON(), nullable=True),
        sa.Column("submitted_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("deadlines", sa.JSON(), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("acknowledged_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("assessment_talk_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("assessment_place", sa.String(length=300), nullable=True),
        sa.Column("decided_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("decided_by_account_id", sa.Integer(), nullable=True),
        sa.Column("granted_offer", sa.String(length=40), nullable=True),
        sa.Column("granted_sessions", sa.Integer(), nullable=True),
        sa.Column("decision_goals", sa.Text(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("withdraw_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_account_id"], ["accounts.id"], name=op.f("fk_applications_created_by_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_account_id"], ["accounts.id"], name=op.f("fk_applications_decided_by_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["delegation_id"], ["delegations.id"], name=op.f("fk_applications_delegation_id_delegations")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_applications_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
        sa.UniqueConstraint("case_number", name=op.f("uq_applications_case_number")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_created_by_account_id"), ["created_by_account_id"], unique=False
        )
        batch_op.create_index("ix_applications_person_id_status", ["person_id", "status"], unique=False)
        batch_op.create_index("ix_applications_status_next_due_on", ["status", "next_due_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_status_next_due_on")
        batch_op.drop_index("ix_applications_person_id_status")
        batch_op.drop_index(batch_op.f("ix_applications_created_by_account_id"))

    op.drop_table("applications")
