"""Every route declares who may call it, and the access table says what each kind of caller gets.

A new route fails here until it is in the table: making a page reachable is a decision made in review.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.access import PUBLIC, access_rule
from tests.oidc_flow import log_in

# Flask's own static files are the only route not written by us.
UNDECLARED_BY_DESIGN = {"static"}
CALLERS = ("anonymous", "citizen", "relative", "gp", "visitator", "therapist")

ALL = dict.fromkeys(CALLERS)


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(CALLERS, status)


def only(allowed: tuple[str, ...]) -> dict[str, int]:
    return {caller: 302 if caller == "anonymous" else 200 if caller in allowed else 403 for caller in CALLERS}


# endpoint -> (method, path, {caller: expected status})
ACCESS_TABLE: dict[str, tuple[str, str, dict[str, int]]] = {
    "main.index": ("GET", "/", same(200)),
    "standard.about": ("GET", "/om-traening", same(200)),
    "standard.check_start": ("GET", "/kan-jeg-faa-traening", same(200)),
    "standard.check_question": ("GET", "/kan-jeg-faa-traening/genoptraeningsplan", same(200)),
    "standard.check_result": ("GET", "/kan-jeg-faa-traening/svar/du-kan-soege", same(200)),
    "standard.offers": ("GET", "/tilbud", same(200)),
    "standard.offer": ("GET", "/tilbud/tg2", same(200)),
    "standard.service_goals": ("GET", "/det-kan-du-forvente", same(200)),
    "standard.absence": ("GET", "/hvis-du-er-forhindret", same(200)),
    "standard.complaints": ("GET", "/klag", same(200)),
    "standard.centres": ("GET", "/traeningscentre", same(200)),
    # A post without a page and an answer is refused, for everyone.
    "standard.feedback": ("POST", "/var-siden-nyttig", same(400)),
    "pages.accessibility": ("GET", "/tilgaengelighed", same(200)),
    "pages.privacy": ("GET", "/privatliv", same(200)),
    "pages.cookies": ("GET", "/cookies", same(200)),
    "health.healthz": ("GET", "/healthz", same(200)),
    "health.readyz": ("GET", "/readyz", same(200)),
    "i18n.switch": ("POST", "/sprog/en", same(303)),
    "auth.login": ("GET", "/log-ind", same(200)),
    "auth.start": ("GET", "/log-ind/mitid", same(302)),
    # Coming back without the state the portal sent is refused, for everyone.
    "auth.callback": ("GET", "/log-ind/mitid/svar?code=x&state=y", same(400)),
    "auth.logged_out": ("GET", "/logget-ud", same(200)),
    "auth.logout": ("POST", "/log-ud", {"anonymous": 401, **dict.fromkeys(CALLERS[1:], 303)}),
    "overview.index": ("GET", "/mit-overblik", only(("citizen", "relative"))),
    "delegations.choose": ("GET", "/jeg-hjaelper", only(("citizen", "relative"))),
    "gp.referrals": ("GET", "/laege/henvisninger", only(("gp",))),
    "staff.console": ("GET", "/medarbejder/", only(("visitator", "therapist"))),
}


def declared_rules(app: Flask) -> dict[str, object]:
    return {
        rule.endpoint: access_rule(app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in UNDECLARED_BY_DESIGN
    }


def test_every_route_declares_who_may_call_it(app: Flask) -> None:
    undeclared = sorted(endpoint for endpoint, rule in declared_rules(app).items() if rule is None)
    assert undeclared == []


def test_every_route_is_in_the_access_table(app: Flask) -> None:
    assert sorted(declared_rules(app)) == sorted(ACCESS_TABLE)


def test_public_routes_are_declared_public(app: Flask) -> None:
    public = {endpoint for endpoint, rule in declared_rules(app).items() if rule == PUBLIC}
    expected = {endpoint for endpoint, (_, _, answers) in ACCESS_TABLE.items() if answers["anonymous"] < 300}
    assert expected <= public


def test_a_route_without_a_declaration_is_caught(app: Flask) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "x")
    assert "undeclared" in [endpoint for endpoint, rule in declared_rules(app).items() if rule is None]


def test_state_changes_only_on_post(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert methods <= {"GET", "POST"}, rule


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_gets_what_the_table_says(app: Flask, caller: str) -> None:
    answers: dict[str, Any] = {}
    for endpoint, (method, path, expected) in sorted(ACCESS_TABLE.items()):
        # A fresh browser per request, since logging out ends the login for the rest.
        client: FlaskClient = app.test_client()
        if caller != "anonymous":
            log_in(client, caller)
        response = client.open(path, method=method)
        answers[endpoint] = response.status_code
        assert response.status_code == expected[caller], (endpoint, caller, response.get_data(as_text=True)[:300])
    assert len(answers) == len(ACCESS_TABLE)
