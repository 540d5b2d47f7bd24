"""Genoptræningsplaner: the hospital's plan, its course without an application, and the free-choice letter

Revision ID: 0022_rehabilitation_plans
Revises: 0021_message_read_at
Create Date: 2026-11-24 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0022_rehabilitation_plans"
down_revision: str | None = "0021_message_read_at"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A course from a plan has no application.
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.alter_column("application_id", existing_type=sa.Integer(), nullable=True)

    op.create_table(
        "rehabilitation_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("hospital", sa.String(length=200), nullable=False),
        sa.Column("ward", sa.String(length=200), nullable=False),
        sa.Column("discharge_date", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("function_text", sa.Text(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("citizen_goals", sa.Text(), nullable=True),
        sa.Column("precautions", sa.Text(), nullable=True),
        sa.Column("medical_start_date", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("registered_by_account_id", sa.Integer(), nullable=False),
        sa.Column("start_due", sa.Date(), nullable=False),
        sa.Column("start_counted_from", sa.Date(), nullable=False),
        sa.Column("start_basis", sa.String(length=20), nullable=False),
        sa.Column("warn_on", sa.Date(), nullable=False),
        sa.Column("free_choice_letter_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_rehabilitation_plans_course_id_courses")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_rehabilitation_plans_person_id_persons")),
        sa.ForeignKeyConstraint(
            ["registered_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_rehabilitation_plans_registered_by_account_id_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rehabilitation_plans")),
        sa.UniqueConstraint("course_id", name=op.f("uq_rehabilitation_plans_course_id")),
    )
    with op.batch_alter_table("rehabilitation_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rehabilitation_plans_person_id"), ["person_id"], unique=False)
        batch_op.create_index(
            "ix_rehabilitation_plans_free_choice_letter_at_warn_on",
            ["free_choice_letter_at", "warn_on"],
            unique=False,
        )


def downgrade() -> None:
    # A course from a plan has no application to point to, and its sessions, programs and letters hang on it:
    # rather than delete a citizen's course quietly, the downgrade stops.
    from_plans = op.get_bind().execute(sa.text("SELECT count(*) FROM courses WHERE application_id IS NULL")).scalar()
    if from_plans:
        raise RuntimeError(f"{from_plans} courses come from genoptræningsplaner; undoing this revision would lose them")
    with op.batch_alter_table("rehabilitation_plans", schema=None) as batch_op:
        batch_op.drop_index("ix_rehabilitation_plans_free_choice_letter_at_warn_on")
        batch_op.drop_index(batch_op.f("ix_rehabilitation_plans_person_id"))
    op.drop_table("rehabilitation_plans")
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.alter_column("application_id", existing_type=sa.Integer(), nullable=False)
