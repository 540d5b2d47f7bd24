"""Fill (or reuse) the benchmark's PostgreSQL database with a load-sized municipality.

    .venv/bin/python -m bench.generate             # `bench`: 100 000 citizens, about 2.3 million sessions
    .venv/bin/python -m bench.generate --scale 2   # `bench_x2`: the same municipality twice over

A municipality with a spread, as a real one has: light citizens (one short course), typical ones (one or two
courses of 15-30 sessions, a self-training program with a training log) and heavy ones (maintenance training over
years: 4-8 courses, up to some 250 sessions); therapists with a few, a normal and a heavy caseload (the busiest
with about 500 active courses, each booked by them); cancellations with the moment they were made, some of them new
to the therapist; 10 000 open cases in the visitation's inbox (hundreds of them acknowledged, hundreds in
assessment); programs with exercises and reminder weekdays; messages, preferences, fuldmagter and the access log.
Twice the scale is twice the municipality: twice the citizens, therapists and cases, the same caseload per
therapist and the same history per citizen, so a page that costs the same at both scales does not grow with it.

An existing database is reused when the same generator made it at the same scale within the last week (the data
is laid out around the day it was made); otherwise it is dropped and filled again, and `--fresh` forces that. It is
migrated to the newest revision either way. PostgreSQL makes the rows itself (generate_series, deterministic
hashes), with foreign-key triggers off and the large tables' indexes built afterwards, so it takes minutes, not
hours. Every person is fictitious: the CPR numbers fail the modulus 11 check and none is born on 1 January.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from cryptography.fernet import Fernet
from sqlalchemy.engine import make_url

from bench import settings
from portal import clock
from portal.migrate import upgrade

CITIZENS = 100_000
# Per 100 000 citizens: therapists, visitators and GPs.
THERAPISTS = 200
VISITATORS = 10
GPS = 300
# Citizens' own logins get account ids from here, after the staff.
PERSON_ACCOUNTS = 1_000_000
# One therapist in 200 carries a heavy caseload, twenty carry a light one, the rest a normal one; the weights make
# the heavy one about 500 active courses, a normal one about 120 and a light one about 12.
HEAVY_WEIGHT, LIGHT_WEIGHT = 4.1, 0.1
REUSE_FOR = timedelta(days=7)

GIVEN = (
    *("Karen", "Anne", "Kirsten", "Mette", "Hanne", "Helle", "Inge", "Lene", "Susanne", "Birthe", "Bodil"),
    *("Jytte", "Grethe", "Else", "Ruth", "Jens", "Peter", "Niels", "Lars", "Søren", "Henrik", "Poul", "Hans"),
    *("Ole", "Erik", "Bent", "Knud", "Jørgen", "Finn", "Arne"),
)
FAMILY = (
    *("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen"),
    *("Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen", "Poulsen", "Johansen"),
    *("Møller", "Mortensen", "Testesen", "Prøvesen", "Eksempelsen"),
)
CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


# The tables with a `changed_at` column (ChangedAtMixin); this module's own constants, not input.
CHANGED_AT_TABLES = ("applications", "courses", "training_sessions", "rehabilitation_plans")


def birth_days() -> list[date]:
    """Every day from 1925 to 2004 but New Year's Day, which no fictitious person may have as a birthday."""
    first, last = date(1925, 1, 2), date(2004, 12, 31)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if (day.month, day.day) != (1, 1)]


def fictitious_cpr(person_id: int, days: list[date]) -> tuple[str, date]:
    """A CPR number that cannot be anyone's: the last digit is chosen to fail the modulus 11 check. The seventh
    digit is 0 (or 4 after 2000), never 1-3 as the demo personas have, so no generated number is a persona's."""
    born = days[person_id % len(days)]
    serial = person_id // len(days)
    first_nine = f"{born:%d%m%y}{0 if born.year < 2000 else 4}{serial:02d}"
    for last in range(10):
        digits = first_nine + str(last)
        if sum(int(digit) * weight for digit, weight in zip(digits, CPR_WEIGHTS, strict=True)) % 11:
            return digits, born
    raise AssertionError("one of ten last digits always fails modulus 11")


