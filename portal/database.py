"""The typed SQLAlchemy base and the Flask-SQLAlchemy handle.

Services change data and flush; the request edge (see `portal.requests`) commits once or rolls back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from flask import Flask
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from portal import clock

# Stable constraint names, so Alembic migrations are the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return clock.utcnow()


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def __repr__(self) -> str:
        # How Alembic writes the type into migrations.
        return "UTCDateTime()"

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("Naive datetimes are not stored; give a timezone.")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


Choice = TypeVar("Choice", bound=enum.StrEnum)


class StrEnumColumn(sa.types.TypeDecorator[Choice]):
    """A column of one `StrEnum`: the member in Python, its value as VARCHAR in the database (no native enum, no
    CHECK), so the stored values and the column type are what they were as plain strings. Writing a value the enum
    does not have fails at once, instead of landing in the database."""

    impl = sa.String
    cache_ok = True

    def __init__(self, choices: type[Choice], length: int) -> None:
        super().__init__(length)
        self.choices = choices
        self.length = length
        # A list page reads a few hundred of these: a dict finds the member faster than calling the enum.
        self._members: dict[str, Choice] = {member.value: member for member in choices}

    def __repr__(self) -> str:
        # How Alembic writes the type into migrations: the VARCHAR it is.
        return f"sa.String(length={self.length})"

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> str | None:
        if value is None:
            return None
        return self.choices(value).value

    def process_result_value(self, value: str | None, dialect: sa.Dialect) -> Choice | None:
        if value is None:
            return None
        member = self._members.get(value)
        return member if member is not None else self.choices(value)

    @property
    def python_type(self) -> type[Choice]:
        return self.choices


class Base(DeclarativeBase):
    """The models' base, typed: models subclass it (not `db.Model`, which type checkers cannot see through), and
    Flask-SQLAlchemy is given it as `model_class`, so its session and `db.metadata` are this metadata."""

    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

    def __repr__(self) -> str:
        # As Flask-SQLAlchemy's model base says it: the class and the primary key.
        state = sa.inspect(self)
        if state.transient:
            key = f"(transient {id(self)})"
        elif state.pending:
            key = f"(pending {id(self)})"
        else:
            key = ", ".join(map(str, state.identity or ()))
        return f"<{type(self).__name__} {key}>"


db = SQLAlchemy(model_class=Base)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def rows_changed(statement: sa.Update | sa.Delete) -> int:
    """Runs an UPDATE or DELETE in the session and answers how many rows it changed: the conditional writes
    (`UPDATE ... WHERE status = expected`) read it to know whether they won."""
    # Session.execute is typed as any Result; a DML statement's result is always a CursorResult.
    return cast("sa.CursorResult[Any]", db.session.execute(statement)).rowcount


class ChangedAtMixin:
    """When the row last changed, by the ORM or by a Core UPDATE (`onupdate` is applied to both): what the case-system
    API's change feed and its `changed_since` lists are ordered by."""

    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow, index=True)


Row = TypeVar("Row")


def insert_or_winner(row: Row, winner: Callable[[], Row | None]) -> Row:
    """Inserts `row`; when a unique constraint says a concurrent request inserted its twin first, that twin.

    The insert runs in a savepoint, so the losing request's transaction goes on unharmed.
    """
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        found = winner()
        if found is None:
            raise
        return found
    return row


# The longest statement whose placeholders psycopg converts once and keeps (its own limit is 4 KB).
CACHED_STATEMENT_BYTES = 16 * 1024


def keep_long_statements_converted() -> None:
    """psycopg rewrites a statement's `%(name)s` placeholders before each run and keeps the result, but not for a
    statement over 4 KB, taking such statements for generated INSERTs that differ each time. The home's summary is
    one constant SELECT of 6.6 KB, and rewriting it each time cost the page a tenth of its time. Statements with more
    than 50 parameters (the many-row INSERTs psycopg's limit is for) are still not kept."""
    try:
        from psycopg import _queries
    except ImportError:  # pragma: no cover - only without PostgreSQL's driver
        return
    if getattr(_queries, "MAX_CACHED_STATEMENT_LENGTH", CACHED_STATEMENT_BYTES) < CACHED_STATEMENT_BYTES:
        _queries.MAX_CACHED_STATEMENT_LENGTH = CACHED_STATEMENT_BYTES


def init_app(app: Flask, db: SQLAlchemy) -> None:
    """The app's engine: on PostgreSQL each connection's BEGIN is its liveness check (`begin_at_checkout`), in place
    of the pool's pre-ping; elsewhere the pre-ping stays."""
    url = str(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    if url.startswith("postgresql"):
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
            "pool_pre_ping": False,
        }
    db.init_app(app)
    keep_long_statements_converted()
    with app.app_context():
        begin_at_checkout(db.engine)


def begin_at_checkout(engine: sa.Engine) -> None:
    """On PostgreSQL, the pool sends each connection's BEGIN as it hands the connection out, and a connection that
    cannot take it is replaced: the BEGIN is the liveness check. The pool's own pre-ping was a round trip of its
    own (with two switches of autocommit) before psycopg's BEGIN, on every request. psycopg starts no transaction
    of its own on a connection already in one, and commits and rolls back as before."""
    if engine.dialect.name != "postgresql":
        return
    from psycopg import pq

    @sa.event.listens_for(engine, "checkout")
    def begin(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pgconn = dbapi_connection.pgconn
        if dbapi_connection.autocommit or pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return
        try:
            result = pgconn.exec_(b"BEGIN")
        except Exception as error:  # the driver's own error for a connection that is gone
            raise sa.exc.DisconnectionError(str(error)) from error
        if result.status != pq.ExecStatus.COMMAND_OK:
            raise sa.exc.DisconnectionError(pgconn.error_message.decode(errors="replace"))
