"""Every route declares who may call it; a route without a declaration fails here."""

from __future__ import annotations

from flask import Flask

from portal.auth.access import PUBLIC, access_rule

# Flask's own static files are the only route not written by us.
UNDECLARED_BY_DESIGN = {"static"}

# The public routes, written out so that making a page public is a visible decision in review.
EXPECTED_PUBLIC = {
    "main.index",
    "main.login",
    "pages.about_training",
    "pages.accessibility",
    "pages.privacy",
    "pages.cookies",
    "health.healthz",
    "health.readyz",
    "i18n.switch",
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


def test_public_routes_are_exactly_the_listed_ones(app: Flask) -> None:
    public = {endpoint for endpoint, rule in declared_rules(app).items() if rule == PUBLIC}
    assert public == EXPECTED_PUBLIC


def test_a_route_without_a_declaration_is_caught(app: Flask) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "x")
    assert "undeclared" in [endpoint for endpoint, rule in declared_rules(app).items() if rule is None]


def test_state_changes_only_on_post(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert methods <= {"GET", "POST"}, rule
