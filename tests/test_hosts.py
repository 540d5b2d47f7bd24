"""The Host header and the proxy headers cannot shape the addresses the portal sends to the login provider."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import create_app
from portal.extensions import db

Factory = Callable[..., Flask]


@pytest.fixture
def portal_from_environment(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[Factory]:
    """A portal configured from the environment as in production: no SERVER_NAME pins the host."""
    made: list[Flask] = []

    def make(**environment: str) -> Flask:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        portal = create_app(
            {key: app.config[key] for key in ("SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "OIDC_LOGINS")}
        )
        made.append(portal)
        return portal

    yield make
    for portal in made:
        with portal.app_context():
            db.engine.dispose()


def redirect_uri(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return parse_qs(urlsplit(response.headers["Location"]).query)["redirect_uri"][0]


def test_a_forged_host_is_refused_before_it_reaches_the_login(portal_from_environment: Factory) -> None:
    portal = portal_from_environment(TRUSTED_HOSTS="traening.kommune.example")
    client = portal.test_client()
    forged = client.get("/log-ind/mitid", base_url="http://evil.example")
    assert forged.status_code == 400
    assert "Location" not in forged.headers
    assert "Der var en fejl i det, der blev sendt" in forged.get_data(as_text=True)
    honest = client.get("/log-ind/mitid", base_url="http://traening.kommune.example")
    assert redirect_uri(honest) == "http://traening.kommune.example/log-ind/mitid/svar"


def test_trusted_hosts_may_name_several_hosts(portal_from_environment: Factory) -> None:
    portal = portal_from_environment(TRUSTED_HOSTS="traening.kommune.example, .intern.example")
    client = portal.test_client()
    assert client.get("/", base_url="http://traening.kommune.example").status_code == 200
    assert client.get("/", base_url="http://portal.intern.example").status_code == 200
    assert client.get("/", base_url="http://kommune.example").status_code == 400


def test_without_proxy_hops_no_forwarded_header_is_believed(portal_from_environment: Factory) -> None:
    portal = portal_from_environment()
    assert portal.wsgi_app.__class__ is not ProxyFix
    response = portal.test_client().get(
        "/log-ind/mitid",
        base_url="http://traening.kommune.example",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
    )
    assert redirect_uri(response) == "http://traening.kommune.example/log-ind/mitid/svar"


def test_behind_a_proxy_the_forwarded_scheme_is_believed_but_not_a_forwarded_host(
    portal_from_environment: Factory,
) -> None:
    portal = portal_from_environment(PROXY_HOPS="1", TRUSTED_HOSTS="traening.kommune.example")
    assert isinstance(portal.wsgi_app, ProxyFix)
    assert (portal.wsgi_app.x_for, portal.wsgi_app.x_proto, portal.wsgi_app.x_host) == (1, 1, 0)
    response = portal.test_client().get(
        "/log-ind/mitid",
        base_url="http://traening.kommune.example",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example"},
    )
    assert redirect_uri(response) == "https://traening.kommune.example/log-ind/mitid/svar"
