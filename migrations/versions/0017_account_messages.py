"""Notices to an account: the GP's e-mail and messages to an account

Revision ID: 0017_account_messages
Revises: 0016_course_therapist
Create Date: 2026-11-23 02:15:08.891543
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_account_messages"
down_revision: str | None = "0016_course_therapist"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("account_id", sa.Integer(), nullable=True))
        batch_op.alter_column("person_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f("ix_messages_account_id"), ["account_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_messages_account_id_accounts"), "accounts", ["account_id"], ["id"])
        batch_op.create_check_constraint(
            batch_op.f("ck_messages_one_recipient"), "(person_id IS NULL) <> (account_id IS NULL)"
        )


def downgrade() -> None:
    # Notices to accounts have no citizen to keep them under; they go with the column.
    op.execute("DELETE FROM outbox WHERE message_id IN (SELECT id FROM messages WHERE person_id IS NULL)")
    op.execute("DELETE FROM messages WHERE person_id IS NULL")
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_messages_one_recipient"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_messages_account_id_accounts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_messages_account_id"))
        batch_op.alter_column("person_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("account_id")

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("email")
