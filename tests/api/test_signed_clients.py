"""Private-key JWT client authentication (RFC 7523): the production option, since municipalities sign with keys."""

from __future__ import annotations

import time
import uuid
from typing import Any

from flask import Flask, url_for
from flask.testing import FlaskClient
from joserfc import jwt
from joserfc.jwk import RSAKey

from portal.api import services
from portal.extensions import db

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def _signed_client(app: Flask) -> tuple[str, RSAKey]:
    key = RSAKey.generate_key(2048)
    row, secret = services.create_client(
        "Norddjurs Kommunes omsorgssystem",
        "norddjurs",
        ["applications:read"],
        jwks={"keys": [key.as_dict(private=False)]},
    )
    db.session.commit()
    assert secret is None
    return row.client_id, key


def _assertion(client_id: str, key: RSAKey, **claims: Any) -> str:
    # The assertion's own expiry is checked against the real time, as the JWT library reads it.
    now = int(time.time())
    body = {
        "iss": client_id,
        "sub": client_id,
        "aud": url_for("api.token", _external=True),
        "iat": now,
        "exp": now + 60,
        "jti": str(uuid.uuid4()),
        **claims,
    }
    return jwt.encode({"alg": "RS256"}, body, key)


def _ask(client: FlaskClient, assertion: str) -> Any:
    return client.post(
        "/api/v1/token",
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": assertion,
        },
    )


def test_a_client_signing_with_its_key_gets_a_token(app: Flask, client: FlaskClient) -> None:
    client_id, key = _signed_client(app)
    response = _ask(client, _assertion(client_id, key))
    assert response.status_code == 200, response.get_data(as_text=True)
    token = response.get_json()["access_token"]
    assert client.get("/api/v1/applications", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_an_assertion_is_not_taken_twice(app: Flask, client: FlaskClient) -> None:
    client_id, key = _signed_client(app)
    assertion = _assertion(client_id, key)
    assert _ask(client, assertion).status_code == 200
    again = _ask(client, assertion)
    # RFC 6749 § 5.2: invalid_client, with 400 where the client sent no Authorization header.
    assert again.status_code == 400 and again.get_json()["error"] == "invalid_client"


def test_an_assertion_signed_with_another_key_is_refused(app: Flask, client: FlaskClient) -> None:
    client_id, _ = _signed_client(app)
    refused = _ask(client, _assertion(client_id, RSAKey.generate_key(2048)))
    assert refused.status_code == 400 and refused.get_json()["error"] == "invalid_client"


def test_a_signing_client_cannot_use_a_secret(app: Flask, client: FlaskClient) -> None:
    client_id, _ = _signed_client(app)
    response = client.post("/api/v1/token", data={"grant_type": "client_credentials"}, auth=(client_id, "anything"))
    assert response.status_code == 401
