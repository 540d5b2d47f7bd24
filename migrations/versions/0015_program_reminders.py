"""Program reminders: the day the last one was sent

Revision ID: 0015_program_reminders
Revises: 0014_course_rules
Create Date: 2026-11-23 01:27:58.488200
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_program_reminders"
down_revision: str | None = "0014_course_rules"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_column("reminded_on")
