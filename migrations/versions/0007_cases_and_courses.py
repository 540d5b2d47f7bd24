"""Cases and courses: the visitator's questions to the citizen, and the course a grant makes

Revision ID: 0007_cases_and_courses
Revises: 0006_applications
Create Date: 2026-11-22 23:20:48.778965
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0007_cases_and_courses"
down_revision: str | None = "0006_applications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "application_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("asked_by_account_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("asked_at", portal.database.UTCDateTime(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answered_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("answered_by_account_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_account_id"],
            ["accounts.id"],
            name=op.f("fk_application_questions_answered_by_account_id_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_application_questions_application_id_applications")
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_account_id"], ["accounts.id"], name=op.f("fk_application_questions_asked_by_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_questions")),
    )
    with op.batch_alter_table("application_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_application_questions_application_id"), ["application_id"], unique=False)

    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.String(length=40), nullable=False),
        sa.Column("legal_basis", sa.String(length=100), nullable=False),
        sa.Column("sessions_allowed", sa.Integer(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"], ["applications.id"], name=op.f("fk_courses_application_id_applications")
        ),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_courses_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.UniqueConstraint("application_id", name=op.f("uq_courses_application_id")),
    )
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_courses_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_courses_person_id"))

    op.drop_table("courses")
    with op.batch_alter_table("application_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_questions_application_id"))

    op.drop_table("application_questions")
