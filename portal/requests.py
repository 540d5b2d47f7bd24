"""The request edge: one commit per request when it succeeded, a rollback otherwise.

Services only flush, so everything a request changed lands together or not at all.
"""

from __future__ import annotations

from flask import Flask, Response

from portal.extensions import db


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response: Response) -> Response:
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response

    @app.teardown_request
    def roll_back_on_error(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()
