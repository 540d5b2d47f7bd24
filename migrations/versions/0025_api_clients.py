"""The case-system API: clients, hashed tokens, signed-assertion ids, idempotency keys, and when rows changed

Revision ID: 0025_api_clients
Revises: 0024_h10_load_sized
Create Date: 2026-11-30 16:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0025_api_clients"
down_revision: str | None = "0024_h10_load_sized"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANGED = ("applications", "courses", "training_sessions", "rehabilitation_plans")


def upgrade() -> None:
    op.create_table(
        "api_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=200), nullable=False),
        sa.Column("municipality", sa.String(length=40), nullable=False),
        sa.Column("scopes", sa.String(length=500), nullable=False),
        sa.Column("auth_method", sa.String(length=40), nullable=False),
        sa.Column("secret_hash", sa.String(length=200), nullable=True),
        sa.Column("jwks", sa.JSON(), nullable=True),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("revoked_at", portal.database.UTCDateTime(), nullable=True),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], name=op.f("fk_api_clients_account_id_accounts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_clients")),
        sa.UniqueConstraint("account_id", name=op.f("uq_api_clients_account_id")),
        sa.UniqueConstraint("client_id", name=op.f("uq_api_clients_client_id")),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_pk", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("scope", sa.String(length=500), nullable=False),
        sa.Column("issued_at", portal.database.UTCDateTime(), nullable=False),
        sa.Column("expires_at", portal.database.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", portal.database.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["client_pk"], ["api_clients.id"], name=op.f("fk_api_tokens_client_pk_api_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_client_pk"), ["client_pk"], unique=False)
    op.create_table(
        "api_assertions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_pk", sa.Integer(), nullable=False),
        sa.Column("jti", sa.String(length=200), nullable=False),
        sa.Column("seen_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_pk"], ["api_clients.id"], name=op.f("fk_api_assertions_client_pk_api_clients"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_assertions")),
        sa.UniqueConstraint("client_pk", "jti", name=op.f("uq_api_assertions_client_pk_jti")),
    )
    op.create_table(
        "api_idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_pk", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", portal.database.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_pk"],
            ["api_clients.id"],
            name=op.f("fk_api_idempotency_keys_client_pk_api_clients"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_idempotency_keys")),
        sa.UniqueConstraint("client_pk", "key", name=op.f("uq_api_idempotency_keys_client_pk_key")),
    )
    for table in CHANGED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("changed_at", portal.database.UTCDateTime(), nullable=True))
        op.execute(sa.text(f"UPDATE {table} SET changed_at = created_at"))  # noqa: S608 (names from the list above)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("changed_at", existing_type=portal.database.UTCDateTime(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_changed_at"), ["changed_at"], unique=False)


def downgrade() -> None:
    for table in reversed(CHANGED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(batch_op.f(f"ix_{table}_changed_at"))
            batch_op.drop_column("changed_at")
    op.drop_table("api_idempotency_keys")
    op.drop_table("api_assertions")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_client_pk"))
    op.drop_table("api_tokens")
    op.drop_table("api_clients")
