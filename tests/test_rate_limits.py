"""Rate limits: each one trips at its configured number, on the in-memory count and on Redis, answers with the
429 page in plain words and a Retry-After, and counts per account when logged in, per address otherwise."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from limits import parse_many

from devtools.idp import LocalIdP
from portal.config import DEFAULT_RATE_LIMITS, Config
from portal.extensions import db, limiter
from tests.conftest import ClientRequest, build_app
from tests.oidc_flow import log_in

if TYPE_CHECKING:
    from tests.conftest import TestDatabase

STORAGES = ["memory"] + (["redis"] if os.environ.get("TEST_REDIS_URL") else [])
MISSING = 999999
# Two of everything, and plenty of logins for the tests that must log in before they reach their limit.
SMALL = {
    "RATE_LIMIT_LOGIN": "2 per minute",
    "RATE_LIMIT_ANONYMOUS_POST": "2 per minute",
    "RATE_LIMIT_CPR_ENTRY": "2 per minute",
    "RATE_LIMIT_PDF": "2 per minute",
}
MANY_LOGINS = {**SMALL, "RATE_LIMIT_LOGIN": "50 per minute"}


@pytest.fixture(params=STORAGES)
def limited(
    request: pytest.FixtureRequest, app: Flask, test_database: TestDatabase, idp: LocalIdP
) -> Iterator[Callable[..., Flask]]:
    """Builds the portal with small limits, counting in memory or in Redis under a prefix of this test's own."""
    made: list[Flask] = []

    def build(**limits: str) -> Flask:
        overrides: dict[str, Any] = {**SMALL, **limits}
        if request.param == "redis":
            prefix = f"test-{uuid.uuid4().hex}"
            overrides |= {
                "REDIS_URL": os.environ["TEST_REDIS_URL"],
                "REDIS_SESSION_PREFIX": f"{prefix}:session:",
                "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": prefix},
            }
        limited_app = build_app(test_database, idp, **overrides)
        made.append(limited_app)
        return limited_app

    yield build
    for limited_app in made:
        with limited_app.app_context():
            assert type(limiter.storage).__name__ == ("RedisStorage" if request.param == "redis" else "MemoryStorage")
            limiter.reset()
            db.engine.dispose()


