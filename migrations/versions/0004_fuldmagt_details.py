"""Fuldmagt kinds and paper registration; who acted, in the access log

Revision ID: 0004_fuldmagt_details
Revises: 0003_page_feedback
Create Date: 2026-11-22 22:56:13.362144
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_fuldmagt_details"
down_revision: str | None = "0003_page_feedback"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Defaults on the new required columns, so rows written before this revision stay valid.
    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actor_name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("actor_role", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("actor_organisation", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("delegation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_access_log_delegation_id_delegations"), "delegations", ["delegation_id"], ["id"]
        )

    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="fuldmagt"))
        batch_op.add_column(sa.Column("grantee_name", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("revoked_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("registered_by_account_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("paper_reference", sa.String(length=200), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_delegations_revoked_by_account_id_accounts"), "accounts", ["revoked_by_account_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_delegations_registered_by_account_id_accounts"),
            "accounts",
            ["registered_by_account_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_delegations_registered_by_account_id_accounts"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_delegations_revoked_by_account_id_accounts"), type_="foreignkey")
        batch_op.drop_column("paper_reference")
        batch_op.drop_column("registered_by_account_id")
        batch_op.drop_column("revoked_by_account_id")
        batch_op.drop_column("grantee_name")
        batch_op.drop_column("kind")

    with op.batch_alter_table("access_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_access_log_delegation_id_delegations"), type_="foreignkey")
        batch_op.drop_column("delegation_id")
        batch_op.drop_column("actor_organisation")
        batch_op.drop_column("actor_role")
        batch_op.drop_column("actor_name")
