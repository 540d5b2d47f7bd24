"""Fixtures for the quality standard's pages: the app for any municipality, and every page it has."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from devtools.idp import LocalIdP
from portal.extensions import db
from portal.municipalities import available
from portal.standard.check import RESULTS
from portal.standard.forms import QUESTION_FORMS
from tests.conftest import TestDatabase, build_app

MUNICIPALITIES = available()
PAGES_WITHOUT_ARGUMENTS = (
    "standard.about",
    "standard.check_start",
    "standard.offers",
    "standard.service_goals",
    "standard.absence",
    "standard.complaints",
    "standard.centres",
)


def standard_pages(app: Flask) -> list[tuple[str, dict[str, str]]]:
    """Every page of the standard for the app's municipality: one per offer, question and result too."""
    pages: list[tuple[str, dict[str, str]]] = [(endpoint, {}) for endpoint in PAGES_WITHOUT_ARGUMENTS]
    pages += [("standard.check_question", {"question": slug}) for slug in QUESTION_FORMS]
    pages += [("standard.check_result", {"result": result}) for result in RESULTS]
    pages += [("standard.offer", {"offer_id": offer.id}) for offer in app.config["PROFILE"].offers]
    return pages


@pytest.fixture
def make_app(test_database: TestDatabase, idp: LocalIdP) -> Iterator[Callable[[str], Flask]]:
    """Builds the portal for a municipality, on the same test database as the `app` fixture."""
    made: list[Flask] = []

    def make(municipality: str) -> Flask:
        app = build_app(test_database, idp, MUNICIPALITY=municipality)
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    test_database.empty_tables()


@pytest.fixture(params=MUNICIPALITIES)
def municipal_app(request: pytest.FixtureRequest, make_app: Callable[[str], Flask]) -> Flask:
    return make_app(request.param)


def client_for(app: Flask, language: str = "da") -> FlaskClient:
    client = app.test_client()
    client.set_cookie("portal_lang", language, domain="portal.test")
    return client


class QueryCounter:
    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.engine
        self.statements: list[str] = []

    def record(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def __enter__(self) -> QueryCounter:
        sa.event.listen(self.engine, "before_cursor_execute", self.record)
        return self

    def __exit__(self, *exc: object) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self.record)
