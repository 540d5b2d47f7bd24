"""The API's own data work: clients, idempotency keys, cursors, the paged lists and the change feed.

What a call changes in a case, a course or a plan is done by the services the staff pages use; this module only
finds things for the API and remembers what it answered.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.security import generate_password_hash

from portal import cpr
from portal.api.oauth import PRIVATE_KEY_JWT, SCOPES
from portal.database import rows_changed, utcnow
from portal.extensions import db
from portal.models import (
    Account,
    ApiClient,
    ApiIdempotencyKey,
    ApiToken,
    Application,
    ApplicationStatus,
    Course,
    EndNote,
    Program,
    ProgramItem,
    RehabilitationPlan,
    TrainingSession,
)
from portal.models.account import SYSTEM_ISSUER

CLIENT_ISSUER = SYSTEM_ISSUER


class ClientError(ValueError):
    pass


# ---- clients ---------------------------------------------------------------------------------------------------


def create_client(
    display_name: str,
    municipality: str,
    scopes: list[str],
    jwks: dict[str, Any] | None = None,
    client_id: str | None = None,
) -> tuple[ApiClient, str | None]:
    """A new client and, unless it signs with a key, its secret (shown once, kept only as a hash)."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown:
        raise ClientError(f"unknown scopes: {' '.join(unknown)}")
    client_id = client_id or f"tp-{secrets.token_hex(8)}"
    account = Account(issuer=CLIENT_ISSUER, subject=client_id, display_name=display_name)
    db.session.add(account)
    db.session.flush()
    secret = None if jwks else secrets.token_urlsafe(32)
    client = ApiClient(
        client_id=client_id,
        display_name=display_name,
        municipality=municipality,
        scopes=" ".join(sorted(set(scopes))),
        auth_method=PRIVATE_KEY_JWT if jwks else "client_secret_basic",
        secret_hash=generate_password_hash(secret) if secret else None,
        jwks=jwks,
        account_id=account.id,
    )
    db.session.add(client)
    db.session.flush()
    return client, secret


def get_client(client_id: str) -> ApiClient:
    client = db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == client_id))
    if client is None:
        raise ClientError(f"no client {client_id}")
    return client


def clients() -> list[ApiClient]:
    return list(db.session.scalars(sa.select(ApiClient).order_by(ApiClient.id)))


def _end_tokens(client: ApiClient, at: datetime) -> None:
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.client_pk == client.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=at)
        .execution_options(synchronize_session=False)
    )


def rotate(client_id: str) -> str:
    """A new secret; the old one and every token issued with it stop working at once."""
    client = get_client(client_id)
    if client.auth_method == PRIVATE_KEY_JWT:
        raise ClientError("the client signs with a key; give it a new JWK set instead")
    secret = secrets.token_urlsafe(32)
    client.secret_hash = generate_password_hash(secret)
    _end_tokens(client, utcnow())
    db.session.flush()
    return secret


def revoke(client_id: str) -> ApiClient:
    client = get_client(client_id)
    at = utcnow()
    client.revoked_at = client.revoked_at or at
    _end_tokens(client, at)
    db.session.flush()
    return client


# ---- idempotency -----------------------------------------------------------------------------------------------


def request_hash(endpoint: str, view_args: dict[str, Any], body: bytes) -> str:
    """A keyed hash (HMAC): a plain hash of a body that holds a CPR number could be reversed by trying every number."""
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), digestmod=hashlib.sha256)
    digest.update(json.dumps([endpoint, view_args], sort_keys=True, default=str).encode())
    digest.update(body)
    return digest.hexdigest()


def _kept_since() -> datetime:
    return utcnow() - timedelta(hours=current_app.config["API_IDEMPOTENCY_HOURS"])


@dataclass(frozen=True)
class Remembered:
    request_hash: str
    status: int
    body: Any


def remembered(client_pk: int, key: str) -> Remembered | None:
    """The answer a key got within the last day; an older key is forgotten, and its request is new again."""
    row = db.session.scalar(
        sa.select(ApiIdempotencyKey).where(
            ApiIdempotencyKey.client_pk == client_pk,
            ApiIdempotencyKey.key == key,
            ApiIdempotencyKey.created_at >= _kept_since(),
        )
    )
    if row is None:
        return None
    return Remembered(row.request_hash, row.status, json.loads(cpr.decrypt(row.body_sealed)))


def remember(client_pk: int, key: str, hashed: str, status: int, body: Any) -> None:
    # A key forgotten after a day may be used again: its old row gives way to the new answer.
    db.session.execute(
        sa.delete(ApiIdempotencyKey).where(
            ApiIdempotencyKey.client_pk == client_pk,
            ApiIdempotencyKey.key == key,
            ApiIdempotencyKey.created_at < _kept_since(),
        )
    )
    sealed = cpr.encrypt(json.dumps(body))
    db.session.add(
        ApiIdempotencyKey(client_pk=client_pk, key=key, request_hash=hashed, status=status, body_sealed=sealed)
    )
    db.session.flush()


def forget_old_keys() -> int:
    """Deletes the keys older than a day; how many it deleted."""
    return rows_changed(sa.delete(ApiIdempotencyKey).where(ApiIdempotencyKey.created_at < _kept_since()))


