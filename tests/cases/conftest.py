"""Case tests run against a chosen municipality's profile: an app made the way `create_app` makes it in production,
with PORTAL_MUNICIPALITY's setting, so the deadlines and offers are the ones that municipality ships."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from devtools.idp import LocalIdP, oidc_logins
from portal import create_app
from portal.extensions import db
from tests.conftest import IsolatedClient, TestDatabase


@pytest.fixture
def municipality() -> str:
    # Næstved: a decision within 10 weekdays of the application, and a complaint deadline of 4 weeks.
    return "naestved"


@pytest.fixture
def app(test_database: TestDatabase, idp: LocalIdP, municipality: str) -> Iterator[Flask]:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": test_database.url,
            "SQLALCHEMY_ENGINE_OPTIONS": test_database.engine_options,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "portal.test",
            "OIDC_LOGINS": oidc_logins(idp.url),
            "MUNICIPALITY": municipality,
        }
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
    test_database.empty_tables()
