"""E-mail confirmation: a changed address waits, with a hashed token, until a link sent to it is followed

Revision ID: 0020_email_confirmation
Revises: 0019_h1_fuldmagt_and_races
Create Date: 2026-11-30 13:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0020_email_confirmation"
down_revision: str | None = "0019_h1_fuldmagt_and_races"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contact_preferences", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pending_email", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("pending_email_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("pending_email_expires_at", portal.database.UTCDateTime(), nullable=True))
        batch_op.create_index(
            "ix_contact_preferences_pending_email_token_hash", ["pending_email_token_hash"], unique=True
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_preferences", schema=None) as batch_op:
        batch_op.drop_index("ix_contact_preferences_pending_email_token_hash")
        batch_op.drop_column("pending_email_expires_at")
        batch_op.drop_column("pending_email_token_hash")
        batch_op.drop_column("pending_email")
