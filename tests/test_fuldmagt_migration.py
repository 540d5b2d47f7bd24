"""The migration that moves fuldmagt offers to the CPR hash and adds the contact scope keeps what people had."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from portal.migrate import upgrade

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
BEFORE = "0018_absence_notice"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def engine_before(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """A database migrated to the revision before this one."""
    if request.param == "sqlite":
        engine = sa.create_engine(f"sqlite:///{tmp_path / 'before.sqlite'}")
        upgrade(engine, BEFORE)
        yield engine
        engine.dispose()
        return
    schema = f"mig_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(os.environ["TEST_DATABASE_URL"], connect_args={"options": f"-csearch_path={schema}"})
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    upgrade(engine, BEFORE)
    yield engine
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def insert(connection: sa.Connection, tables: sa.MetaData, name: str, **values: Any) -> int:
    return connection.execute(sa.insert(tables.tables[name]).values(created_at=NOW, **values)).inserted_primary_key[0]


def person(connection: sa.Connection, tables: sa.MetaData, key: str, given: str, family: str) -> int:
    return insert(
        connection,
        tables,
        "persons",
        cpr_hash=key * 64,
        cpr_encrypted="x",
        given_name=given,
        family_name=family,
        birth_date=date(1970, 1, 1),
    )


def delegation(connection: sa.Connection, tables: sa.MetaData, grantor: int, grantee: int, **values: Any) -> int:
    defaults = {"kind": "fuldmagt", "grantee_name": "", "scopes": "see", "valid_from": date(2026, 11, 1)}
    return insert(
        connection, tables, "delegations", grantor_person_id=grantor, grantee_person_id=grantee, **defaults | values
    )


def test_existing_fuldmagter_keep_what_they_allowed_and_offers_move_to_the_cpr_hash(engine_before: sa.Engine) -> None:
    tables = sa.MetaData()
    tables.reflect(engine_before)
    with engine_before.begin() as connection:
        karen = person(connection, tables, "a", "Karen", "Testesen")
        mette = person(connection, tables, "b", "Mette", "Testesen")
        sessions = delegation(connection, tables, karen, mette, scopes="manage_sessions see", accepted_at=NOW)
        seeing = delegation(connection, tables, karen, mette, scopes="see", accepted_at=NOW, grantee_name="Mette T.")
        pending = delegation(connection, tables, karen, mette, scopes="apply")
        account = insert(connection, tables, "accounts", issuer="i", subject="s", display_name="Karen", person_id=karen)
        drafts = [
            insert(
                connection,
                tables,
                "applications",
                person_id=karen,
                source="citizen",
                status="draft",
                created_by_account_id=account,
                answers=answers,
                deadlines={},
            )
            for answers in ({"goal": "Gå"}, {"plan": "no"})
        ]
        for token in ("1", "2"):
            insert(
                connection,
                tables,
                "calendar_feeds",
                person_id=karen,
                holder_person_id=karen,
                token_hash=token * 64,
                token_encrypted=token,
            )

    upgrade(engine_before)

    with engine_before.connect() as connection:
        rows = {
            row.id: row
            for row in connection.execute(
                sa.text("SELECT id, scopes, grantee_name, grantee_person_id, grantee_cpr_hash FROM delegations")
            )
        }
        kept_drafts = connection.execute(sa.text("SELECT id, answers FROM applications WHERE status = 'draft'")).all()
        live = connection.scalar(sa.text("SELECT COUNT(*) FROM calendar_feeds WHERE revoked_at IS NULL"))
    assert rows[sessions].scopes == "manage_contact manage_sessions see"
    assert rows[seeing].scopes == "see"
    # An accepted fuldmagt without a typed name keeps showing the relative's own name; a typed name stays.
    assert (rows[sessions].grantee_name, rows[seeing].grantee_name) == ("Mette Testesen", "Mette T.")
    # An offer not yet accepted shows no name the citizen did not type, and points at the relative by hash only.
    assert (rows[pending].grantee_name, rows[pending].grantee_person_id) == ("", None)
    assert {row.grantee_cpr_hash for row in rows.values()} == {"b" * 64}
    assert [draft.id for draft in kept_drafts] == [drafts[0]]
    answers = kept_drafts[0].answers
    # Both drafts' answers are in the one kept.
    assert (answers if isinstance(answers, dict) else json.loads(answers)) == {"goal": "Gå", "plan": "no"}
    assert live == 1
