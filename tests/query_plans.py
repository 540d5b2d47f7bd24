"""The plan the database makes for the statements a piece of code sends, to prove an index serves them.

On PostgreSQL sequential scans and sorts are switched off for the plan, so a tiny test table does not hide an index
the planner cannot use for the query: if the plan still avoids the index, the query does not match it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

from portal.extensions import db


@contextmanager
def caught_selects() -> Iterator[list[tuple[str, Any]]]:
    """The SELECT statements sent inside the block, with their parameters."""
    statements: list[tuple[str, Any]] = []

    def catch(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", catch)
    try:
        yield statements
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", catch)


def plan_of(statement: str, parameters: Any) -> str:
    """The plan as text, one node a line, indented as the database indents it."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
            return "\n".join(str(row[-1]) for row in rows)
        with connection.begin():
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
            connection.exec_driver_sql("SET LOCAL enable_sort = off")
            rows = connection.exec_driver_sql(f"EXPLAIN (COSTS OFF) {statement}", parameters).all()
        return "\n".join(str(row[0]) for row in rows)


def plans(run: Callable[[], object]) -> list[str]:
    """Runs `run` and returns the plan of each SELECT it sent."""
    with caught_selects() as statements:
        run()
    db.session.rollback()
    return [plan_of(statement, parameters) for statement, parameters in statements]
