"""The case-system API (`/api/v1`): the municipality's own systems talk to the portal."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from flask.typing import ResponseReturnValue

from portal.api import oauth, problems
from portal.api.cli import api_clients_cli
from portal.api.spec import spec
from portal.extensions import csrf
from portal.rate_limits import limiter

PREFIX = "/api/"


def is_api_request() -> bool:
    return request.path.startswith(PREFIX)


def init_app(app: Flask) -> None:
    from portal.api.routes import bp

    oauth.init_app(app)
    # Bearer tokens, not cookies: a browser cannot be made to send one, so there is nothing for CSRF to forge.
    csrf.exempt(bp)
    # Counted per client once the token is known (`access._count`), not per address as anonymous posts are.
    limiter.exempt(bp, flags=limiter_flags())
    app.register_blueprint(bp)
    spec.app = app
    app.cli.add_command(api_clients_cli)

    @app.errorhandler(problems.Problem)
    def problem(error: problems.Problem) -> ResponseReturnValue:
        return problems.response(error)


def limiter_flags() -> Any:
    from flask_limiter import ExemptionScope

    return ExemptionScope.APPLICATION | ExemptionScope.DEFAULT
