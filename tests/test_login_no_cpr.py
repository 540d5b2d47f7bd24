"""No CPR number in any address the browser is sent to, nor in the stored session, for every persona.

Addresses land in browser history and proxy logs; the session store is data at rest. Each address is taken
apart (every query parameter, and every base64 or JWT part of it decoded) before it is searched.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import requests
import sqlalchemy as sa
from flask import Flask

from devtools.personas import PERSONAS
from portal import create_app
from portal.extensions import db
from portal.models import WebSession
from tests.oidc_flow import ENTRY_BY_KIND, PERSONA_KEYS, persona

STORES = ["database"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])
# Every persona's CPR number, as digits and with the dash: no login may leak another's either.
CPR_FORMS = {form for p in PERSONAS if p.cpr for form in (p.cpr, f"{p.cpr[:6]}-{p.cpr[6:]}")}


def readings(text: str, depth: int = 3) -> Iterator[str]:
    """The text and what it says once decoded: URL escapes, query parameters, base64 and JWT parts."""
    yield text
    if depth == 0:
        return
    unquoted = unquote(text)
    if unquoted != text:
        yield from readings(unquoted, depth - 1)
    parts = urlsplit(text)
    if parts.query:
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            yield name
            yield from readings(value, depth - 1)
    for piece in text.split("."):
        decoded = _base64(piece)
        if decoded:
            yield from readings(decoded, depth - 1)


def _base64(piece: str) -> str | None:
    if len(piece) < 8:
        return None
    for decode in (base64.urlsafe_b64decode, base64.b64decode):
        try:
            return decode(piece + "=" * (-len(piece) % 4)).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            continue
    return None


def cpr_found_in(text: str) -> set[str]:
    return {form for reading in readings(text) for form in CPR_FORMS if form in reading}


def test_the_search_finds_a_cpr_number_hidden_in_a_jwt_in_a_query_parameter() -> None:
    # The search itself must be able to fail: an ID token in a logout address is what it is there to catch.
    payload = base64.urlsafe_b64encode(json.dumps({"cpr": "150344-1236"}).encode()).decode().rstrip("=")
    url = f"https://idp.example/logout?id_token_hint=eyJhbGciOiJSUzI1NiJ9.{payload}.c2lnbmF0dXJl&client_id=x"
    assert cpr_found_in(url) == {"150344-1236"}
    assert cpr_found_in("https://idp.example/logout?x=" + base64.b64encode(b"1503441236").decode()) == {"1503441236"}


@pytest.fixture(params=STORES)
def portal(request: pytest.FixtureRequest, app: Flask) -> Iterator[Flask]:
    """The portal with its sessions in the database, and in Redis when the suite has one."""
    if request.param == "database":
        yield app
        return
    prefix = f"test:{uuid.uuid4().hex}:"
    keys = ("SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "OIDC_LOGINS", "SERVER_NAME", "WTF_CSRF_ENABLED")
    redis_app = create_app(
        {
            **{key: app.config[key] for key in keys},
            "REDIS_URL": os.environ["TEST_REDIS_URL"],
            "REDIS_SESSION_PREFIX": prefix,
        }
    )
    redis_app.test_client_class = app.test_client_class
    yield redis_app
    store = redis_app.extensions["session_store"]
    for key in store.redis.scan_iter(f"{prefix}*"):
        store.redis.delete(key)
    with redis_app.app_context():
        db.engine.dispose()


def stored_sessions(portal: Flask) -> list[str]:
    """Every session record as it lies in the store."""
    store = portal.extensions["session_store"]
    if hasattr(store, "redis"):
        return [
            store.redis.get(key).decode() for key in store.redis.scan_iter(f"{store.prefix}*") if b"account:" not in key
        ]
    return [str(text) for text in db.session.scalars(sa.select(sa.cast(WebSession.data, sa.Text)))]


@pytest.mark.parametrize("key", list(PERSONA_KEYS))
def test_no_cpr_number_in_any_redirect_or_stored_session(portal: Flask, key: str) -> None:
    chosen = persona(key)
    browser = portal.test_client()
    addresses = []
    stored = []

    start = browser.get(f"/log-ind/{ENTRY_BY_KIND[chosen.kind]}")
    addresses.append(start.headers["Location"])
    stored += stored_sessions(portal)
    answer = requests.post(start.headers["Location"], data={"sub": chosen.sub}, allow_redirects=False, timeout=10)
    addresses.append(answer.headers["Location"])
    callback = urlsplit(answer.headers["Location"])
    back = browser.get(f"{callback.path}?{callback.query}")
    stored += stored_sessions(portal)
    if back.status_code == 303:
        addresses.append(back.headers["Location"])
        landing = browser.get(back.headers["Location"])
        assert landing.status_code == 200
        stored += stored_sessions(portal)
        logout = browser.post("/log-ud")
        assert logout.status_code == 303
        addresses.append(logout.headers["Location"])
        assert "client_id=" in logout.headers["Location"]
    else:
        assert key in ("low", "staff_low"), back.get_data(as_text=True)[:500]

    assert len(addresses) >= 2
    assert stored
    leaks = [f"address {n}" for n, address in enumerate(addresses, 1) if cpr_found_in(address)] + [
        f"session record {n}" for n, record in enumerate(stored, 1) if cpr_found_in(record)
    ]
    assert leaks == []
