"""Run the queries behind the busiest pages and jobs on the load-sized database and read PostgreSQL's plans.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.plans

Each case calls the portal's own service functions, catches the SQL they send, and runs it again under
EXPLAIN ANALYZE. A sequential scan of a large table, or a query slower than the limit, is reported and makes the
exit code 1. Fill the database first with `python -m bench.generate`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from bench.generate import DEFAULT_URL, THERAPISTS

# Tables that are large at load; a sequential scan of one of them on a page is a missing index.
LARGE = {
    "persons",
    "applications",
    "courses",
    "training_sessions",
    "session_slots",
    "messages",
    "outbox",
    "programs",
    "training_log_entries",
    "access_log",
}
SLOW_MS = 50.0


@dataclass
class Result:
    name: str
    statements: int = 0
    slowest_ms: float = 0.0
    problems: list[str] = field(default_factory=list)


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


@contextmanager
def caught(engine: sa.Engine) -> Iterator[list[tuple[str, Any]]]:
    statements: list[tuple[str, Any]] = []

    def catch(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", catch)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", catch)


def explain(engine: sa.Engine, name: str, statements: list[tuple[str, Any]]) -> Result:
    result = Result(name, len(statements))
    with engine.connect() as connection:
        for statement, parameters in statements:
            raw = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters).scalar()
            plan = (raw if isinstance(raw, list) else json.loads(raw))[0]
            took = float(plan["Execution Time"])
            result.slowest_ms = max(result.slowest_ms, took)
            if took > SLOW_MS:
                result.problems.append(f"{took:.0f} ms: {' '.join(statement.split())[:160]}")
            for node in _nodes(plan["Plan"]):
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in LARGE:
                    result.problems.append(f"sequential scan of {node['Relation Name']}")
    return result


def cases(person_id: int, therapist_id: int, course_id: int, today: date) -> dict[str, Callable[[], object]]:
    from portal import clock
    from portal.applications import decisions as cases
    from portal.programs import reminders as program_reminders
    from portal.programs import services as programs
    from portal.sessions import feeds, month, reminders
    from portal.sessions import services as sessions

    now = clock.now()
    first = today.replace(day=1)
    begin, end = month.bounds(first)
    return {
        "Mine træningstider": lambda: (sessions.person_sessions(person_id), sessions.person_courses(person_id)),
        "month view": lambda: sessions.person_sessions_between(person_id, begin, end),
        "calendar feed": lambda: feeds.feed_sessions(person_id),
        "therapist's courses": lambda: sessions.therapist_courses(therapist_id),
        "course page": lambda: sessions.course_sessions(course_id),
        "visitator's inbox": lambda: cases.inbox(today),
        "Mit træningsprogram": lambda: programs.issued_programs(person_id),
        # Generated programs carry their person's number as id.
        "progress": lambda: programs.log_entries(person_id, today - timedelta(weeks=8)),
        "session reminders (job)": lambda: reminders.due_reminders(now),
        "program reminders (job)": lambda: program_reminders.due_programs(today),
    }


def main() -> int:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    from portal import create_app
    from portal.extensions import db

    app = create_app()
    results = []
    with app.app_context(), app.test_request_context():
        engine = db.engine
        # A citizen and a therapist in the middle of the generated data.
        person_id = 50_001
        therapist_id = THERAPISTS // 2
        course_id = db.session.scalar(sa.select(sa.text("id FROM courses WHERE person_id = :p")), {"p": person_id})
        for name, run in cases(person_id, therapist_id, course_id, date.today()).items():
            with caught(engine) as statements:
                run()
            db.session.rollback()
            results.append(explain(engine, name, statements))
    failed = False
    print(f"{'case':28} {'queries':>7} {'slowest':>9}")
    for result in results:
        print(f"{result.name:28} {result.statements:7} {result.slowest_ms:7.1f} ms")
        for problem in result.problems:
            failed = True
            print(f"    ! {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
