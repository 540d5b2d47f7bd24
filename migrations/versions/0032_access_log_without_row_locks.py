"""The access log's reader and citizen without foreign keys: a read no longer locks the citizen's row

Revision ID: 0032_access_log_no_fk_locks
Revises: 0031_course_absences_index
Create Date: 2026-12-01 11:20:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0032_access_log_no_fk_locks"
down_revision: str | None = "0031_course_absences_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # PostgreSQL checks a foreign key by locking the row it points to (FOR KEY SHARE): a staff list of 45 citizens
    # locked 45 persons' rows and doubled the cost of its access-log INSERT. The ids come from rows the request has just
    # read, and persons and accounts are never deleted (see portal.models.access_log).
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_constraint("fk_access_log_subject_person_id_persons", type_="foreignkey")
        batch_op.drop_constraint("fk_access_log_actor_account_id_accounts", type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.create_foreign_key("fk_access_log_actor_account_id_accounts", "accounts", ["actor_account_id"], ["id"])
        batch_op.create_foreign_key("fk_access_log_subject_person_id_persons", "persons", ["subject_person_id"], ["id"])
