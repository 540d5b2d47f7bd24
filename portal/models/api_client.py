from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, TimestampMixin, UTCDateTime, utcnow
from portal.models.account import Account


class ApiClient(TimestampMixin, Base):
    """A municipal system (a care record system, an integration platform) that calls the case-system API.

    It has an account of its own, so what it does is written where a person's actions are (decided by, booked by,
    the access log), under its display name: the citizen reads "Norddjurs Kommunes omsorgssystem". The secret is
    kept only as a hash; a client that signs with a key (RFC 7523) has its public keys (a JWK set) instead.
    """

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    # The municipality profile the client belongs to; a client of another municipality finds nothing here.
    municipality: Mapped[str] = mapped_column(sa.String(40))
    # Space-separated OAuth scopes, e.g. "applications:read decisions:write".
    scopes: Mapped[str] = mapped_column(sa.String(500))
    # "client_secret_basic", "client_secret_post" or "private_key_jwt".
    auth_method: Mapped[str] = mapped_column(sa.String(40))
    secret_hash: Mapped[str | None] = mapped_column(sa.String(200))
    jwks: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id"), unique=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    account: Mapped[Account] = relationship()

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class ApiToken(Base):
    """A short-lived bearer token; only its SHA-256 is kept, so a copy of the database holds no usable token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_pk: Mapped[int] = mapped_column(sa.ForeignKey("api_clients.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    scope: Mapped[str] = mapped_column(sa.String(500))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    client: Mapped[ApiClient] = relationship()


class ApiAssertion(Base):
    """The `jti` of each signed client assertion (RFC 7523) seen, so one cannot be replayed while it is valid."""

    __tablename__ = "api_assertions"
    __table_args__ = (sa.UniqueConstraint("client_pk", "jti"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_pk: Mapped[int] = mapped_column(sa.ForeignKey("api_clients.id", ondelete="CASCADE"))
    jti: Mapped[str] = mapped_column(sa.String(200))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiIdempotencyKey(Base):
    """A POST's Idempotency-Key with the answer it got: the same key again gets the same answer, changing nothing."""

    __tablename__ = "api_idempotency_keys"
    __table_args__ = (sa.UniqueConstraint("client_pk", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client_pk: Mapped[int] = mapped_column(sa.ForeignKey("api_clients.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(200))
    # The endpoint and a hash of the body: the same key with another request is refused (422), not answered.
    request_hash: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[int]
    # The answer, encrypted: it may hold a citizen's CPR number, which is never kept in plain text.
    body_sealed: Mapped[str] = mapped_column(sa.Text)
    # Keys are answered for a day (API_IDEMPOTENCY_HOURS) and then forgotten (`flask api-clients forget-keys`).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
