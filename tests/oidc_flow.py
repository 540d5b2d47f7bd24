"""Drives a login the way a browser would: portal -> provider -> portal, over real HTTP to the provider."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import requests
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from devtools.personas import PERSONAS, Persona

PERSONA_KEYS = {
    "citizen": "Karen Testesen",
    "citizen_140": "Bent Prøvesen",
    "citizen_140_late": "Inge Ventesen",
    "relative": "Mette Testesen",
    "low": "Ole Lavesen",
    "gp": "Lise Lægesen",
    "visitator": "Vibeke Visitator",
    "therapist": "Torben Terapeut",
    "staff_low": "Kim Kodeord",
    "helper": "Hanne Hjemmehjælper",
}
ENTRY_BY_KIND = {"citizen": "mitid", "gp": "laege", "staff": "medarbejder"}


def persona(key: str) -> Persona:
    return next(p for p in PERSONAS if p.name == PERSONA_KEYS[key])


@dataclass
class Authorization:
    """The provider's answer to the browser: where it sends it back, with code and state."""

    callback_path: str
    code: str
    state: str


def start(client: FlaskClient, entry: str, next_page: str | None = None) -> str:
    response = client.get(f"/log-ind/{entry}", query_string={"next": next_page} if next_page else None)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


def authorize(authorize_url: str, sub: str) -> Authorization:
    answer = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    location = urlsplit(answer.headers["Location"])
    query = parse_qs(location.query)
    return Authorization(location.path, query["code"][0], query["state"][0])


def come_back(client: FlaskClient, authorization: Authorization, **overrides: str) -> TestResponse:
    query = {"code": authorization.code, "state": authorization.state, **overrides}
    return client.get(authorization.callback_path, query_string=query)


def log_in(client: FlaskClient, persona_key: str, next_page: str | None = None) -> TestResponse:
    chosen = persona(persona_key)
    authorization = authorize(start(client, ENTRY_BY_KIND[chosen.kind], next_page), chosen.sub)
    response = come_back(client, authorization)
    assert response.status_code == 303, response.get_data(as_text=True)[:1000]
    return response
