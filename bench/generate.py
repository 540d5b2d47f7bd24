"""Fill a PostgreSQL database with a load-sized municipality: 100 000 citizens and 2 000 000 sessions.

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench .venv/bin/python -m bench.generate

The database is created when missing and migrated to head; rows are made by PostgreSQL itself
(generate_series), so the run takes minutes, not hours. Every person is fictitious: CPR hashes are
hashes of counters, nothing decrypts to a real number. Run `python -m bench.plans` afterwards.
"""

from __future__ import annotations

import argparse
import os
import time

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from portal.migrate import upgrade

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
THERAPISTS = 200
GPS = 300


def ensure_database(url: str) -> None:
    target = make_url(url)
    admin = sa.create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        query = sa.text("SELECT 1 FROM pg_database WHERE datname = :name")
        exists = connection.scalar(query, {"name": target.database})
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def migrate(url: str) -> None:
    engine = sa.create_engine(url)
    upgrade(engine)
    engine.dispose()


# Each step is one statement; :citizens and :per_course scale it. Ids are given explicitly so the steps can refer to
# each other by arithmetic instead of lookups.
STEPS: list[tuple[str, str]] = [
    (
        "accounts",
        """
        INSERT INTO accounts (id, issuer, subject, display_name, created_at)
        SELECT n, 'bench', 'bench-' || n, 'Medarbejder ' || n, now() FROM generate_series(1, :therapists + :gps) n
        """,
    ),
    (
        "account_roles",
        """
        INSERT INTO account_roles (account_id, role, granted_at)
        SELECT n, CASE WHEN n <= :therapists THEN 'therapist' ELSE 'gp' END, now()
        FROM generate_series(1, :therapists + :gps) n
        """,
    ),
    (
        "persons",
        """
        INSERT INTO persons (id, cpr_hash, cpr_encrypted, given_name, family_name, birth_date, created_at)
        SELECT n, md5('person-' || n) || md5('cpr-' || n), 'bench', 'Borger', 'Nummer ' || n,
               date '1930-01-02' + (n % 20000), now() - (n % 700) * interval '1 day'
        FROM generate_series(1, :citizens) n
        """,
    ),
    (
        "applications",
        """
        INSERT INTO applications (id, person_id, source, status, created_by_account_id, answers, deadlines,
                                  case_number, created_at, submitted_at, next_due_on)
        SELECT n, n, CASE WHEN n % 3 = 0 THEN 'gp' ELSE 'citizen' END,
               CASE WHEN n % 10 = 0 THEN 'submitted' ELSE 'granted' END,
               :therapists + 1 + (n % :gps), '{}'::json, '{}'::json, 'B-' || n,
               now() - (n % 700) * interval '1 day', now() - (n % 700) * interval '1 day',
               CASE WHEN n % 10 = 0 THEN current_date + (n % 20) - 5 END
        FROM generate_series(1, :citizens) n
        """,
    ),
    (
        "courses",
        """
        INSERT INTO courses (id, person_id, application_id, offer_id, legal_basis, sessions_allowed, goals, status,
                             no_show_reviewed_count, created_at)
        SELECT n, n, n, 'tg2', 'serviceloven-86-1', 24, 'Gå til bussen', CASE WHEN n % 4 = 0 THEN 'active'
               ELSE 'completed' END, 0, now() - (n % 700) * interval '1 day'
        FROM generate_series(1, :citizens) n WHERE n % 10 <> 0
        """,
    ),
    (
        "training_sessions",
        """
        INSERT INTO training_sessions (course_id, person_id, therapist_account_id, starts_at, ends_at, kind,
                                       centre_id, status, late, ics_uid, ics_sequence, created_at)
        SELECT c, c, 1 + (c % :therapists), start, start + interval '1 hour', 'individual', 'auning',
               CASE WHEN start > now() THEN 'booked' WHEN s % 11 = 0 THEN 'no_show'
                    WHEN s % 7 = 0 THEN 'cancelled_by_citizen' ELSE 'attended' END,
               false, md5('session-' || c || '-' || s) || '@bench', 0, now()
        FROM generate_series(1, :citizens) c
        CROSS JOIN LATERAL generate_series(1, :per_course) s
        CROSS JOIN LATERAL (SELECT date_trunc('hour', now()) - (c % 700) * interval '1 day'
                                   + s * interval '3 days' + (c % 9) * interval '1 hour' AS start) t
        WHERE c % 10 <> 0
        """,
    ),
    (
        "messages",
        """
        INSERT INTO messages (person_id, kind, language, subject, body, created_at)
        SELECT 1 + (n % :citizens), 'session.reminder', 'da', 'Påmindelse', 'Du har træning i morgen.',
               now() - (n % 700) * interval '1 day'
        FROM generate_series(1, :citizens * 3) n
        """,
    ),
    (
        "programs",
        """
        INSERT INTO programs (id, course_id, person_id, author_account_id, introduction, issued_at,
                              reminder_weekdays, created_at)
        SELECT n, n, n, 1 + (n % :therapists), '', now() - (n % 300) * interval '1 day',
               CASE WHEN n % 5 = 0 THEN '0,2,4' ELSE '' END, now()
        FROM generate_series(1, :citizens) n WHERE n % 10 <> 0 AND n % 4 <> 0
        """,
    ),
    (
        "training_log_entries",
        """
        INSERT INTO training_log_entries (program_id, day, effort, pain, note, created_at)
        SELECT p, current_date - d * 3, 1 + (p + d) % 9, (p * d) % 8, '', now()
        FROM generate_series(1, :citizens) p CROSS JOIN generate_series(0, 9) d
        WHERE p % 10 <> 0 AND p % 4 <> 0
        """,
    ),
]


def fill(url: str, citizens: int, per_course: int) -> None:
    engine = sa.create_engine(url)
    params = {"citizens": citizens, "per_course": per_course, "therapists": THERAPISTS, "gps": GPS}
    with engine.begin() as connection:
        if connection.scalar(sa.text("SELECT count(*) FROM persons")):
            raise SystemExit("The database already has persons; drop it or name another (DATABASE_URL).")
        for name, statement in STEPS:
            started = time.monotonic()
            connection.execute(sa.text(statement), params)
            print(f"{name:22} {time.monotonic() - started:6.1f} s")
        for table in ("accounts", "persons", "applications", "courses", "training_sessions", "programs"):
            connection.execute(
                # The names are this module's own constants above, not input.
                sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(sa.text("VACUUM ANALYZE"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--citizens", type=int, default=100_000)
    # 100 000 citizens, nine in ten with a course of 22 sessions: about 2 000 000 sessions.
    parser.add_argument("--per-course", type=int, default=22)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    ensure_database(url)
    migrate(url)
    fill(url, args.citizens, args.per_course)


if __name__ == "__main__":
    main()