# ---- cursors ---------------------------------------------------------------------------------------------------

KINDS = ("application", "course", "plan", "session")


@dataclass(frozen=True)
class Position:
    changed_at: datetime
    kind: int
    id: int

    def encode(self) -> str:
        micros = int(self.changed_at.timestamp() * 1_000_000)
        return f"{micros}_{self.kind}_{self.id}"

    @classmethod
    def decode(cls, cursor: str) -> Position | None:
        try:
            micros, kind, row_id = (int(part) for part in cursor.split("_"))
            at = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)
        except (ValueError, OverflowError):
            return None
        if not 0 <= kind < len(KINDS) or row_id < 0:
            return None
        return cls(at, kind, row_id)


# ---- applications ----------------------------------------------------------------------------------------------


def application_page(
    status: str | None, changed_since: datetime | None, after: Position | None, limit: int
) -> tuple[list[Application], Position | None]:
    """One page in the order the rows last changed, then by id: one query, whatever the number of cases."""
    query = sa.select(Application).where(Application.status != ApplicationStatus.DRAFT)
    if status:
        query = query.where(Application.status == status)
    if changed_since:
        query = query.where(Application.changed_at >= changed_since)
    if after:
        query = query.where(sa.tuple_(Application.changed_at, Application.id) > sa.tuple_(after.changed_at, after.id))
    rows = list(db.session.scalars(query.order_by(Application.changed_at, Application.id).limit(limit + 1)))
    last = rows[limit - 1] if len(rows) > limit else None
    return rows[:limit], Position(last.changed_at, 0, last.id) if last else None


def get_application(application_id: int) -> Application | None:
    return db.session.scalar(
        sa.select(Application)
        .options(joinedload(Application.person))
        .where(Application.id == application_id, Application.status != ApplicationStatus.DRAFT)
    )


# ---- courses, sessions, plans, programs ------------------------------------------------------------------------


def get_course(course_id: int) -> Course | None:
    return db.session.scalar(
        sa.select(Course).options(joinedload(Course.plan), joinedload(Course.person)).where(Course.id == course_id)
    )


def get_plan(plan_id: int) -> RehabilitationPlan | None:
    return db.session.scalar(
        sa.select(RehabilitationPlan)
        .options(joinedload(RehabilitationPlan.person), joinedload(RehabilitationPlan.course))
        .where(RehabilitationPlan.id == plan_id)
    )


def get_program(program_id: int) -> Program | None:
    return db.session.scalar(
        sa.select(Program)
        .options(selectinload(Program.items).joinedload(ProgramItem.exercise))
        .where(Program.id == program_id)
    )


def end_note(course_id: int) -> EndNote | None:
    return db.session.scalar(sa.select(EndNote).where(EndNote.course_id == course_id, EndNote.issued_at.is_not(None)))


# ---- the change feed -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    kind: str
    id: int
    changed_at: datetime
    status: str
    position: Position


def changes(after: Position | None, limit: int, settled_before: datetime) -> list[ChangeRow]:
    """What changed after the cursor, oldest first, in one query over the four tables.

    Only changes older than `settled_before` are given: a transaction that changed a row a moment ago and has not
    yet committed cannot then be skipped by a cursor that moved past it.
    """
    plan_status = sa.case((RehabilitationPlan.free_choice_letter_at.is_(None), "registered"), else_="free_choice_sent")
    parts: list[tuple[int, Any, Any, Any]] = [
        (0, Application, Application.status, Application.status != ApplicationStatus.DRAFT),
        (1, Course, Course.status, sa.true()),
        (2, RehabilitationPlan, plan_status, sa.true()),
        (3, TrainingSession, TrainingSession.status, sa.true()),
    ]
    since = after.changed_at if after else None
    selects = []
    for kind, model, status, where in parts:
        select = sa.select(
            model.changed_at.label("changed_at"),
            sa.literal(kind).label("kind"),
            model.id.label("id"),
            sa.cast(status, sa.String).label("status"),
        ).where(where, model.changed_at < settled_before)
        if since is not None:
            select = select.where(model.changed_at >= since)
        selects.append(select)
    union = sa.union_all(*selects).subquery()
    query = sa.select(union.c.changed_at, union.c.kind, union.c.id, union.c.status)
    if after is not None:
        query = query.where(
            sa.or_(
                union.c.changed_at > after.changed_at,
                sa.and_(
                    union.c.changed_at == after.changed_at,
                    sa.or_(union.c.kind > after.kind, sa.and_(union.c.kind == after.kind, union.c.id > after.id)),
                ),
            )
        )
    rows = db.session.execute(query.order_by(union.c.changed_at, union.c.kind, union.c.id).limit(limit)).all()
    found = []
    for changed_at, kind, row_id, status in rows:
        # SQLite gives the union's datetimes back as text; the column type is lost through the subquery.
        at = changed_at if isinstance(changed_at, datetime) else datetime.fromisoformat(str(changed_at))
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        found.append(ChangeRow(KINDS[kind], row_id, at, status, Position(at, kind, row_id)))
    return found
