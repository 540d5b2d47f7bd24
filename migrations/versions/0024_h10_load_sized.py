"""Found on load-sized data: a cancelled session always has its moment; the inbox and the program reminder run read
through indexes of their own

Revision ID: 0024_h10_load_sized
Revises: 0023_h11_train_along
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024_h10_load_sized"
down_revision: str | None = "0023_h11_train_along"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CANCELLED_HAS_MOMENT = "status NOT IN ('cancelled_by_citizen', 'cancelled_by_therapist') OR cancelled_at IS NOT NULL"
OPEN_CASE = "status IN ('acknowledged', 'in_assessment', 'submitted')"


def upgrade() -> None:
    # The portal always stamps a cancellation; rows written around it (imports, scripts) may lack the moment. It is
    # unknown, so they take the moment the session was booked, which keeps them in the order they were made.
    op.execute(
        "UPDATE training_sessions SET cancelled_at = created_at "
        "WHERE status IN ('cancelled_by_citizen', 'cancelled_by_therapist') AND cancelled_at IS NULL"
    )
    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.create_check_constraint(batch_op.f("ck_training_sessions_cancelled_at"), CANCELLED_HAS_MOMENT)

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_status_next_due_on")
        batch_op.create_index(
            "ix_applications_inbox",
            ["next_due_on", "submitted_at", "id"],
            unique=False,
            sqlite_where=sa.text(OPEN_CASE),
            postgresql_where=sa.text(OPEN_CASE),
        )

    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_days", sa.SmallInteger(), nullable=False, server_default="0"))
    # "0,3" becomes Monday's bit (1) plus Thursday's (8); framed in commas, ",3," matches the day and nothing else.
    for day in range(7):
        op.execute(
            sa.text(
                "UPDATE programs SET reminder_days = reminder_days + :bit "
                "WHERE ',' || reminder_weekdays || ',' LIKE :pattern"
            ).bindparams(bit=1 << day, pattern=f"%,{day},%")
        )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.alter_column("reminder_days", existing_type=sa.SmallInteger(), server_default=None)
        batch_op.drop_column("reminder_weekdays")
        batch_op.create_check_constraint(batch_op.f("ck_programs_reminder_days"), "reminder_days BETWEEN 0 AND 127")
        batch_op.create_index("ix_programs_reminder_days_reminded_on", ["reminder_days", "reminded_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index("ix_programs_reminder_days_reminded_on")
        batch_op.drop_constraint(batch_op.f("ck_programs_reminder_days"), type_="check")
        batch_op.add_column(sa.Column("reminder_weekdays", sa.String(length=20), nullable=False, server_default=""))
    for day in range(7):
        op.execute(
            sa.text(
                "UPDATE programs SET reminder_weekdays = reminder_weekdays "
                "|| CASE WHEN reminder_weekdays = '' THEN '' ELSE ',' END || :day "
                "WHERE (reminder_days / :bit) % 2 = 1"
            ).bindparams(day=str(day), bit=1 << day)
        )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.alter_column("reminder_weekdays", existing_type=sa.String(length=20), server_default=None)
        batch_op.drop_column("reminder_days")

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_inbox")
        batch_op.create_index("ix_applications_status_next_due_on", ["status", "next_due_on"], unique=False)

    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_training_sessions_cancelled_at"), type_="check")
