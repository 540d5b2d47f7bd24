"""One draft application per person and one live calendar link per holder, as constraints

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
    connection = op.get_bind()
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
