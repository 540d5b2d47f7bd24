"""Letters know their case

Revision ID: 0008_message_application
Revises: 0007_cases_and_courses
Create Date: 2026-11-23 00:00:01.772829
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_message_application"
down_revision: str | None = "0007_cases_and_courses"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("application_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_messages_application_id"), ["application_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_application_id_applications"), "applications", ["application_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_messages_application_id_applications"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_messages_application_id"))
        batch_op.drop_column("application_id")
