"""Courses granted in the case system; the API's remembered answers kept encrypted and for a day

Revision ID: 0027_api_courses_sealed_keys
Revises: 0026_person_language
Create Date: 2026-11-30 20:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_api_courses_sealed_keys"
down_revision: str | None = "0026_person_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("decision_reference", sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column("decided_on", sa.Date(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_courses_decision_reference"), ["decision_reference"])
    # The remembered answers held CPR numbers in plain JSON. They only serve a client's retry within a day, so they
    # are dropped rather than carried over: a retry of an older POST is answered as a new request would be.
    op.execute("DELETE FROM api_idempotency_keys")
    with op.batch_alter_table("api_idempotency_keys", schema=None) as batch_op:
        batch_op.drop_column("body")
        batch_op.add_column(sa.Column("body_sealed", sa.Text(), nullable=False))
        batch_op.create_index(batch_op.f("ix_api_idempotency_keys_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM api_idempotency_keys")
    with op.batch_alter_table("api_idempotency_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_idempotency_keys_created_at"))
        batch_op.drop_column("body_sealed")
        batch_op.add_column(sa.Column("body", sa.JSON(), nullable=False))
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_courses_decision_reference"), type_="unique")
        batch_op.drop_column("decided_on")
        batch_op.drop_column("decision_reference")
