"""Found on load-sized data: a cancelled session always has its moment; the inbox reads through an index of its own

Revision ID: 0021_h10_load_sized
Revises: 0019_h1_fuldmagt_and_races
Create Date: 2026-12-02 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021_h10_load_sized"
down_revision: str | None = "0019_h1_fuldmagt_and_races"
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


def downgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("ix_applications_inbox")
        batch_op.create_index("ix_applications_status_next_due_on", ["status", "next_due_on"], unique=False)

    with op.batch_alter_table("training_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_training_sessions_cancelled_at"), type_="check")
