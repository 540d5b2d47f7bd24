"""Writing to the access log. The one way in; nothing in the app updates or deletes a row.

A change is written at once (`record`). A read is noted by the fetch helper that hands a citizen's object to
someone other than the citizen (`record_reads`) and written by the request edge (`write_reads`) as one INSERT,
however many citizens the page showed, so a list page stays within its query budget (on PostgreSQL one for each
way of reading, which a page nearly always has one of). Within one request a
reader, a person and what was done make one row, however many helpers met the same person.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any, Protocol, cast

import sqlalchemy as sa
from flask import g, has_request_context, request
from sqlalchemy.dialects import postgresql

from portal.database import utcnow
from portal.extensions import db
from portal.models import AccessLog, Role

PAGE_SIZE = 20


class Actor(Protocol):
    """Who reads or changes: the logged-in user (`portal.auth.user.SessionUser`), known here only by what the log
    keeps, so the log sits below the login that writes to it."""

    @property
    def account_id(self) -> int: ...

    @property
    def display_name(self) -> str: ...

    @property
    def roles(self) -> frozenset[Role]: ...

    @property
    def organisation_name(self) -> str | None: ...


_WRITTEN = "_access_log_written"
_PENDING = "_access_log_pending"


def _actor_columns(actor: Actor | None, actor_name: str | None = None) -> dict[str, Any]:
    role = None
    if actor is not None:
        roles = (Role.VISITATOR, Role.THERAPIST, Role.ADMIN, Role.HELPER, Role.GP)
        role = next((str(r) for r in roles if r in actor.roles), None)
    return {
        "actor_account_id": actor.account_id if actor else None,
        "actor_name": actor_name if actor_name is not None else (actor.display_name if actor else ""),
        "actor_role": role,
        "actor_organisation": actor.organisation_name if actor else None,
    }


def _first_in_request(account_id: int | None, subject_person_id: int | None, action: str) -> bool:
    """True the first time this reader, person and action meet in the request; always true outside one."""
    if not has_request_context():
        return True
    written: set[tuple[int | None, int | None, str]] = g.setdefault(_WRITTEN, set())
    key = (account_id, subject_person_id, action)
    if key in written:
        return False
    written.add(key)
    return True


def record(
    actor: Actor | None,
    subject_person_id: int | None,
    acting_as: str,
    action: str,
    detail: str | None = None,
    delegation_id: int | None = None,
    actor_name: str | None = None,
) -> None:
    """Writes a row at once: a change, or a read by the citizen's side (login, a relative's page)."""
    if not _first_in_request(actor.account_id if actor else None, subject_person_id, action):
        return
    db.session.add(
        AccessLog(
            **_actor_columns(actor, actor_name),
            subject_person_id=subject_person_id,
            acting_as=acting_as,
            delegation_id=delegation_id,
            action=action,
            detail=detail,
        )
    )
    db.session.flush()


def record_reads(reader: Actor, person_ids: Iterable[int], acting_as: str, detail: str | None = None) -> None:
    """Notes that `reader` saw these people's data on this page (the endpoint); the request edge writes the rows.

    Outside a request (a command, a test) they are written at once.
    """
    in_request = has_request_context()
    what = (request.endpoint if in_request else None) or ""
    pending: list[dict[str, Any]] = g.setdefault(_PENDING, []) if in_request else []
    # The moment of the page's first read for all its reads, so they share their columns and go in together.
    at = pending[0]["at"] if pending else utcnow()
    # The reader's columns once for the page, not once per citizen: a list page shows up to 50 of them.
    shared = {**_actor_columns(reader), "at": at, "acting_as": acting_as, "action": what, "detail": detail}
    account_id = shared["actor_account_id"]
    rows = [
        {**shared, "subject_person_id": person_id}
        for person_id in dict.fromkeys(person_ids)
        if _first_in_request(account_id, person_id, what)
    ]
    if not in_request:
        _insert(rows)
        return
    pending.extend(rows)


def discard_reads() -> None:
    """Forgets the reads noted in a request that failed: its page was not shown. Called by the request edge."""
    g.pop(_PENDING, None)


def write_reads() -> None:
    """Writes the reads noted in this request, in one INSERT. Called by the request edge before it commits."""
    _insert(g.pop(_PENDING, []))


def _insert(rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name != "postgresql":
        # One executemany on the request's connection: a list of 50 citizens costs the page one query, and the
        # statement is compiled once. Core, not the ORM's bulk insert, which builds its state row by row.
        connection.execute(sa.insert(_TABLE), rows)
        return
    # PostgreSQL takes a page's citizens as one array beside the columns they share: the driver then sends a dozen
    # values, not a dozen for each citizen, which cost a list page about a millisecond.
    shared: dict[tuple[Any, ...], list[int | None]] = {}
    for row in rows:
        shared.setdefault(tuple(row[name] for name in _SHARED), []).append(row["subject_person_id"])
    for values, people in shared.items():
        connection.execute(_array_insert(), {**dict(zip(_SHARED, values, strict=True)), "people": people})


_TABLE = cast(sa.Table, AccessLog.__table__)
# The columns every row a reader's page notes has in common; only the citizen differs.
_SHARED = (
    "actor_account_id",
    "actor_name",
    "actor_role",
    "actor_organisation",
    "at",
    "acting_as",
    "action",
    "detail",
)


@functools.cache
def _array_insert() -> sa.Insert:
    """Built once: the shared columns bound by name, the citizens as one integer array unnested into rows."""
    columns = [_TABLE.c[name] for name in _SHARED]
    people = sa.func.unnest(sa.bindparam("people", type_=postgresql.ARRAY(sa.Integer)))
    return sa.insert(_TABLE).from_select(
        [*_SHARED, "subject_person_id"],
        sa.select(*(sa.bindparam(column.name, type_=column.type) for column in columns), people),
    )


def page_for(person_id: int, page: int) -> tuple[list[AccessLog], bool]:
    """One page of a person's log, newest first, and whether there is an older page. One query."""
    rows = list(
        db.session.scalars(
            sa.select(AccessLog)
            .where(AccessLog.subject_person_id == person_id)
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
            .offset((page - 1) * PAGE_SIZE)
            .limit(PAGE_SIZE + 1)
        )
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
