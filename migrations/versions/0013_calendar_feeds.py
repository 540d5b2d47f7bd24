"""Calendar feeds

Revision ID: 0013_calendar_feeds
Revises: 0012_reminders
Create Date: 2026-11-23 01:27:34.913068
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0013_calendar_feeds"
down_revision: str | None = "0012_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("holder_person_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("token_encrypted", sa.Text(), nullable=False),
        sa.Column("revoked_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["holder_person_id"], ["persons.id"], name=op.f("fk_calendar_feeds_holder_person_id_persons")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_calendar_feeds_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(
            "ix_calendar_feeds_holder_person_id_person_id",
            ["holder_person_id", "person_id", "revoked_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_calendar_feeds_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_person_id"))
        batch_op.drop_index("ix_calendar_feeds_holder_person_id_person_id")

    op.drop_table("calendar_feeds")
