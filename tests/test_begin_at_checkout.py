"""On PostgreSQL the pool sends each connection's BEGIN as it hands it out, and that BEGIN is the check that the
connection lives (in place of the pool's pre-ping, a round trip of its own on every request)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.extensions import db
from tests import conftest


@pytest.fixture
def postgresql(app: Flask, test_database: conftest.TestDatabase) -> sa.Engine:
    if test_database.backend != "postgresql":
        pytest.skip("the BEGIN at checkout is PostgreSQL's (set TEST_DATABASE_URL)")
    return db.engine


def test_the_pool_does_not_ping_on_its_own_as_well(postgresql: sa.Engine) -> None:
    assert postgresql.pool._pre_ping is False


def test_a_connection_comes_from_the_pool_inside_a_transaction_that_its_statements_share(
    postgresql: sa.Engine,
) -> None:
    from psycopg import pq

    with postgresql.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        assert raw.pgconn.transaction_status == pq.TransactionStatus.INTRANS
        first = connection.scalar(sa.text("SELECT txid_current()"))
        assert connection.scalar(sa.text("SELECT txid_current()")) == first
        connection.commit()
        assert raw.pgconn.transaction_status == pq.TransactionStatus.IDLE
        # After a commit inside the checkout, psycopg begins the next transaction itself, as it always has.
        assert connection.scalar(sa.text("SELECT txid_current()")) != first


def test_what_a_connection_commits_stays_and_what_it_rolls_back_does_not(postgresql: sa.Engine) -> None:
    with postgresql.connect() as connection:
        connection.execute(sa.text("CREATE TEMPORARY TABLE checkout_probe (n int) ON COMMIT PRESERVE ROWS"))
        connection.execute(sa.text("INSERT INTO checkout_probe VALUES (1)"))
        connection.commit()
        connection.execute(sa.text("INSERT INTO checkout_probe VALUES (2)"))
        connection.rollback()
        assert connection.scalars(sa.text("SELECT n FROM checkout_probe")).all() == [1]
        connection.execute(sa.text("DROP TABLE checkout_probe"))
        connection.commit()


def test_a_connection_the_server_ended_is_replaced_when_the_pool_hands_it_out(postgresql: sa.Engine) -> None:
    with postgresql.connect() as first, postgresql.connect() as second:
        pids = {first.scalar(sa.text("SELECT pg_backend_pid()")), second.scalar(sa.text("SELECT pg_backend_pid()"))}
        first.rollback()
        second.rollback()
    assert len(pids) == 2
    # Ended from outside the pool, as a restarted server would end them.
    killer = sa.create_engine(postgresql.url, poolclass=sa.pool.NullPool)
    with killer.connect() as connection:
        for pid in pids:
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        connection.commit()
    killer.dispose()
    # Both ended connections are in the pool; handing them out must not hand out a dead one.
    with postgresql.connect() as first, postgresql.connect() as second:
        assert first.scalar(sa.text("SELECT 1")) == second.scalar(sa.text("SELECT 1")) == 1
        assert (
            not {first.scalar(sa.text("SELECT pg_backend_pid()")), second.scalar(sa.text("SELECT pg_backend_pid()"))}
            & pids
        )
