"""Fixtures: an app per test on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.

The schema is built once per database with the real Alembic migrations; each test starts from empty tables.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask, g, has_request_context, request, request_finished, request_started, url_for
from flask.testing import FlaskClient

from devtools.idp import LocalIdP, oidc_logins
from portal import create_app
from portal.extensions import db
from portal.migrate import upgrade
from portal.models import Message
from portal.rate_limits import limiter
from portal.standard.lix import lix, sentences, words

# `TEST_BACKEND=sqlite` or `=postgresql` runs the database tests on one of the two; `make test` runs the two as
# processes side by side. The tests that use no database run in the SQLite process only.
ONLY_BACKEND = os.environ.get("TEST_BACKEND")


def _backends() -> list[Any]:
    backends = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        backends.append("postgresql")
    if ONLY_BACKEND:
        if ONLY_BACKEND not in backends:
            raise pytest.UsageError(f"TEST_BACKEND={ONLY_BACKEND}: not one of {backends} (is TEST_DATABASE_URL set?)")
        backends = [ONLY_BACKEND]
    return [pytest.param(backend, id=backend) for backend in backends]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if ONLY_BACKEND != "postgresql":
        return
    elsewhere = [item for item in items if "test_database" not in getattr(item, "fixturenames", ())]
    if elsewhere:
        config.hook.pytest_deselected(items=elsewhere)
        items[:] = [item for item in items if "test_database" in getattr(item, "fixturenames", ())]


MAX_PAGE_BYTES = 30 * 1024


class TestDatabase:
    """A migrated database for the whole session: a temp SQLite file, or a private schema in PostgreSQL."""

    def __init__(self, backend: str, tmp_dir: Path) -> None:
        self.backend = backend
        self.schema: str | None = None
        if backend == "sqlite":
            self.url = f"sqlite:///{tmp_dir / 'portal-test.sqlite'}"
            self.engine_options: dict[str, Any] = {}
        else:
            self.url = os.environ["TEST_DATABASE_URL"]
            self.schema = f"test_{uuid.uuid4().hex[:12]}"
            self.engine_options = {"connect_args": {"options": f"-csearch_path={self.schema}"}}
        self.engine = sa.create_engine(self.url, **self.engine_options)
        if self.schema:
            with self.engine.begin() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{self.schema}"'))
        upgrade(self.engine)

    def empty_tables(self) -> None:
        with self.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())

    def drop(self) -> None:
        if self.schema:
            with self.engine.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{self.schema}" CASCADE'))
        self.engine.dispose()


@pytest.fixture(scope="session", params=_backends())
def test_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    database = TestDatabase(request.param, tmp_path_factory.mktemp(request.param))
    yield database
    database.drop()


class IsolatedClient(FlaskClient):
    """Each request in an app context of its own, as in production.

    The test holds an app context for its own database work; without this, requests would share that
    context's `g` (and the user Flask-Login caches there) and hide bugs.
    """

    def open(self, *args: Any, **kwargs: Any) -> Any:
        with self.application.app_context():
            return super().open(*args, **kwargs)


def build_app(test_database: TestDatabase, idp: LocalIdP, **overrides: Any) -> Flask:
    """The portal on the test database, logging in through the local provider; overrides win."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": test_database.url,
            "SQLALCHEMY_ENGINE_OPTIONS": test_database.engine_options,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "portal.test",
            "OIDC_LOGINS": oidc_logins(idp.url),
            **overrides,
        }
    )
    app.test_client_class = IsolatedClient
    oversized: list[str] = []
    app.extensions["oversized_pages"] = oversized
    _count_queries_per_page(app, oversized)

    @app.after_request
    def within_size_budget(response: Any) -> Any:
        # Every page any test renders must stay under the 30 KB budget; downloads are not pages.
        if (
            response.mimetype == "text/html"
            and "attachment" not in response.headers.get("Content-Disposition", "")
            and not response.direct_passthrough
            and len(response.get_data()) > MAX_PAGE_BYTES
        ):
            oversized.append(f"{request.path}: {len(response.get_data())} bytes")
        return response

    return app


MAX_QUERIES_PER_PAGE = 6


def _count_queries_per_page(app: Flask, over_budget: list[str]) -> None:
    """Every page (a GET answered with HTML) any test renders must stay within the query budget."""

    def count(*args: Any) -> None:
        if has_request_context() and "_queries" in g:
            g._queries += 1

    def start(sender: Flask, **extra: Any) -> None:
        g._queries = 0

    def finish(sender: Flask, response: Any, **extra: Any) -> None:
        page = (
            request.method == "GET"
            and response.status_code == 200
            and response.mimetype == "text/html"
            and "attachment" not in response.headers.get("Content-Disposition", "")
        )
        if page and g._queries > MAX_QUERIES_PER_PAGE:
            over_budget.append(f"{request.path}: {g._queries} queries")

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
    request_started.connect(start, app, weak=False)
    request_finished.connect(finish, app, weak=False)


MAX_LETTER_LIX = 35


def letter_text(message: Message) -> str:
    """What the reader reads: the subject as a heading, then the body, whose lines are paragraphs."""
    return f"{message.subject}\n{message.body}"


