"""Exercise library

Revision ID: 0010_exercises
Revises: 0009_training_sessions
Create Date: 2026-11-23 00:09:29.330697
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0010_exercises"
down_revision: str | None = "0009_training_sessions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=80), nullable=False),
        sa.Column("name_da", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("steps_da", sa.Text(), nullable=False),
        sa.Column("steps_en", sa.Text(), nullable=False),
        sa.Column("caution_da", sa.Text(), nullable=False),
        sa.Column("caution_en", sa.Text(), nullable=False),
        sa.Column("aids_da", sa.String(length=300), nullable=False),
        sa.Column("aids_en", sa.String(length=300), nullable=False),
        sa.Column("body_area", sa.String(length=20), nullable=False),
        sa.Column("level", sa.SmallInteger(), nullable=False),
        sa.Column("svg_file", sa.String(length=120), nullable=True),
        sa.Column("image", sa.LargeBinary(), nullable=True),
        sa.Column("image_mime", sa.String(length=40), nullable=True),
        sa.Column("retired_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("updated_at", portal.database.UTCDateTime(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercises")),
        sa.UniqueConstraint("slug", name=op.f("uq_exercises_slug")),
    )
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exercises_body_area"), ["body_area"], unique=False)
        batch_op.create_index(batch_op.f("ix_exercises_level"), ["level"], unique=False)
        batch_op.create_index(batch_op.f("ix_exercises_name_da"), ["name_da"], unique=False)
        batch_op.create_index(batch_op.f("ix_exercises_retired_at"), ["retired_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exercises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exercises_retired_at"))
        batch_op.drop_index(batch_op.f("ix_exercises_name_da"))
        batch_op.drop_index(batch_op.f("ix_exercises_level"))
        batch_op.drop_index(batch_op.f("ix_exercises_body_area"))

    op.drop_table("exercises")
