from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from portal import create_app

# The probes' addresses stay literal: the platform's health checks call them by address (see the README).


def test_healthz_answers_while_the_process_runs(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_readyz_answers_ok_when_the_database_answers(client: FlaskClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_readyz_answers_503_when_the_database_is_unreachable(app: Flask, tmp_path) -> None:
    # A SQLite path in a folder that does not exist cannot be opened.
    broken = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite"})
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}
