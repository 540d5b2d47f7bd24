"""Which routes are pages a visitor can land on, for the tests that visit every page."""

from __future__ import annotations

from flask import Flask

from portal.auth.access import PUBLIC, access_rule

# Public routes without arguments that answer something else than a page.
NOT_PAGES = {"offline.worker", "api.openapi"}  # the program's service worker, a script; the API's JSON document


def public_page_rules(app: Flask) -> list[tuple[str, str]]:
    """(endpoint, path) of public GET pages without arguments that answer HTML (health checks and the API's OpenAPI
    document answer JSON)."""
    pages = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions.get(rule.endpoint)
        if rule.endpoint == "static" or rule.arguments or "GET" not in rule.methods:
            continue
        if access_rule(view) == PUBLIC and not rule.endpoint.startswith("health.") and rule.endpoint not in NOT_PAGES:
            pages.append((rule.endpoint, rule.rule))
    return sorted(pages)
