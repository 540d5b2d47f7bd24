"""Letters remember when the citizen opened them

Revision ID: 0021_message_read_at
Revises: 0020_email_confirmation
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0021_message_read_at"
down_revision: str | None = "0020_email_confirmation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("read_at", portal.database.UTCDateTime(), nullable=True))
        batch_op.create_index("ix_messages_person_id_read_at", ["person_id", "read_at"], unique=False)
    # Reading was not tracked before. Every earlier letter counted as new would greet each citizen with their whole
    # history as unread, so they count as read from when they were sent.
    op.execute("UPDATE messages SET read_at = created_at WHERE person_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_index("ix_messages_person_id_read_at")
        batch_op.drop_column("read_at")
