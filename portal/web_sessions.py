"""Server-side sessions: the cookie holds only a random id; the data lives in the database or in Redis.

Logout deletes the row, so an old cookie stops working in every process. Idle and absolute timeouts are
checked when a session is opened; a session that timed out is deleted and the request is told why, so the
user can be shown a "you were logged out" page that keeps their place.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

import sqlalchemy as sa
from flask import Flask, Request, Response, g, has_request_context, session
from flask.sessions import SessionInterface, SessionMixin
from sqlalchemy.dialects import postgresql, sqlite
from werkzeug.datastructures import CallbackDict

from portal.database import Base, utcnow
from portal.models.web_session import WebSession

# How often a busy session's last activity is written; the idle timeout is this much less exact.
TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass
class SessionRecord:
    data: dict[str, Any]
    created_at: datetime
    last_seen_at: datetime


class SessionStore(Protocol):
    def load(self, key: str) -> SessionRecord | None: ...
    def save(self, key: str, record: SessionRecord, account_id: int | None) -> None: ...
    def delete(self, key: str) -> None: ...
    def delete_for_account(self, account_id: int) -> None: ...


class DatabaseStore:
    """Sessions in the portal's database. Inside a request they are read, and written at the request edge, through
    the request's own connection and transaction (one checkout, one commit); elsewhere through their own."""

    def __init__(self, engine_getter: Any) -> None:
        self._engine = engine_getter
        self.table: sa.Table = Base.metadata.tables[WebSession.__tablename__]

        # Read on every page: built once, with the key bound at execution.
        self.read = sa.select(self.table.c.data, self.table.c.created_at, self.table.c.last_seen_at).where(
            self.table.c.id == sa.bindparam("key", type_=sa.String)
        )

    def _execute(
        self, statement: sa.Executable, write: bool = True, values: dict[str, Any] | None = None
    ) -> sa.CursorResult[Any]:
        if has_request_context() and (not write or g.get("web_session_in_transaction")):
            from portal.extensions import db

            return db.session.execute(statement, values)  # type: ignore[return-value]
        if not write:
            with self._engine().connect() as connection:
                return connection.execute(statement, values)
        with self._engine().begin() as connection:
            return connection.execute(statement, values)

    def load(self, key: str) -> SessionRecord | None:
        row = self._execute(self.read, write=False, values={"key": key}).first()
        return SessionRecord(row.data, row.created_at, row.last_seen_at) if row else None

    def save(self, key: str, record: SessionRecord, account_id: int | None) -> None:
        values = {
            "id": key,
            "account_id": account_id,
            "data": record.data,
            "created_at": record.created_at,
            "last_seen_at": record.last_seen_at,
        }
        changed = {"account_id": account_id, "data": record.data, "last_seen_at": record.last_seen_at}
        statement: sa.Executable
        if self._engine().dialect.name == "postgresql":
            statement = (
                postgresql.insert(self.table)
                .values(**values)
                .on_conflict_do_update(index_elements=[self.table.c.id], set_=changed)
            )
        else:
            statement = (
                sqlite.insert(self.table)
                .values(**values)
                .on_conflict_do_update(index_elements=[self.table.c.id], set_=changed)
            )
        self._execute(statement)

    def delete(self, key: str) -> None:
        self._execute(sa.delete(self.table).where(self.table.c.id == key))

    def delete_for_account(self, account_id: int) -> None:
        self._execute(sa.delete(self.table).where(self.table.c.account_id == account_id))

    def purge(self, idle_before: datetime, created_before: datetime) -> int:
        with self._engine().begin() as connection:
            result = connection.execute(
                sa.delete(self.table).where(
                    sa.or_(self.table.c.last_seen_at < idle_before, self.table.c.created_at < created_before)
                )
            )
        return result.rowcount


class RedisStore:
    """Keys expire with the absolute timeout, so Redis forgets old sessions by itself."""

    def __init__(self, url: str, ttl: timedelta, prefix: str = "portal:session:") -> None:
        import redis

        self.redis = redis.Redis.from_url(url)
        self.ttl = ttl
        self.prefix = prefix

    def _account_key(self, account_id: int) -> str:
        return f"{self.prefix}account:{account_id}"

    def load(self, key: str) -> SessionRecord | None:
        raw = self.redis.get(self.prefix + key)
        if raw is None:
            return None
        stored = json.loads(raw)
        return SessionRecord(
            stored["data"],
            datetime.fromisoformat(stored["created_at"]),
            datetime.fromisoformat(stored["last_seen_at"]),
        )

    def save(self, key: str, record: SessionRecord, account_id: int | None) -> None:
        payload = json.dumps(
            {
                "data": record.data,
                "created_at": record.created_at.isoformat(),
                "last_seen_at": record.last_seen_at.isoformat(),
            }
        )
        pipe = self.redis.pipeline()
        pipe.set(self.prefix + key, payload, ex=self.ttl)
        if account_id is not None:
            pipe.sadd(self._account_key(account_id), key)
            pipe.expire(self._account_key(account_id), self.ttl)
        pipe.execute()

    def delete(self, key: str) -> None:
        self.redis.delete(self.prefix + key)

    def delete_for_account(self, account_id: int) -> None:
        keys = self.redis.smembers(self._account_key(account_id))
        if keys:
            self.redis.delete(*[self.prefix + (k.decode() if isinstance(k, bytes) else k) for k in keys])
        self.redis.delete(self._account_key(account_id))


