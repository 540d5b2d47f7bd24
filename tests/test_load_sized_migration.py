"""The migration for load-sized data keeps what rows said: a cancellation without its moment gets one, and the
reminder weekdays move from a comma list to a bit mask and back."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.exc import IntegrityError

from portal.migrate import alembic_config, upgrade

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
BEFORE = "0022_rehabilitation_plans"
NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
BOOKED_AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


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


class Rows:
    """Inserts rows into the tables as they were before the migration."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.tables = sa.MetaData()
        self.tables.reflect(connection)

    def add(self, name: str, **values: Any) -> int:
        statement = sa.insert(self.tables.tables[name]).values(**({"created_at": NOW} | values))
        return self.connection.execute(statement).inserted_primary_key[0]

    def course(self, key: str) -> tuple[int, int]:
        person = self.add(
            "persons",
            cpr_hash=key * 64,
            cpr_encrypted="x",
            given_name="Karen",
            family_name="Testesen",
            birth_date=date(1944, 3, 15),
        )
        account = self.add("accounts", issuer="i", subject=key, display_name="Torben")
        application = self.add(
            "applications",
            person_id=person,
            source="citizen",
            status="granted",
            created_by_account_id=account,
            answers={},
            deadlines={},
        )
        course = self.add(
            "courses",
            person_id=person,
            application_id=application,
            offer_id="tg1",
            legal_basis="serviceloven-86-1",
            sessions_allowed=15,
            goals="Gå til bussen",
            status="active",
            no_show_reviewed_count=0,
        )
        return course, account

    def session(self, course: int, account: int, status: str, **values: Any) -> int:
        starts = NOW + timedelta(days=3)
        return self.add(
            "training_sessions",
            course_id=course,
            person_id=self.connection.scalar(sa.text("SELECT person_id FROM courses WHERE id = :id"), {"id": course}),
            therapist_account_id=account,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            kind="individual",
            status=status,
            late=False,
            ics_uid=uuid.uuid4().hex,
            ics_sequence=0,
            **values,
        )


def as_utc(value: Any) -> datetime:
    """SQLite hands a stored moment back as text, PostgreSQL as an aware datetime."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def test_a_cancellation_without_its_moment_takes_the_booking_moment_and_then_cannot_lack_one(
    engine_before: sa.Engine,
) -> None:
    with engine_before.begin() as connection:
        rows = Rows(connection)
        course, account = rows.course("a")
        stamped = rows.session(course, account, "cancelled_by_citizen", cancelled_at=NOW, created_at=BOOKED_AT)
        bare = rows.session(course, account, "cancelled_by_citizen", created_at=BOOKED_AT)
        by_therapist = rows.session(course, account, "cancelled_by_therapist", created_at=BOOKED_AT)
        booked = rows.session(course, account, "booked", created_at=BOOKED_AT)

    upgrade(engine_before)

    with engine_before.connect() as connection:
        moments = dict(connection.execute(sa.text("SELECT id, cancelled_at FROM training_sessions")).all())
    assert as_utc(moments[stamped]) == NOW
    assert as_utc(moments[bare]) == as_utc(moments[by_therapist]) == BOOKED_AT
    assert moments[booked] is None
    with engine_before.connect() as connection, pytest.raises(IntegrityError):
        Rows(connection).session(course, account, "cancelled_by_citizen")


def test_reminder_weekdays_become_a_bit_mask_and_come_back_on_downgrade(engine_before: sa.Engine) -> None:
    with engine_before.begin() as connection:
        rows = Rows(connection)
        listed = {"0,3": 0, "": 0, "6": 0, "1,2,3,4,5,6,0": 0}
        for number, weekdays in enumerate(listed):
            course, account = rows.course(str(number))
            listed[weekdays] = rows.add(
                "programs",
                course_id=course,
                person_id=connection.scalar(sa.text("SELECT person_id FROM courses WHERE id = :id"), {"id": course}),
                author_account_id=account,
                introduction="",
                reminder_weekdays=weekdays,
            )

    upgrade(engine_before)

    with engine_before.connect() as connection:
        masks = dict(connection.execute(sa.text("SELECT id, reminder_days FROM programs")).all())
    # Monday is bit 1, Thursday bit 8, Sunday bit 64.
    assert [masks[listed[weekdays]] for weekdays in listed] == [1 + 8, 0, 64, 127]

    assert _downgrade(engine_before) == {
        listed["0,3"]: "0,3",
        listed[""]: "",
        listed["6"]: "6",
        listed["1,2,3,4,5,6,0"]: "0,1,2,3,4,5,6",
    }


def _downgrade(engine: sa.Engine) -> dict[int, str]:
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), BEFORE)
    with engine.connect() as connection:
        return dict(connection.execute(sa.text("SELECT id, reminder_weekdays FROM programs")).all())
