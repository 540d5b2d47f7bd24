"""The request edge: one commit per request when it succeeded, a rollback otherwise.

Services only flush, so everything a request changed lands together or not at all. The reads the fetch helpers
noted for the access log are written here too, with the rest, in one statement.
"""

from __future__ import annotations

from flask import Flask, Response, session

from portal import web_sessions
from portal.access_log import services as access_log
from portal.extensions import db


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            access_log.write_reads()
            web_sessions.save_at_edge(app, session, response)
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()