def client_at(app: Flask, address: str = "192.0.2.10") -> ClientRequest:
    """A browser at an IP address: the anonymous counts are per address. Requests by endpoint; its `client` is raw."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return ClientRequest(client)


def assert_refused(response: Any, language: str = "da") -> BeautifulSoup:
    assert response.status_code == 429, response.get_data(as_text=True)[:500]
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert page.html["lang"] == language
    return page


def test_starting_a_login_is_limited_and_the_page_says_how_long_to_wait(limited: Callable[..., Flask]) -> None:
    browser = client_at(limited()).client
    # The login addresses stay literal, as in the login tests: the entries are what the providers are told.
    for _ in range(2):
        assert browser.get("/log-ind/mitid").status_code == 302
    page = assert_refused(browser.get("/log-ind/mitid"))
    assert page.h1.get_text() == "For mange forsøg"
    assert "Vent 1 minut, og prøv igen." in page.main.get_text()
    browser.set_cookie("portal_lang", "en", domain="portal.test")
    english = assert_refused(browser.get("/log-ind/laege"), "en")
    assert english.h1.get_text() == "Too many attempts"
    assert "Wait 1 minute and try again." in english.main.get_text()


def test_login_callbacks_are_limited(limited: Callable[..., Flask]) -> None:
    browser = client_at(limited()).client
    # The callback address, as the provider calls it, stays literal.
    for _ in range(2):
        assert browser.get("/log-ind/mitid/svar?code=x&state=y").status_code == 400
    assert_refused(browser.get("/log-ind/mitid/svar?code=x&state=y"))


def test_anonymous_posts_share_one_count_per_address(limited: Callable[..., Flask]) -> None:
    app = limited()
    browser = client_at(app)
    browser.post("standard.feedback", _data={"page": "standard.about", "helpful": "ja"})
    browser.post("standard.check_question", _data={"answer": "ja"}, question="hverdag")
    page = assert_refused(
        browser.post("standard.feedback", _data={"page": "standard.about", "helpful": "nej"}, _expected_status=429)
    )
    assert "Det, du skrev, er ikke gemt." in page.main.get_text()
    # Even a post that was going to be refused anyway counts.
    assert_refused(browser.post("auth.logout", _expected_status=429))
    # Reading goes on, and another address has its own count.
    browser.get("standard.about")
    client_at(app, "192.0.2.11").post("standard.check_question", _data={"answer": "ja"}, question="hverdag")


def test_a_logged_in_caller_is_not_held_to_the_anonymous_count(limited: Callable[..., Flask]) -> None:
    browser = client_at(limited(**MANY_LOGINS))
    log_in(browser.client, "citizen")
    for _ in range(4):
        browser.post("standard.feedback", _data={"page": "standard.about", "helpful": "ja"})


def test_the_cpr_forms_share_one_count_per_account(limited: Callable[..., Flask]) -> None:
    app = limited(**MANY_LOGINS)
    karen, mette = client_at(app), client_at(app)
    log_in(karen.client, "citizen")
    log_in(mette.client, "relative")
    for _ in range(2):
        karen.post("delegations.grant", _data={"cpr_number": "0101"}, _expected_status=200)
    assert_refused(karen.post("delegations.grant", _data={"cpr_number": "0101"}, _expected_status=429))
    # Reading the form is not a try, and Mette, from the same address, has her own count.
    karen.get("delegations.grant")
    mette.post("delegations.grant", _data={"cpr_number": "0101"}, _expected_status=200)


def test_staff_cpr_searches_and_paper_fuldmagter_count_together(limited: Callable[..., Flask]) -> None:
    vibeke = client_at(limited(**MANY_LOGINS))
    log_in(vibeke.client, "visitator")
    vibeke.post("staff.find_citizen", _data={"cpr_number": "0101"}, _expected_status=200)
    vibeke.post("staff.register_paper", _expected_status=404, person_id=MISSING)
    assert_refused(vibeke.post("staff.find_citizen", _data={"cpr_number": "0101"}, _expected_status=429))


def test_the_home_care_helpers_cpr_search_is_limited(limited: Callable[..., Flask]) -> None:
    hanne = client_at(limited(**MANY_LOGINS))
    log_in(hanne.client, "helper")
    for _ in range(2):
        hanne.post("helper.find_citizen", _data={"cpr_number": "0101"}, _expected_status=200)
    assert_refused(hanne.post("helper.find_citizen", _data={"cpr_number": "0101"}, _expected_status=429))


def test_the_gp_referrals_cpr_step_is_limited(limited: Callable[..., Flask]) -> None:
    lise = client_at(limited(**MANY_LOGINS))
    log_in(lise.client, "gp")
    for _ in range(2):
        lise.post("gp.new_referral", _data={"cpr_number": "0101"}, _expected_status=200)
    assert_refused(lise.post("gp.new_referral", _data={"cpr_number": "0101"}, _expected_status=429))


def test_pdf_generation_is_limited(limited: Callable[..., Flask]) -> None:
    karen = client_at(limited(**MANY_LOGINS))
    log_in(karen.client, "citizen")
    karen.get_response("applications.receipt_pdf", 404, case_id=MISSING)
    karen.get_response("programs.pdf", 404, program_id=MISSING)
    assert_refused(karen.get_response("applications.receipt_pdf", 429, case_id=MISSING))
    # The page the PDF is made from is no PDF, and is not counted.
    karen.get_response("programs.print_view", 404, program_id=MISSING)


def test_the_limits_come_from_the_configuration_and_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in DEFAULT_RATE_LIMITS.items():
        assert parse_many(getattr(Config(), name)) == parse_many(value)
    monkeypatch.setenv("RATE_LIMIT_PDF", "3 per hour")
    assert Config().RATE_LIMIT_PDF == "3 per hour"


def test_without_redis_the_limits_are_counted_in_memory(app: Flask) -> None:
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"


def test_redis_counts_the_limits_where_redis_is_configured(
    app: Flask, test_database: TestDatabase, idp: LocalIdP
) -> None:
    with_redis = build_app(test_database, idp, REDIS_URL="redis://127.0.0.1:6379/15")
    assert with_redis.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/15"
    with with_redis.app_context():
        db.engine.dispose()


def test_every_view_flask_limiter_limits_carries_the_mark_the_quick_exemption_reads(app: Flask) -> None:
    # `_nothing_to_count` skips the limiter for a view without the mark: a limited view must never lack it.
    from flask_limiter.util import get_qualified_name

    # The limiter's own list of limited views, to hold our mark against.
    marked_by_limiter = limiter._marked_for_limiting
    for endpoint, view in app.view_functions.items():
        limited_by_limiter = get_qualified_name(view) in marked_by_limiter
        assert bool(getattr(view, "rate_limited", False)) == limited_by_limiter, endpoint
    assert {e for e, v in app.view_functions.items() if getattr(v, "rate_limited", False)} >= {
        "auth.start",
        "auth.callback",
        "programs.pdf",
    }
