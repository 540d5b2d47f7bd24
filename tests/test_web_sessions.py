"""The session stores: the database by default, Redis when configured. Both must forget what logout deletes."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.database import utcnow
from portal.extensions import db
from portal.models import Account
from portal.models.web_session import WebSession
from portal.web_sessions import DatabaseStore, RedisStore, SessionRecord, SessionStore
from tests.conftest import ClientRequest

STORES = ["database"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest, app: Flask) -> Iterator[SessionStore]:
    if request.param == "database":
        yield DatabaseStore(lambda: db.engine)
        return
    redis_store = RedisStore(os.environ["TEST_REDIS_URL"], ttl=timedelta(hours=8), prefix=f"test:{uuid.uuid4().hex}:")
    yield redis_store
    for key in redis_store.redis.scan_iter(f"{redis_store.prefix}*"):
        redis_store.redis.delete(key)


@pytest.fixture
def account_id(app: Flask) -> int:
    account = Account(issuer="https://idp.example", subject="s", display_name="Test")
    db.session.add(account)
    db.session.commit()
    return account.id


def record(**data: object) -> SessionRecord:
    now = utcnow()
    return SessionRecord(dict(data), now, now)


def test_a_saved_session_loads_again(store: SessionStore, account_id: int) -> None:
    store.save("k1", record(identity={"account_id": account_id}, csrf_token="t"), account_id)
    loaded = store.load("k1")
    assert loaded is not None
    assert loaded.data == {"identity": {"account_id": account_id}, "csrf_token": "t"}
    assert loaded.created_at.tzinfo is not None


def test_saving_again_replaces_the_data(store: SessionStore) -> None:
    store.save("k1", record(a=1), None)
    store.save("k1", record(a=2), None)
    assert store.load("k1").data == {"a": 2}


def test_a_deleted_session_is_gone(store: SessionStore) -> None:
    store.save("k1", record(a=1), None)
    store.delete("k1")
    assert store.load("k1") is None


def test_all_sessions_of_an_account_can_be_ended_at_once(store: SessionStore, account_id: int) -> None:
    store.save("k1", record(a=1), account_id)
    store.save("k2", record(a=2), account_id)
    store.save("k3", record(a=3), None)
    store.delete_for_account(account_id)
    assert (store.load("k1"), store.load("k2")) == (None, None)
    assert store.load("k3") is not None


def test_the_database_store_purges_sessions_that_timed_out(app: Flask) -> None:
    store = DatabaseStore(lambda: db.engine)
    now = utcnow()
    store.save("old", SessionRecord({"a": 1}, now - timedelta(hours=1), now - timedelta(hours=1)), None)
    store.save("new", record(a=2), None)
    assert store.purge(idle_before=now - timedelta(minutes=30), created_before=now - timedelta(hours=8)) == 1
    assert store.load("old") is None
    assert store.load("new") is not None


def test_the_purge_command_reports_what_it_removed(app: Flask) -> None:
    store = DatabaseStore(lambda: db.engine)
    old = utcnow() - timedelta(days=1)
    store.save("old", SessionRecord({"a": 1}, old, old), None)
    result = app.test_cli_runner().invoke(args=["sessions", "purge"])
    assert result.exit_code == 0, result.output
    assert "1" in result.output


@pytest.fixture(params=STORES)
def two_processes(request: pytest.FixtureRequest, app: Flask) -> Iterator[tuple[Flask, Flask]]:
    """Two app instances sharing one store, as two gunicorn workers or two hosts would."""
    from portal import create_app

    overrides = {
        key: app.config[key]
        for key in (
            "SQLALCHEMY_DATABASE_URI",
            "SQLALCHEMY_ENGINE_OPTIONS",
            "OIDC_LOGINS",
            "SERVER_NAME",
            "WTF_CSRF_ENABLED",
        )
    }
    if request.param == "redis":
        overrides["REDIS_URL"] = os.environ["TEST_REDIS_URL"]
        overrides["REDIS_SESSION_PREFIX"] = f"test:{uuid.uuid4().hex}:"
    first, second = create_app({**overrides, "SECRET_KEY": "shared"}), create_app({**overrides, "SECRET_KEY": "shared"})
    first.test_client_class = second.test_client_class = app.test_client_class
    yield first, second
    for instance in (first, second):
        with instance.app_context():
            db.engine.dispose()


def test_a_login_and_its_logout_hold_in_every_process(two_processes: tuple[Flask, Flask]) -> None:
    from tests.oidc_flow import log_in

    first, second = two_processes
    browser = ClientRequest(first.test_client())
    log_in(browser.client, "citizen")
    cookie = browser.client.get_cookie("portal_session", domain="portal.test").value
    elsewhere = ClientRequest(second.test_client())
    elsewhere.client.set_cookie("portal_session", cookie, domain="portal.test")
    elsewhere.get("overview.index")
    elsewhere.post("auth.logout")
    # Logged out: the overview sends the browser to log in.
    browser.get_response("overview.index", _expected_status=302)


def test_a_static_file_reads_no_session(
    app: Flask, login: Any, client_request: ClientRequest, count_queries: Any
) -> None:
    login("citizen")
    before = len(count_queries())
    client_request.get_response("static", filename="css/portal.css").close()
    assert [s for s in count_queries()[before:] if "web_sessions" in s] == []


def test_a_page_reads_and_slides_its_session_in_its_own_transaction(
    app: Flask, login: Any, client_request: ClientRequest, count_queries: Any
) -> None:
    login("citizen")
    stored = db.session.scalar(sa.select(WebSession))
    assert stored is not None
    db.session.execute(sa.update(WebSession).values(last_seen_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    checkouts: list[object] = []

    def checked_out(*args: object) -> None:
        checkouts.append(args)

    sa.event.listen(db.engine.pool, "checkout", checked_out)
    try:
        before = len(count_queries())
        client_request.get_response("overview.index")
    finally:
        sa.event.remove(db.engine.pool, "checkout", checked_out)
    statements = count_queries()[before:]
    assert [s.split()[0] for s in statements if "web_sessions" in s] == ["SELECT", "INSERT"]
    assert len(checkouts) == 1
    db.session.expire_all()
    assert db.session.scalar(sa.select(WebSession.last_seen_at)) > utcnow() - timedelta(minutes=1)


def test_a_page_soon_after_the_last_writes_no_session(
    app: Flask, login: Any, client_request: ClientRequest, count_queries: Any
) -> None:
    login("citizen")
    client_request.get_response("overview.index")
    before = len(count_queries())
    client_request.get_response("overview.index")
    assert [s.split()[0] for s in count_queries()[before:] if "web_sessions" in s] == ["SELECT"]
