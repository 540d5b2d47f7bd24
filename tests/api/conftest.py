from __future__ import annotations

import base64
import itertools
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.api import services
from portal.api.oauth import SCOPES
from portal.extensions import db

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=clock.COPENHAGEN)
_keys = itertools.count(1)


@pytest.fixture(autouse=True)
def monday() -> Iterator[None]:
    # The suite's clock comes back after the test, not the machine's: later tests read their dates from it.
    with clock.clock_set_to(MONDAY):
        yield


@pytest.fixture(autouse=True)
def settled_at_once(app: Flask) -> None:
    app.config["API_FEED_SETTLE_SECONDS"] = 0


def token_for(client: FlaskClient, client_id: str, secret: str, scope: str | None = None) -> str:
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = client.post("/api/v1/token", data=data, headers={"Authorization": f"Basic {basic}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["access_token"]


class Api:
    """The case system's side: a bearer token, JSON bodies and an Idempotency-Key on every POST.

    Its paths stay literal (under /api/v1), not by endpoint: the published addresses are the contract under test."""

    def __init__(self, client: FlaskClient, token: str) -> None:
        self.client = client
        self.token = token

    def get(self, path: str, expected: int = 200, **query: Any) -> Any:
        response = self.client.get(f"/api/v1{path}", query_string=query, headers=self._headers())
        assert response.status_code == expected, response.get_data(as_text=True)
        return response.get_json()

    def post(self, path: str, body: dict[str, Any] | None = None, expected: int = 200, key: str | None = None) -> Any:
        headers = {**self._headers(), "Idempotency-Key": key or f"key-{next(_keys)}"}
        response = self.client.post(f"/api/v1{path}", json=body or {}, headers=headers)
        assert response.status_code == expected, response.get_data(as_text=True)
        return response.get_json()

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def make_api(app: Flask) -> Callable[..., Api]:
    def make(scopes: tuple[str, ...] = SCOPES, name: str = "Norddjurs Kommunes omsorgssystem", **kw: Any) -> Api:
        row, secret = services.create_client(name, kw.get("municipality", app.config["MUNICIPALITY"]), list(scopes))
        db.session.commit()
        client = app.test_client()
        assert secret is not None
        return Api(client, token_for(client, row.client_id, secret))

    return make


@pytest.fixture
def api(make_api: Callable[..., Api]) -> Api:
    return make_api()


def book(api: Api, course_id: int, *days: int) -> list[dict[str, Any]]:
    """Sessions of an hour at 10.00 at Auning on the given days after MONDAY, booked through the API."""
    starts = [(MONDAY + timedelta(days=day, hours=1)).isoformat() for day in days]
    body = {"starts": starts, "minutes": 60, "kind": "individual", "centre_id": "auning"}
    return api.post(f"/courses/{course_id}/sessions", body, expected=201)["items"]