def too_hard(message: Message) -> str | None:
    """Why a Danish letter is over LIX 35 (its kind, score and longest sentences), or None when it is not."""
    text = letter_text(message)
    if message.language != "da" or lix(text) <= MAX_LETTER_LIX:
        return None
    longest = sorted(sentences(text), key=lambda sentence: len(words(sentence)), reverse=True)[:5]
    return f"{message.kind}: LIX {lix(text):.1f}; the longest sentences:\n" + "\n".join(longest)


@pytest.fixture(autouse=True)
def letters_read_at_lix_35_or_below() -> Iterator[None]:
    """Every Danish letter or notice a test sends, whatever made it, reads at LIX 35 or below.

    Checked where every message is made, as it is written to the database: a letter that is rolled back later in
    the test was still written by the portal's code."""
    hard: list[str] = []

    def measure(mapper: Any, connection: Any, message: Message) -> None:
        if reason := too_hard(message):
            hard.append(reason)

    sa.event.listen(Message, "before_insert", measure)
    yield
    sa.event.remove(Message, "before_insert", measure)
    assert hard == [], "Danish letters over LIX 35:\n" + "\n\n".join(hard)


@pytest.fixture
def municipality() -> str:
    """The profile the `app` fixture runs; a test package overrides it to test another municipality."""
    return "norddjurs"


# One app per database and municipality for the whole session: building one compiles every URL rule (a tenth of a
# second), which per test was a large share of the suite's time. Each test gets the app's config as it was built,
# empty tables and empty rate-limit counts. A test that adds routes to the app asks for its own with
# `@pytest.mark.fresh_app` (Flask allows no new route on an app that has served a request).
_APPS: dict[tuple[int, str], Flask] = {}


def _shared_app(request: pytest.FixtureRequest, test_database: TestDatabase, idp: LocalIdP, municipality: str) -> Flask:
    if request.node.get_closest_marker("fresh_app"):
        return build_app(test_database, idp, MUNICIPALITY=municipality)
    key = (id(test_database), municipality)
    if key not in _APPS:
        _APPS[key] = build_app(test_database, idp, MUNICIPALITY=municipality)
    return _APPS[key]


@pytest.fixture
def app(
    request: pytest.FixtureRequest, test_database: TestDatabase, idp: LocalIdP, municipality: str
) -> Iterator[Flask]:
    app = _shared_app(request, test_database, idp, municipality)
    config = dict(app.config)
    with app.app_context():
        # The limiter counts in the storage of the app built last, which may be another test's own app.
        limiter.reset()
        yield app
        db.session.remove()
        if request.node.get_closest_marker("fresh_app"):
            # The shared apps keep their pooled connections from test to test; a test's own app is gone after it.
            db.engine.dispose()
    app.config.clear()
    app.config.update(config)
    test_database.empty_tables()
    oversized = list(app.extensions["oversized_pages"])
    app.extensions["oversized_pages"].clear()
    assert oversized == [], "pages over the 30 KB or the 6-query budget"


@pytest.fixture
def csrf_app(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class ClientRequest:
    """Requests by endpoint name that assert the status and hand back parsed HTML (after notify-admin).

    A failed status names the method, the address and the status, then the start of the body."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def get(self, endpoint: str, _expected_status: int = 200, _language: str | None = None, **values: Any):
        response = self.get_response(endpoint, _expected_status, _language, **values)
        return BeautifulSoup(response.get_data(as_text=True), "html.parser")

    def get_response(self, endpoint: str, _expected_status: int = 200, _language: str | None = None, **values: Any):
        """The raw response, for what is not a page to parse: headers, a redirect's Location, JSON, files."""
        if _language:
            self.client.set_cookie("portal_lang", _language, domain="portal.test")
        address = url_for(endpoint, **values)
        return self._checked("GET", address, self.client.get(address), _expected_status)

    def post(
        self,
        endpoint: str,
        _data: dict[str, Any] | None = None,
        _expected_status: int = 303,
        _headers: dict[str, str] | None = None,
        **values: Any,
    ):
        """The raw response; `_headers` for what a browser sends along, such as Sec-Fetch-Site or Origin."""
        address = url_for(endpoint, **values)
        response = self.client.post(address, data=_data or {}, headers=_headers or {})
        return self._checked("POST", address, response, _expected_status)

    @staticmethod
    def _checked(method: str, address: str, response: Any, expected: int) -> Any:
        assert response.status_code == expected, (
            f"{method} {address}: {response.status_code}, not {expected}\n" + response.get_data(as_text=True)[:2000]
        )
        return response


@pytest.fixture
def client_request(client: FlaskClient) -> ClientRequest:
    return ClientRequest(client)


@pytest.fixture
def count_queries(app: Flask) -> Iterator[Callable[[], list[str]]]:
    """Records every SQL statement the app sends; call the fixture's result to read them."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    yield lambda: list(statements)
    sa.event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def login(app: Flask, client: FlaskClient, idp: LocalIdP) -> Callable[..., Any]:
    """Logs the test client in as a persona through the real provider: no shortcut into the session."""
    from tests.oidc_flow import log_in

    def login_as(persona_key: str, client: FlaskClient = client) -> Any:
        return log_in(client, persona_key)

    return login_as
