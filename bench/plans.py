"""Run the queries behind the busiest pages and jobs on the load-sized database and read PostgreSQL's plans.

    .venv/bin/python -m bench.plans            # on `bench`; --scale 2 for `bench_x2`

Each case calls the portal's own service functions for the rows the demo personas are mapped onto (a typical
citizen, the busiest therapist), catches the SQL they send, and runs it again under EXPLAIN ANALYZE. A sequential
scan of a large table, or a query slower than the limit, is reported and makes the exit code 1. It fills the
database first when it is missing or stale (`bench.generate`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from bench import generate, settings

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
# A page's statement must take less than this. A job's (named "... (job)") may take longer: it reads a day's worth
# of rows by design (tomorrow's 6 000 booked sessions, the day's programs); what it must not do is grow with the
# tables, which a sequential scan shows.
SLOW_MS = 50.0
JOB_SLOW_MS = 500.0


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
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", catch)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", catch)


def explain(engine: sa.Engine, name: str, statements: list[tuple[str, Any]]) -> Result:
    """Each statement run twice under EXPLAIN ANALYZE; the faster time counts, so a cold cache or a machine busy
    with something else does not decide, and the plan of the second run is read."""
    result = Result(name, len(statements))
    limit = JOB_SLOW_MS if name.endswith("(job)") else SLOW_MS
    with engine.connect() as connection:
        for statement, parameters in statements:
            times = []
            for _run in range(2):
                raw = connection.exec_driver_sql(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters).scalar()
                plan = (raw if isinstance(raw, list) else json.loads(raw))[0]
                times.append(float(plan["Execution Time"]))
            took = min(times)
            result.slowest_ms = max(result.slowest_ms, took)
            if took > limit:
                result.problems.append(f"{took:.0f} ms: {' '.join(statement.split())[:160]}")
            for node in _nodes(plan["Plan"]):
                if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in LARGE:
                    result.problems.append(f"sequential scan of {node['Relation Name']}")
    return result


def cases(
    person_id: int, therapist_id: int, course_id: int, feed_token: str, today: date
) -> dict[str, Callable[[], object]]:
    from portal import clock
    from portal.applications import decisions as cases
    from portal.programs import reminders as program_reminders
    from portal.programs import services as programs
    from portal.sessions import course_list, feeds, month, notices, reminders, routes
    from portal.sessions import services as sessions

    now = clock.now()
    first = today.replace(day=1)
    begin, end = month.bounds(first)
    program_id = max((program.id for program in programs.issued_programs(person_id)), default=0)

    def program_reminder_run() -> None:
        # What `flask programs remind` reads: the day's ids, then a batch of programs with their exercises.
        due = program_reminders.due_program_ids(today)
        program_reminders.load_batch(due[: program_reminders.BATCH])

    return {
        "Mine træningstider": lambda: (
            sessions.person_session_list(person_id, now, routes.LIST_UPCOMING, routes.LIST_PAST),
            sessions.person_courses_and_absences(person_id),
        ),
        "calendar file": lambda: sessions.person_calendar_sessions(person_id, now),
        "month view": lambda: sessions.person_sessions_between(person_id, begin, end),
        "calendar feed": lambda: feeds.open_feed(feed_token),
        "therapist's courses": lambda: course_list.therapist_courses(therapist_id),
        "Nye afbud": lambda: notices.new_cancellations(therapist_id),
        "course page": lambda: sessions.course_sessions(course_id),
        "visitator's inbox": lambda: cases.inbox(today),
        "inbox, last page": lambda: cases.inbox(today, page=10_000),
        "inbox, acknowledged": lambda: cases.inbox(today, status_filter="acknowledged"),
        "inbox, from GPs": lambda: cases.inbox(today, source="gp"),
        "Mit træningsprogram": lambda: programs.issued_programs(person_id),
        "progress": lambda: programs.log_entries(program_id, today - timedelta(weeks=8)),
        "session reminders (job)": lambda: reminders.due_reminders(now),
        "program reminders (job)": program_reminder_run,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    args = parser.parse_args()
    url, meta = generate.prepare(args.scale)
    os.environ.update(settings.environment(url, meta))
    from portal import clock, create_app
    from portal.extensions import db

    app = create_app()
    results = []
    with app.app_context(), app.test_request_context():
        engine = db.engine
        person_id, therapist_id = meta.personas["typical"], meta.personas["therapist"]
        course_id = db.session.scalar(
            sa.text("SELECT id FROM courses WHERE person_id = :p ORDER BY created_at DESC LIMIT 1"), {"p": person_id}
        )
        # The typical citizen's own link, as the persona mapping makes one; committed, as each case rolls back.
        from portal.sessions import feeds

        feed_token = feeds.create(person_id, person_id)[1]
        db.session.commit()
        for name, run in cases(person_id, therapist_id, course_id, feed_token, clock.today()).items():
            with caught(engine) as statements:
                run()
            db.session.rollback()
            results.append(explain(engine, name, statements))
        engine.dispose()
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
