"""Programs, end notes, training log

Revision ID: 0011_programs
Revises: 0010_exercises
Create Date: 2026-11-23 01:22:57.096741
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0011_programs"
down_revision: str | None = "0010_exercises"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "program_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("author_account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_account_id"], ["accounts.id"], name=op.f("fk_program_templates_author_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_templates")),
    )
    op.create_table(
        "program_template_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=True),
        sa.Column("repetitions", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.Column("times_per_week", sa.Integer(), nullable=False),
        sa.Column("load", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["exercise_id"], ["exercises.id"], name=op.f("fk_program_template_items_exercise_id_exercises")
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["program_templates.id"],
            name=op.f("fk_program_template_items_template_id_program_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_template_items")),
        sa.UniqueConstraint("template_id", "position", name=op.f("uq_program_template_items_template_id_position")),
    )
    op.create_table(
        "end_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("author_account_id", sa.Integer(), nullable=False),
        sa.Column("goals_reached", sa.Text(), nullable=False),
        sa.Column("recommendation", sa.Text(), nullable=False),
        sa.Column("issued_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_account_id"], ["accounts.id"], name=op.f("fk_end_notes_author_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_end_notes_course_id_courses")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_end_notes")),
        sa.UniqueConstraint("course_id", name=op.f("uq_end_notes_course_id")),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("author_account_id", sa.Integer(), nullable=False),
        sa.Column("introduction", sa.Text(), nullable=False),
        sa.Column("issued_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("reminder_weekdays", sa.String(length=20), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_account_id"], ["accounts.id"], name=op.f("fk_programs_author_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(["course_id"], ["courses.id"], name=op.f("fk_programs_course_id_courses")),
        sa.ForeignKeyConstraint(["person_id"], ["persons.id"], name=op.f("fk_programs_person_id_persons")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
        sa.UniqueConstraint("course_id", name=op.f("uq_programs_course_id")),
    )
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programs_person_id"), ["person_id"], unique=False)

    op.create_table(
        "program_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=True),
        sa.Column("repetitions", sa.Integer(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.Column("times_per_week", sa.Integer(), nullable=False),
        sa.Column("load", sa.String(length=200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("times_per_week BETWEEN 1 AND 14", name=op.f("ck_program_items_times_per_week")),
        sa.ForeignKeyConstraint(["exercise_id"], ["exercises.id"], name=op.f("fk_program_items_exercise_id_exercises")),
        sa.ForeignKeyConstraint(["program_id"], ["programs.id"], name=op.f("fk_program_items_program_id_programs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_program_items")),
        sa.UniqueConstraint("program_id", "position", name=op.f("uq_program_items_program_id_position")),
    )
    with op.batch_alter_table("program_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_program_items_exercise_id"), ["exercise_id"], unique=False)

    op.create_table(
        "training_log_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("effort", sa.SmallInteger(), nullable=False),
        sa.Column("pain", sa.SmallInteger(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.CheckConstraint("effort BETWEEN 0 AND 10", name=op.f("ck_training_log_entries_effort")),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_training_log_entries_pain")),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_training_log_entries_program_id_programs")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_log_entries")),
        sa.UniqueConstraint("program_id", "day", name=op.f("uq_training_log_entries_program_id_day")),
    )
    op.create_table(
        "training_log_items",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["training_log_entries.id"],
            name=op.f("fk_training_log_items_entry_id_training_log_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["program_items.id"], name=op.f("fk_training_log_items_item_id_program_items")
        ),
        sa.PrimaryKeyConstraint("entry_id", "item_id", name=op.f("pk_training_log_items")),
    )
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ended_at", portal.database.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("end_reason", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("end_reason_text", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("courses", schema=None) as batch_op:
        batch_op.drop_column("end_reason_text")
        batch_op.drop_column("end_reason")
        batch_op.drop_column("ended_at")

    op.drop_table("training_log_items")
    op.drop_table("training_log_entries")
    with op.batch_alter_table("program_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_program_items_exercise_id"))

    op.drop_table("program_items")
    with op.batch_alter_table("programs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programs_person_id"))

    op.drop_table("programs")
    op.drop_table("end_notes")
    op.drop_table("program_template_items")
    op.drop_table("program_templates")