class ServerSession(CallbackDict, SessionMixin):
    def __init__(self, data: dict[str, Any] | None = None, sid: str | None = None) -> None:
        def on_update(_: Any) -> None:
            self.modified = True

        super().__init__(data or {}, on_update)
        self.sid = sid
        self.modified = False
        self.created_at: datetime | None = None
        self.last_seen_at: datetime | None = None
        # Set when the previous session of this browser ended by time: "idle" or "absolute".
        self.timed_out: str | None = None
        self._rotate = False
        # Written at the request edge, inside the request's transaction; Flask's own save after it is then skipped.
        self.saved_at_edge = False

    @property
    def activity_at(self) -> datetime:
        """The last activity that counts for the idle timeout, as it will be stored after this request."""
        now = utcnow()
        if self.last_seen_at is None or now - self.last_seen_at >= TOUCH_INTERVAL or self.modified:
            return now
        return self.last_seen_at

    def regenerate(self) -> None:
        """A new id for the same data, at login, so an id planted before login is worth nothing after it."""
        self._rotate = True
        self.modified = True


def key_for(sid: str) -> str:
    return hashlib.sha256(sid.encode()).hexdigest()


class ServerSessionInterface(SessionInterface):
    def __init__(self, store: SessionStore) -> None:
        self.store = store

    def timeouts(self, app: Flask) -> tuple[timedelta, timedelta]:
        return (
            timedelta(minutes=app.config["SESSION_IDLE_MINUTES"]),
            timedelta(minutes=app.config["SESSION_ABSOLUTE_MINUTES"]),
        )

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        sid = request.cookies.get(self.get_cookie_name(app))
        if not sid or _is_static(app, request):
            # Static files need no session: no read, no write, no sliding of the idle timeout.
            return ServerSession()
        record = self.store.load(key_for(sid))
        if record is None:
            return ServerSession()
        idle, absolute = self.timeouts(app)
        now = utcnow()
        reason = (
            "absolute" if now - record.created_at > absolute else "idle" if now - record.last_seen_at > idle else None
        )
        if reason:
            self.store.delete(key_for(sid))
            session = ServerSession()
            if "identity" in record.data:
                session.timed_out = reason
            return session
        session = ServerSession(record.data, sid)
        session.created_at, session.last_seen_at = record.created_at, record.last_seen_at
        return session

    def save_session(self, app: Flask, session: ServerSession, response: Response) -> None:  # type: ignore[override]
        if session.saved_at_edge and not session.modified:
            return
        name = self.get_cookie_name(app)
        domain, path = self.get_cookie_domain(app), self.get_cookie_path(app)
        if session._rotate and session.sid:
            self.store.delete(key_for(session.sid))
            session.sid = None
        if not session:
            if session.sid:
                self.store.delete(key_for(session.sid))
            if session.sid or session.modified:
                response.delete_cookie(name, domain=domain, path=path)
            return
        now = utcnow()
        is_new = session.sid is None
        stale = session.last_seen_at is None or now - session.last_seen_at >= TOUCH_INTERVAL
        if not (is_new or session.modified or stale):
            return
        if session.sid is None:
            session.sid = secrets.token_urlsafe(32)
            session.created_at = now
        sid = session.sid
        identity = session.get("identity") or {}
        record = SessionRecord(dict(session), session.created_at or now, now)
        self.store.save(key_for(sid), record, identity.get("account_id"))
        if is_new:
            response.set_cookie(
                name,
                sid,
                domain=domain,
                path=path,
                httponly=self.get_cookie_httponly(app),
                secure=self.get_cookie_secure(app),
                samesite=self.get_cookie_samesite(app),
            )


def _is_static(app: Flask, request: Request) -> bool:
    return app.static_url_path is not None and request.path.startswith(app.static_url_path + "/")


def save_at_edge(app: Flask, session: SessionMixin, response: Response) -> None:
    """Write the session before the request commits, through the request's transaction (the database store), so a
    page is one transaction. Called by the request edge for a response that succeeded; anything that changes the
    session later is still written by Flask's own save."""
    if not isinstance(session, ServerSession) or not isinstance(app.session_interface, ServerSessionInterface):
        return
    g.web_session_in_transaction = True
    try:
        app.session_interface.save_session(app, session, response)
    finally:
        g.web_session_in_transaction = False
    session.saved_at_edge = True
    session.modified = False
    session._rotate = False


def current() -> ServerSession:
    """The request's session as `PortalSessionInterface` made it, typed as what it is (Flask types it as any)."""
    return cast(ServerSession, session)


def init_app(app: Flask) -> None:
    if app.config.get("REDIS_URL"):
        ttl = timedelta(minutes=app.config["SESSION_ABSOLUTE_MINUTES"])
        store: SessionStore = RedisStore(
            app.config["REDIS_URL"], ttl, app.config.get("REDIS_SESSION_PREFIX", "portal:session:")
        )
    else:
        from portal.extensions import db

        store = DatabaseStore(lambda: db.engine)
    app.session_interface = ServerSessionInterface(store)
    app.extensions["session_store"] = store
