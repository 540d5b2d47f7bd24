"""The request edge: one commit per request when it succeeded, a rollback otherwise.

Services only flush, so everything a request changed lands together or not at all. The reads the fetch helpers
noted for the access log are written here too, with the rest, in one statement.

A refused domain action (`portal.domain.DomainRefused`) ends here as well: the edge rolls back everything the
request changed, then answers with what the view asked for through `on_refusal`, or else the refusal's message.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, Response, g, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal import web_sessions
from portal.access_log import services as access_log
from portal.domain import DomainRefused
from portal.errors import render_error
from portal.extensions import db

Respond = Callable[[DomainRefused], ResponseReturnValue]


def on_refusal(respond: Respond) -> None:
    """What this request answers when a service refuses: called after the rollback, with the refusal."""
    g.on_refusal = respond


def init_app(app: Flask) -> None:
    @app.errorhandler(DomainRefused)
    def refused(refusal: DomainRefused) -> ResponseReturnValue:
        db.session.rollback()
        respond: Respond | None = g.pop("on_refusal", None)
        if respond is not None:
            return respond(refusal)
        return render_error(409, _("That could not be done"), refusal.message)

    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            access_log.write_reads()
            web_sessions.save_at_edge(app, session, response)
            db.session.commit()
        else:
            access_log.discard_reads()
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()
