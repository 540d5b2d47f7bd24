"""The therapist whose list a course is on

Revision ID: 0016_course_therapist
Revises: 0015_program_reminders
Create Date: 2026-11-23 02:18:45.521474
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_course_therapist"
down_revision: str | None = "0015_program_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("therapist_account_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            "ix_courses_status_therapist_account_id_created_at",
            ["status", "therapist_account_id", "created_at"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_courses_therapist_account_id_accounts"), "accounts", ["therapist_account_id"], ["id"]
        )
    # Courses booked before this revision are on the list of the therapist of their newest session.
    op.execute(
        """
        UPDATE courses SET therapist_account_id = (
            SELECT training_sessions.therapist_account_id FROM training_sessions
            WHERE training_sessions.course_id = courses.id
            ORDER BY training_sessions.created_at DESC, training_sessions.id DESC LIMIT 1
        )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_courses_therapist_account_id_accounts"), type_="foreignkey")
        batch_op.drop_index("ix_courses_status_therapist_account_id_created_at")
        batch_op.drop_column("therapist_account_id")
