"""OAuth 2.0 client credentials (RFC 6749 § 4.4) with Authlib's own server classes.

The token endpoint hands out short-lived bearer tokens; only their SHA-256 is stored. A client authenticates with
its secret (kept as a hash, checked in constant time) or, in production, with a JWT signed by its private key
(RFC 7523 `private_key_jwt`), since municipal integrations sign with certificates.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any, cast

import sqlalchemy as sa
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector
from authlib.oauth2.rfc6749 import ClientMixin, TokenMixin, grants
from authlib.oauth2.rfc6750 import BearerTokenValidator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from flask import Flask, current_app, url_for
from joserfc.jwk import KeySet
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash

from portal.database import utcnow
from portal.extensions import db
from portal.models import ApiAssertion, ApiClient, ApiToken

SCOPES = (
    "applications:read",
    "decisions:write",
    "sessions:write",
    "cancellations:read",
    "plans:write",
    "programs:read",
)
SECRET_METHODS = ("client_secret_basic", "client_secret_post")
PRIVATE_KEY_JWT = "private_key_jwt"
TOKEN_LIFETIME = timedelta(minutes=10)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Client(ClientMixin):
    """Authlib's view of an `ApiClient` row."""

    def __init__(self, row: ApiClient) -> None:
        self.row = row

    def get_client_id(self) -> str:
        return self.row.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        allowed = self.row.scope_set
        if not scope:
            return " ".join(sorted(allowed))
        return " ".join(sorted(s for s in scope.split() if s in allowed))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return self.row.secret_hash is not None and check_password_hash(self.row.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if endpoint != "token":
            return False
        if self.row.auth_method == PRIVATE_KEY_JWT:
            return method == PRIVATE_KEY_JWT
        return method in SECRET_METHODS

    def check_response_type(self, response_type: str) -> bool:
        return False

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "client_credentials"


class Token(TokenMixin):
    def __init__(self, row: ApiToken) -> None:
        self.row = row

    def check_client(self, client: Client) -> bool:
        return client.row.id == self.row.client_pk

    def get_scope(self) -> str:
        return self.row.scope

    def get_expires_in(self) -> int:
        return int((self.row.expires_at - self.row.issued_at).total_seconds())

    def is_expired(self) -> bool:
        return self.row.expires_at <= utcnow()

    def is_revoked(self) -> bool:
        return self.row.revoked_at is not None or self.row.client.revoked_at is not None


class ClientCredentials(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = [*SECRET_METHODS, PRIVATE_KEY_JWT]  # noqa: RUF012 (Authlib's class attribute)


class SignedAssertion(JWTBearerClientAssertion):
    """`private_key_jwt`: the client signs a short JWT with its key; the portal checks it with the client's JWK set
    and refuses a `jti` it has seen."""

    CLIENT_AUTH_METHOD = PRIVATE_KEY_JWT

    def get_audiences(self) -> list[str]:
        return [url_for("api.token", _external=True)]

    def validate_jti(self, claims: Any, jti: str) -> bool:
        client = find_client(str(claims["sub"]))
        if client is None:
            return False
        try:
            with db.session.begin_nested():
                db.session.add(ApiAssertion(client_pk=client.id, jti=jti[:200]))
                db.session.flush()
        except IntegrityError:
            return False
        return True

    def resolve_client_public_key(self, client: Client) -> KeySet:
        return KeySet.import_key_set(cast(Any, client.row.jwks or {"keys": []}))


def find_client(client_id: str) -> ApiClient | None:
    return db.session.scalar(
        sa.select(ApiClient).where(ApiClient.client_id == client_id, ApiClient.revoked_at.is_(None))
    )


def _query_client(client_id: str) -> Client | None:
    row = find_client(client_id)
    return Client(row) if row is not None else None


def _save_token(token: dict[str, Any], request: Any) -> None:
    client: Client = request.client
    now = utcnow()
    db.session.add(
        ApiToken(
            client_pk=client.row.id,
            token_hash=token_hash(token["access_token"]),
            scope=token.get("scope", ""),
            issued_at=now,
            expires_at=now + timedelta(seconds=int(token["expires_in"])),
        )
    )
    db.session.flush()


class HashedBearerTokens(BearerTokenValidator):
    def authenticate_token(self, token_string: str) -> Token | None:
        row = db.session.scalar(
            sa.select(ApiToken)
            .options(sa.orm.joinedload(ApiToken.client).joinedload(ApiClient.account))
            .where(ApiToken.token_hash == token_hash(token_string))
        )
        return Token(row) if row is not None else None


def _new_token(*args: Any, **kwargs: Any) -> str:
    return secrets.token_urlsafe(32)


protector = ResourceProtector()
protector.register_token_validator(HashedBearerTokens())


def init_app(app: Flask) -> None:
    app.config.setdefault("OAUTH2_TOKEN_EXPIRES_IN", {"client_credentials": int(TOKEN_LIFETIME.total_seconds())})
    app.config.setdefault("OAUTH2_ACCESS_TOKEN_GENERATOR", _new_token)
    # One server per app: the grants and client auth methods are registered on it, once.
    server = AuthorizationServer(app, query_client=_query_client, save_token=_save_token)
    server.register_grant(ClientCredentials)
    server.register_client_auth_method(PRIVATE_KEY_JWT, SignedAssertion(leeway=30))
    app.extensions["api_oauth"] = server


def authorization_server() -> AuthorizationServer:
    return current_app.extensions["api_oauth"]