def ensure_database(url: str) -> None:
    name = settings.check_bench_name(url)
    admin = sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}):
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()


def drop_database(url: str) -> None:
    name = settings.check_bench_name(url)
    admin = sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def migrate(url: str) -> None:
    engine = sa.create_engine(url)
    upgrade(engine)
    engine.dispose()


@contextmanager
def indexes_built_afterwards(connection: sa.Connection, tables: tuple[str, ...]) -> Iterator[None]:
    """Drops the tables' plain indexes (not those behind a constraint) and builds them again after the block: one
    sort per index instead of millions of insertions into each."""
    rows = connection.execute(
        sa.text(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "WHERE i.schemaname = current_schema() AND i.tablename = ANY(:tables) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        ),
        {"tables": list(tables)},
    ).all()
    for name, _definition in rows:
        connection.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _name, definition in rows:
        connection.exec_driver_sql(definition)


# Deterministic pseudo-random numbers in [0, 1 000 000) from a row number and a salt, so two runs make the same data.
HASH_FUNCTION = """
CREATE FUNCTION pg_temp.r(n bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE
AS 'SELECT ((hashint8($1 * 1009 + $2)::bigint % 1000000 + 1000000) % 1000000)::int'
"""

# Each step is one statement. :citizens, :therapists, :visitators and :gps scale with --scale; :now and :today
# come from the portal's clock; ids are given explicitly so the steps can refer to each other.
STEPS: list[tuple[str, str]] = [
    (
        "accounts",
        """
        INSERT INTO accounts (id, issuer, subject, display_name, organisation_cvr, organisation_name, created_at)
        SELECT n, 'bench', 'bench-staff-' || n,
               CASE WHEN n <= :therapists THEN 'Terapeut ' WHEN n <= :therapists + :visitators THEN 'Visitator '
                    WHEN n <= :therapists + :visitators + :gps THEN 'Læge ' ELSE 'Administrator ' END || n,
               CASE WHEN n > :therapists + :visitators AND n <= :therapists + :visitators + :gps
                    THEN lpad((10000000 + n)::text, 8, '0') END,
               CASE WHEN n > :therapists + :visitators AND n <= :therapists + :visitators + :gps
                    THEN 'Lægehuset nr. ' || n END,
               :now - interval '3 years'
        FROM generate_series(1, :therapists + :visitators + :gps + 1) n;
        INSERT INTO account_roles (account_id, role, granted_at)
        SELECT n, CASE WHEN n <= :therapists THEN 'therapist' WHEN n <= :therapists + :visitators THEN 'visitator'
                       WHEN n <= :therapists + :visitators + :gps THEN 'gp' ELSE 'admin' END,
               :now - interval '3 years'
        FROM generate_series(1, :therapists + :visitators + :gps + 1) n;
        INSERT INTO accounts (id, issuer, subject, display_name, person_id, last_login_at, created_at)
        SELECT :person_accounts + p.id, 'bench-mitid', 'bench-person-' || p.id,
               p.given_name || ' ' || p.family_name, p.id, :now - (pg_temp.r(p.id, 11) % 300) * interval '1 day',
               p.created_at
        FROM persons p
        """,
    ),
    (
        "plan",
        # Who is light, typical or heavy, how many courses and sessions each has, and when they ran. One person in
        # ten has an open case and no course yet. A person's newest course is active for one in four, with part
        # of its sessions behind and part ahead; a few active courses are new and not yet taken by a therapist.
        """
        CREATE TEMP TABLE plan_people AS
        SELECT p AS person_id,
               CASE WHEN p % 10 = 0 THEN 'open' WHEN pg_temp.r(p, 1) % 100 < 62 THEN 'light'
                    WHEN pg_temp.r(p, 1) % 100 < 92 THEN 'typical' ELSE 'heavy' END AS kind,
               pg_temp.r(p, 2) AS r2, pg_temp.r(p, 3) AS r3
        FROM generate_series(1, :citizens) p;
        CREATE TEMP TABLE plan_courses AS
        SELECT row_number() OVER (ORDER BY person_id, seq)::int AS id, person_id, kind, seq, courses, per_course,
               active, untaken,
               newest_start - (courses - seq) * (ceil(per_course * 3.5)::int + 30 + r2 % 60) AS start_day,
               ceil(per_course * 3.5)::int AS span
        FROM (
            SELECT pp.person_id, pp.kind, pp.r2, seq, n.courses, n.per_course,
                   seq = n.courses AND pp.r3 % 4 = 0 AS active,
                   seq = n.courses AND pp.r3 % 4 = 0 AND pg_temp.r(pp.person_id, 7) % 200 = 0 AS untaken,
                   CASE WHEN pp.r3 % 4 = 0
                        THEN CAST(:today AS date) - (ceil(n.per_course * 3.5) * (pp.r3 / 100 % 80) / 100)::int
                        ELSE CAST(:today AS date) - 1 - (pp.r2 / 1000 % 700) - ceil(n.per_course * 3.5)::int
                   END AS newest_start
            FROM plan_people pp
            CROSS JOIN LATERAL (
                SELECT CASE pp.kind WHEN 'light' THEN 1 WHEN 'typical' THEN 1 + (pp.r3 / 7 % 10 < 3)::int
                                    ELSE 4 + pp.r2 / 13 % 5 END AS courses,
                       CASE pp.kind WHEN 'light' THEN 4 + pp.r2 % 7 WHEN 'typical' THEN 15 + pp.r2 % 16
                                    ELSE 20 + pp.r2 % 13 END AS per_course
            ) n
            CROSS JOIN LATERAL generate_series(1, n.courses) seq
            WHERE pp.kind <> 'open'
        ) planned;
        ALTER TABLE plan_courses ADD COLUMN therapist int;
        UPDATE plan_courses SET therapist = width_bucket(pg_temp.r(id, 5), CAST(:therapist_bounds AS int[]))
        WHERE NOT untaken;
        CREATE INDEX ON plan_courses (id);
        ANALYZE plan_courses
        """,
    ),
    (
        "applications",
        """
        INSERT INTO applications (id, person_id, source, status, created_by_account_id, case_number, answers,
                                  referral, submitted_at, deadlines, next_due_on, acknowledged_at, decided_at,
                                  decided_by_account_id, granted_offer, granted_sessions, decision_goals, created_at)
        SELECT c.id, c.person_id, s.source, 'granted',
               CASE WHEN s.source = 'gp' THEN :therapists + :visitators + 1 + c.person_id % :gps
                    ELSE :person_accounts + c.person_id END,
               'B-' || c.id,
               '{"what_changed": "Jeg er faldet og går dårligt.", "goal": "At gå til bussen igen."}'::json,
               CASE WHEN s.source = 'gp' THEN '{"reason": "Nedsat gangfunktion", "patient_agrees": true}'::json END,
               (c.start_day - 21)::timestamp AT TIME ZONE 'UTC', '{}'::json, NULL,
               (c.start_day - 18)::timestamp AT TIME ZONE 'UTC', (c.start_day - 10)::timestamp AT TIME ZONE 'UTC',
               :therapists + 1 + c.id % :visitators, o.offer, c.per_course, 'Gå til bussen',
               (c.start_day - 21)::timestamp AT TIME ZONE 'UTC'
        FROM plan_courses c
        CROSS JOIN LATERAL (SELECT CASE WHEN pg_temp.r(c.id, 12) % 10 < 3 THEN 'gp'
                                        WHEN pg_temp.r(c.id, 12) % 10 = 3 THEN 'relative' ELSE 'citizen' END
                                   AS source) s
        CROSS JOIN LATERAL (SELECT CASE c.kind WHEN 'light' THEN 'tg1' WHEN 'typical' THEN 'tg2'
                                               ELSE 'tva2' END AS offer) o;
        INSERT INTO applications (id, person_id, source, status, created_by_account_id, case_number, answers,
                                  referral, submitted_at, deadlines, next_due_on, acknowledged_at, created_at)
        SELECT :courses_made + row_number() OVER (ORDER BY pp.person_id), pp.person_id, s.source,
               CASE WHEN pp.r2 % 100 < 3 THEN 'acknowledged' WHEN pp.r2 % 100 < 6 THEN 'in_assessment'
                    ELSE 'submitted' END,
               CASE WHEN s.source = 'gp' THEN :therapists + :visitators + 1 + pp.person_id % :gps
                    ELSE :person_accounts + pp.person_id END,
               'A-' || pp.person_id,
               '{"what_changed": "Jeg er faldet og går dårligt.", "goal": "At gå til bussen igen."}'::json,
               CASE WHEN s.source = 'gp' THEN '{"reason": "Nedsat gangfunktion", "patient_agrees": true}'::json END,
               :now - (pp.r3 % 30) * interval '1 day' - (pp.r3 % 9) * interval '1 hour', '{}'::json,
               CASE WHEN pp.r2 % 20 <> 0 THEN CAST(:today AS date) - 5 + pp.r3 % 20 END,
               CASE WHEN pp.r2 % 100 < 6 THEN :now - (pp.r3 % 5) * interval '1 day' END,
               :now - (pp.r3 % 30) * interval '1 day' - (pp.r3 % 9) * interval '1 hour'
        FROM plan_people pp
        CROSS JOIN LATERAL (SELECT CASE WHEN pp.r3 % 10 < 3 THEN 'gp' WHEN pp.r3 % 10 = 3 THEN 'relative'
                                        ELSE 'citizen' END AS source) s
        WHERE pp.kind = 'open'
        """,
    ),
    (
        "courses",
        """
        INSERT INTO courses (id, person_id, application_id, offer_id, legal_basis, sessions_allowed, goals, status,
                             created_at, ended_at, end_reason, no_show_reviewed_count, therapist_account_id)
        SELECT c.id, c.person_id, c.id, a.granted_offer,
               CASE WHEN c.kind = 'heavy' THEN 'serviceloven-86-2' ELSE 'serviceloven-86-1' END,
               c.per_course + 2, 'Gå til bussen uden stok', CASE WHEN c.active THEN 'active' ELSE 'completed' END,
               CASE WHEN c.untaken THEN :now - (c.id % 5) * interval '1 day'
                    ELSE (c.start_day - 7)::timestamp AT TIME ZONE 'UTC' END,
               CASE WHEN NOT c.active THEN (c.start_day + c.span)::timestamp AT TIME ZONE 'UTC' END,
               CASE WHEN NOT c.active THEN 'program_issued' END, 0, c.therapist
        FROM plan_courses c JOIN applications a ON a.id = c.id
        """,
    ),
    (
        "training_sessions",
        # Twice a week from the course's start. Ahead: booked, a few cancelled by the citizen (recently, new to the
        # therapist) or by the therapist. Behind: attended, or a no-show, a cancellation or an absence with notice.
        """
        INSERT INTO training_sessions (course_id, person_id, therapist_account_id, starts_at, ends_at, kind,
                                       centre_id, place, status, cancel_reason, cancelled_at, late, ics_uid,
                                       ics_sequence, created_at, reminded_at, therapist_seen_at)
        SELECT c.id, c.person_id, c.therapist, t.starts_at, t.starts_at + interval '1 hour',
               CASE WHEN c.id % 10 = 0 THEN 'home' ELSE 'individual' END,
               CASE WHEN c.id % 10 <> 0 THEN (ARRAY['auning', 'posthaven', 'glesborg'])[1 + c.id % 3] END,
               CASE WHEN c.id % 10 = 0 THEN 'Hjemme hos borgeren' END,
               t.status,
               CASE WHEN t.status = 'cancelled_by_citizen' AND t.u % 5 < 2 THEN 'Sygdom'
                    WHEN t.status = 'cancelled_by_therapist' THEN 'Terapeuten er syg' END,
               t.cancelled_at,
               t.status = 'cancelled_by_citizen' AND t.starts_at - t.cancelled_at < interval '24 hours',
               md5(c.id || '-' || t.i) || '@bench',
               CASE WHEN t.status LIKE 'cancelled%' THEN 1 ELSE 0 END,
               (c.start_day - 7)::timestamp AT TIME ZONE 'UTC',
               CASE WHEN t.starts_at < :now AND t.status NOT LIKE 'cancelled%' THEN t.starts_at - interval '1 day' END,
               CASE WHEN t.status = 'cancelled_by_citizen' AND t.cancelled_at < :now - interval '3 days'
                    THEN t.cancelled_at + interval '1 day' END
        FROM plan_courses c
        CROSS JOIN LATERAL generate_series(0, c.per_course - 1) i
        -- OFFSET 0 keeps each step a step of its own: flattened, every use of a column would compute it again.
        CROSS JOIN LATERAL (
            SELECT ((c.start_day + floor(i * 3.5)::int)::timestamp + (7 + c.id % 8) * interval '1 hour')
                       AT TIME ZONE 'UTC' AS starts_at,
                   pg_temp.r(c.id * 64 + i, 9) % 100 AS u, pg_temp.r(c.id * 64 + i, 10) AS u2
            OFFSET 0
        ) drawn
        CROSS JOIN LATERAL (
            SELECT CASE WHEN drawn.starts_at > :now THEN
                            CASE WHEN drawn.u < 5 THEN 'cancelled_by_citizen'
                                 WHEN drawn.u < 6 THEN 'cancelled_by_therapist' ELSE 'booked' END
                        ELSE
                            CASE WHEN drawn.u < 4 THEN 'no_show' WHEN drawn.u < 10 THEN 'cancelled_by_citizen'
                                 WHEN drawn.u < 12 THEN 'cancelled_by_therapist'
                                 WHEN drawn.u < 14 THEN 'absent_with_notice' ELSE 'attended' END
                   END AS status
            OFFSET 0
        ) statused
        CROSS JOIN LATERAL (
            SELECT i, drawn.starts_at, drawn.u, statused.status,
                   CASE statused.status
                       WHEN 'cancelled_by_citizen' THEN
                           CASE WHEN drawn.starts_at > :now THEN :now - (1 + drawn.u2 % 240) * interval '1 hour'
                                ELSE drawn.starts_at - (2 + drawn.u2 % 70) * interval '1 hour' END
                       WHEN 'cancelled_by_therapist' THEN
                           LEAST(:now - interval '1 hour', drawn.starts_at - (24 + drawn.u2 % 48) * interval '1 hour')
                   END AS cancelled_at
            OFFSET 0
        ) t
        WHERE NOT c.untaken
        """,
    ),
    (
        "programs",
        # A program at the end of most completed courses, with three to six exercises; one in five reminds on
        # some weekdays. The newest program of a person issued in the last ten months has a training log.
        """
        INSERT INTO programs (id, course_id, person_id, author_account_id, introduction, issued_at, reminder_days,
                              reminded_on, created_at)
        SELECT c.id, c.id, c.person_id, c.therapist, 'Lav øvelserne roligt, og stop hvis det gør ondt.',
               (c.start_day + c.span)::timestamp AT TIME ZONE 'UTC',
               CASE WHEN pg_temp.r(c.id, 13) % 5 = 0 THEN 1 + pg_temp.r(c.id, 14) % 127 ELSE 0 END,
               CASE WHEN pg_temp.r(c.id, 13) % 5 = 0 THEN CAST(:today AS date) - 1 - c.id % 3 END,
               (c.start_day + c.span - 2)::timestamp AT TIME ZONE 'UTC'
        FROM plan_courses c
        WHERE NOT c.active AND pg_temp.r(c.id, 13) % 10 < 8;
        INSERT INTO program_items (program_id, exercise_id, position, sets, repetitions, seconds, times_per_week,
                                   load, notes)
        SELECT p.id, e.ids[1 + (p.id * 7 + k * 13) % array_length(e.ids, 1)], k,
               CASE WHEN k % 2 = 1 THEN 3 END, CASE WHEN k % 2 = 1 THEN 10 END, CASE WHEN k % 2 = 0 THEN 30 END,
               3, CASE WHEN k = 1 THEN '1 kg vægtmanchet' ELSE '' END, ''
        FROM programs p
        CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM exercises) e
        CROSS JOIN LATERAL generate_series(1, 3 + p.id % 4) k;
        INSERT INTO training_log_entries (program_id, day, effort, pain, note, created_at)
        SELECT p.id, CAST(:today AS date) - 1 - d * 3, 2 + (p.id + d) % 7, (p.id * d) % 6,
               CASE WHEN d % 4 = 0 THEN 'Det gik fint.' ELSE '' END, :now - (1 + d * 3) * interval '1 day'
        FROM (
            SELECT DISTINCT ON (person_id) id, issued_at FROM programs ORDER BY person_id, issued_at DESC
        ) p
        CROSS JOIN generate_series(0, 9) d
        WHERE p.issued_at > :now - interval '300 days';
        INSERT INTO training_log_items (entry_id, item_id)
        SELECT t.id, i.id FROM training_log_entries t JOIN program_items i ON i.program_id = t.program_id
        WHERE i.position <= 2
        """,
    ),
    (
        "messages",
        """
        INSERT INTO messages (person_id, kind, language, subject, body, created_at, application_id)
        SELECT 1 + n % :citizens, k.kind, 'da', k.subject, k.body, :now - (pg_temp.r(n, 15) % 700) * interval '1 day',
               NULL
        FROM generate_series(1, :citizens * 3) n
        CROSS JOIN LATERAL (
            SELECT (ARRAY['case.received', 'case.granted', 'session.reminder'])[1 + n % 3] AS kind,
                   (ARRAY['Vi har modtaget din ansøgning', 'Du får træning', 'Påmindelse om træning'])[1 + n % 3]
                       AS subject,
                   'Du kan læse mere på Træningsportalen.' AS body
        ) k
        """,
    ),
    (
        "people around",
        # Contact preferences for one in five, a fuldmagt for one in thirty-three, some teams, and the access log:
        # five logins a person over two years.
        """
        INSERT INTO contact_preferences (person_id, email, phone, channels, reminders, reminder_hour, created_at)
        SELECT p, 'borger' || p || '@example.invalid', NULL, 'digital_post email', p % 2 = 0, 8 + p % 12, :now
        FROM generate_series(5, :citizens, 5) p;
        INSERT INTO delegations (grantor_person_id, grantee_person_id, grantee_cpr_hash, scopes, valid_from,
                                 accepted_at, kind, grantee_name, created_at)
        SELECT g.id, e.id, e.cpr_hash, 'manage_sessions see', CAST(:today AS date) - 100, :now - interval '99 days',
               'fuldmagt', '', :now - interval '100 days'
        FROM persons g JOIN persons e ON e.id = g.id + 1
        WHERE g.id % 33 = 1;
        INSERT INTO teams (name, centre_id, capacity, therapist_account_id, active, created_at)
        SELECT 'Hold ' || n, (ARRAY['auning', 'posthaven', 'glesborg'])[1 + n % 3], 8 + n % 5,
               1 + (n * 7) % :therapists, true, :now - interval '1 year'
        FROM generate_series(1, :therapists / 10) n;
        INSERT INTO access_log (at, actor_account_id, subject_person_id, acting_as, action, actor_name)
        SELECT :now - (pg_temp.r(p * 5 + k, 16) % 700) * interval '1 day', :person_accounts + p, p, 'citizen',
               'login', ''
        FROM generate_series(1, :citizens) p CROSS JOIN generate_series(1, 5) k
        """,
    ),
]
LARGE_TABLES = ("training_sessions", "messages", "access_log", "training_log_entries", "program_items")
SEQUENCES = ("accounts", "persons", "applications", "courses", "training_sessions", "programs", "program_items")


def therapist_bounds(therapists: int) -> list[int]:
    """The lower bound of each therapist's share of [0, 1 000 000), for width_bucket."""
    weights = []
    for number in range(therapists):
        place = number % 200
        weights.append(HEAVY_WEIGHT if place == 0 else LIGHT_WEIGHT if place <= 20 else 1.0)
    total, bounds, running = sum(weights), [], 0.0
    for weight in weights:
        bounds.append(int(running / total * 1_000_000))
        running += weight
    return bounds


def insert_persons(connection: sa.Connection, citizens: int, hash_key: str, encryption_key: str, now: datetime) -> None:
    """The persons, with CPR numbers hashed and encrypted as the portal does (portal/cpr.py): PostgreSQL cannot
    make Fernet tokens, so these rows are made here and copied in."""
    days = birth_days()
    fernet = Fernet(encryption_key)
    key = hash_key.encode()
    raw = connection.connection.driver_connection
    assert raw is not None
    with (
        raw.cursor() as cursor,
        cursor.copy(
            "COPY persons (id, cpr_hash, cpr_encrypted, given_name, family_name, birth_date, created_at) FROM STDIN"
        ) as copy,
    ):
        for person_id in range(1, citizens + 1):
            digits, born = fictitious_cpr(person_id, days)
            copy.write_row(
                (
                    person_id,
                    hmac.new(key, digits.encode(), hashlib.sha256).hexdigest(),
                    fernet.encrypt(digits.encode()).decode(),
                    GIVEN[(person_id * 7) % len(GIVEN)],
                    FAMILY[(person_id * 13) % len(FAMILY)],
                    born,
                    now - timedelta(days=person_id % 900),
                )
            )


def load_exercises(url: str, meta: settings.Meta) -> None:
    """The starter exercise library, through the portal's own loader, with the bench's environment for as long as
    it takes (the caller's environment is put back: a test that fills a small database must not leave the rest of
    the suite running as the bench)."""
    from portal import create_app
    from portal.exercises.services import load_library
    from portal.extensions import db

    before = dict(os.environ)
    os.environ.update(settings.environment(url, meta))
    try:
        app = create_app()
        with app.app_context():
            load_library()
            db.session.commit()
            db.engine.dispose()
    finally:
        os.environ.clear()
        os.environ.update(before)


def choose_personas(connection: sa.Connection, citizens: int, therapists: int) -> dict[str, int]:
    """The rows the demo personas are mapped onto: a typical citizen (two courses, the newest active, a program
    with a training log), the heavy citizen with the most sessions among those with an active course, the
    therapist with the most active courses, and the first visitator."""
    typical = connection.scalar(
        sa.text(
            """
            SELECT c.person_id FROM courses c
            JOIN programs p ON p.person_id = c.person_id
            WHERE c.status = 'active' AND c.therapist_account_id IS NOT NULL AND c.person_id > :middle
              AND (SELECT count(*) FROM courses o WHERE o.person_id = c.person_id) = 2
              AND EXISTS (SELECT 1 FROM training_log_entries t WHERE t.program_id = p.id)
              AND (SELECT count(*) FROM training_sessions s WHERE s.person_id = c.person_id) BETWEEN 35 AND 50
            ORDER BY c.person_id LIMIT 1
            """
        ),
        {"middle": citizens // 2},
    )
    heavy = connection.scalar(
        sa.text(
            """
            SELECT s.person_id FROM training_sessions s
            WHERE s.person_id IN (SELECT person_id FROM courses WHERE status = 'active'
                                  AND therapist_account_id IS NOT NULL)
              AND s.person_id IN (SELECT person_id FROM programs)
            GROUP BY s.person_id ORDER BY count(*) DESC, s.person_id LIMIT 1
            """
        )
    )
    busiest = connection.scalar(
        sa.text(
            "SELECT therapist_account_id FROM courses WHERE status = 'active' AND therapist_account_id IS NOT NULL "
            "GROUP BY therapist_account_id ORDER BY count(*) DESC, therapist_account_id LIMIT 1"
        )
    )
    return {"typical": typical, "heavy": heavy, "therapist": busiest, "visitator": therapists + 1}


def count_rows(connection: sa.Connection) -> dict[str, int]:
    counts = {}
    for table in ("persons", "applications", "courses", "training_sessions", "programs", "messages", "access_log"):
        counts[table] = connection.scalar(sa.text(f"SELECT count(*) FROM {table}"))  # noqa: S608 (names above)
    counts["open cases"] = connection.scalar(
        sa.text("SELECT count(*) FROM applications WHERE status IN ('submitted', 'acknowledged', 'in_assessment')")
    )
    return counts


def fill(url: str, scale: int, citizens: int) -> settings.Meta:
    now = clock.utcnow().replace(microsecond=0)
    meta = settings.Meta(
        version=settings.GENERATOR_VERSION,
        scale=scale,
        generated_at=now.isoformat(),
        cpr_encryption_key=Fernet.generate_key().decode(),
        cpr_hash_key=os.urandom(32).hex(),
        personas={},
        counts={},
    )
    therapists = THERAPISTS * scale
    load_exercises(url, meta)
    engine = sa.create_engine(url)
    params = {
        "citizens": citizens,
        "therapists": therapists,
        "visitators": VISITATORS * scale,
        "gps": GPS * scale,
        "person_accounts": PERSON_ACCOUNTS,
        "therapist_bounds": therapist_bounds(therapists),
        "now": now,
        "today": clock.today(),
    }
    with engine.begin() as connection:
        started = time.monotonic()
        insert_persons(connection, citizens, meta.cpr_hash_key, meta.cpr_encryption_key, now)
        print(f"{'persons':22} {time.monotonic() - started:6.1f} s", flush=True)
        # The rows are consistent by construction; foreign-key triggers off saves millions of lookups.
        connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
        # The statements look huge to the planner, and compiling them (JIT) took longer than running them.
        connection.exec_driver_sql("SET LOCAL jit = off")
        connection.execute(sa.text(HASH_FUNCTION))
        # What the API's change feed orders by: every generated row last changed when it was made. A default for
        # the length of this transaction, so the statements below need not name the column.
        for table in CHANGED_AT_TABLES:
            connection.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN changed_at SET DEFAULT now()")
        with indexes_built_afterwards(connection, LARGE_TABLES):
            for name, statements in STEPS:
                started = time.monotonic()
                for statement in statements.split(";"):
                    if statement.strip():
                        connection.execute(sa.text(statement), params)
                if name == "plan":
                    params["courses_made"] = connection.scalar(sa.text("SELECT max(id) FROM plan_courses"))
                print(f"{name:22} {time.monotonic() - started:6.1f} s", flush=True)
            started = time.monotonic()
        print(f"{'indexes':22} {time.monotonic() - started:6.1f} s", flush=True)
        for table in CHANGED_AT_TABLES:
            connection.exec_driver_sql(f"ALTER TABLE {table} ALTER COLUMN changed_at DROP DEFAULT")
        for table in SEQUENCES:
            connection.execute(
                # The names are this module's own constants above, not input.
                sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        started = time.monotonic()
        connection.exec_driver_sql("VACUUM ANALYZE")
        print(f"{'vacuum analyze':22} {time.monotonic() - started:6.1f} s", flush=True)
        meta.personas = choose_personas(connection, citizens, therapists)
        meta.counts = count_rows(connection)
    engine.dispose()
    return meta


def fresh_enough(meta: settings.Meta | None, scale: int, citizens: int) -> bool:
    if meta is None or meta.version != settings.GENERATOR_VERSION or meta.scale != scale:
        return False
    if meta.counts.get("persons") != citizens:
        return False
    made = datetime.fromisoformat(meta.generated_at)
    return clock.utcnow() - made.astimezone(UTC) < REUSE_FOR


def prepare(scale: int = 1, fresh: bool = False, citizens: int | None = None) -> tuple[str, settings.Meta]:
    """The load-sized database at `scale`, reused or filled, migrated to the newest revision."""
    url = settings.database_url(scale)
    settings.check_bench_name(url)
    citizens = citizens or CITIZENS * scale
    meta = None if fresh else settings.read_meta(url)
    if meta is not None and fresh_enough(meta, scale, citizens):
        print(f"Reusing {make_url(url).database} (made {meta.generated_at}): {meta.counts}", flush=True)
        migrate(url)
        return url, meta
    started = time.monotonic()
    drop_database(url)
    ensure_database(url)
    migrate(url)
    meta = fill(url, scale, citizens)
    settings.write_meta(url, meta)
    print(f"Filled {make_url(url).database} in {time.monotonic() - started:.0f} s: {meta.counts}", flush=True)
    return url, meta


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="1: 100 000 citizens; 2: twice that, in bench_x2")
    parser.add_argument("--fresh", action="store_true", help="drop and fill again even if the data could be reused")
    # For trying the generator quickly (with BENCH_DATABASE_URL naming another bench database); not load-sized.
    parser.add_argument("--citizens", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale < 1:
        parser.error("--scale is 1 or more")
    prepare(args.scale, args.fresh, args.citizens)


if __name__ == "__main__":
    main()
