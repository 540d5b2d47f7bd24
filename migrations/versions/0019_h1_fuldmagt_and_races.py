"""Fuldmagt offered to a CPR hash, declined, contact scope; one draft and one live calendar link per owner

Revision ID: 0019_h1_fuldmagt_and_races
Revises: 0018_absence_notice
Create Date: 2026-12-01 09:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import portal.database

revision: str = "0019_h1_fuldmagt_and_races"
down_revision: str | None = "0018_absence_notice"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

delegations = sa.table(
    "delegations",
    sa.column("id", sa.Integer),
    sa.column("scopes", sa.String),
)
applications = sa.table(
    "applications",
    sa.column("id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("status", sa.String),
    sa.column("answers", sa.JSON),
)
calendar_feeds = sa.table(
    "calendar_feeds",
    sa.column("id", sa.Integer),
    sa.column("holder_person_id", sa.Integer),
    sa.column("person_id", sa.Integer),
    sa.column("revoked_at", portal.database.UTCDateTime()),
)


def upgrade() -> None:
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grantee_cpr_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("declined_at", portal.database.UTCDateTime(), nullable=True))
        batch_op.alter_column("grantee_person_id", existing_type=sa.Integer(), nullable=True)
    op.execute(
        "UPDATE delegations SET grantee_cpr_hash = "
        "(SELECT persons.cpr_hash FROM persons WHERE persons.id = delegations.grantee_person_id)"
    )
    # An accepted fuldmagt without a typed name showed the relative's own (MitID) name; it keeps showing it.
    # A pending one without a name shows none from now on: that name came from the CPR number alone.
    op.execute(
        "UPDATE delegations SET grantee_name = "
        "(SELECT TRIM(persons.given_name || ' ' || persons.family_name) FROM persons "
        "WHERE persons.id = delegations.grantee_person_id) "
        "WHERE TRIM(grantee_name) = '' AND accepted_at IS NOT NULL"
    )
    # A fuldmagt not yet accepted points at its relative by the CPR hash only, as new ones do.
    op.execute("UPDATE delegations SET grantee_person_id = NULL WHERE accepted_at IS NULL")
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.alter_column("grantee_cpr_hash", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index("ix_delegations_grantee_cpr_hash", ["grantee_cpr_hash"], unique=False)

    connection = op.get_bind()
    _give_contact_scope_to_session_managers(connection)
    _merge_duplicate_drafts(connection)
    _revoke_all_but_the_newest_live_link(connection)
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            "uq_applications_one_draft_per_person",
            ["person_id"],
            unique=True,
            sqlite_where=sa.text("status = 'draft'"),
            postgresql_where=sa.text("status = 'draft'"),
        )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(
            "uq_calendar_feeds_one_live_per_holder",
            ["holder_person_id", "person_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )


def _give_contact_scope_to_session_managers(connection: sa.Connection) -> None:
    # Contact details were part of "manage sessions"; now a scope of their own. Nobody loses access silently.
    rows = connection.execute(sa.select(delegations.c.id, delegations.c.scopes)).all()
    for row in rows:
        scopes = set(row.scopes.split())
        if "manage_sessions" in scopes and "manage_contact" not in scopes:
            connection.execute(
                sa.update(delegations)
                .where(delegations.c.id == row.id)
                .values(scopes=" ".join(sorted(scopes | {"manage_contact"})))
            )


def _merge_duplicate_drafts(connection: sa.Connection) -> None:
    # Two drafts of one person came only from two "start" clicks at once. Their answers go into the oldest
    # (the later answer wins where both answered), so nothing typed is lost, and the others go.
    drafts = connection.execute(
        sa.select(applications.c.id, applications.c.person_id, applications.c.answers)
        .where(applications.c.status == "draft")
        .order_by(applications.c.person_id, applications.c.id)
    ).all()
    by_person: dict[int, list[sa.Row]] = {}
    for draft in drafts:
        by_person.setdefault(draft.person_id, []).append(draft)
    for rows in by_person.values():
        if len(rows) < 2:
            continue
        merged: dict = {}
        for row in rows:
            merged.update(row.answers or {})
        connection.execute(sa.update(applications).where(applications.c.id == rows[0].id).values(answers=merged))
        connection.execute(sa.delete(applications).where(applications.c.id.in_([row.id for row in rows[1:]])))


def _revoke_all_but_the_newest_live_link(connection: sa.Connection) -> None:
    newest = (
        sa.select(sa.func.max(calendar_feeds.c.id))
        .where(calendar_feeds.c.revoked_at.is_(None))
        .group_by(calendar_feeds.c.holder_person_id, calendar_feeds.c.person_id)
    )
    connection.execute(
        sa.update(calendar_feeds)
        .where(calendar_feeds.c.revoked_at.is_(None), calendar_feeds.c.id.not_in(newest))
        .values(revoked_at=portal.database.utcnow())
    )


def downgrade() -> None:
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index("uq_calendar_feeds_one_live_per_holder")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index("uq_applications_one_draft_per_person")
    connection = op.get_bind()
    for row in connection.execute(sa.select(delegations.c.id, delegations.c.scopes)).all():
        scopes = set(row.scopes.split())
        if "manage_contact" in scopes:
            kept = " ".join(sorted(scopes - {"manage_contact"}))
            connection.execute(sa.update(delegations).where(delegations.c.id == row.id).values(scopes=kept))
    op.execute(
        "UPDATE delegations SET grantee_person_id = "
        "(SELECT persons.id FROM persons WHERE persons.cpr_hash = delegations.grantee_cpr_hash) "
        "WHERE grantee_person_id IS NULL"
    )
    # The older schema needs a person for every fuldmagt; an offer to somebody the portal never met has none, and
    # removing it would break the access log that names it.
    if connection.scalar(sa.text("SELECT COUNT(*) FROM delegations WHERE grantee_person_id IS NULL")):
        raise RuntimeError("Fuldmagter are offered to people the portal does not know; cannot downgrade.")
    with op.batch_alter_table("delegations", schema=None) as batch_op:
        batch_op.drop_index("ix_delegations_grantee_cpr_hash")
        batch_op.alter_column("grantee_person_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("declined_at")
        batch_op.drop_column("grantee_cpr_hash")
