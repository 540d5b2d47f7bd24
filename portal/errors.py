"""Error pages in the DKFDS look for every status the portal answers with; never a stack trace."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from portal import rate_limits
from portal.api import is_api_request, problems
from portal.extensions import db

log = logging.getLogger(__name__)

# Title and plain-words explanation per status code.
MESSAGES = {
    400: (_l("Something in the request was wrong"), _l("Go back and try again.")),
    401: (_l("You need to log in"), _l("Log in to see this page.")),
    403: (_l("You do not have access to this page"), _l("If you think you should have access, contact us.")),
    404: (
        _l("We could not find the page"),
        _l("Check that the address is spelled correctly. The page may also have been moved or deleted."),
    ),
    405: (_l("The page cannot be used like that"), _l("Go back to the page you came from and try again.")),
    429: (
        _l("Too many attempts"),
        _l("You have tried too many times in a short time. Wait a few minutes and try again."),
    ),
    500: (
        _l("Sorry, something went wrong on our side"),
        _l("Nothing you sent has been lost. Try again in a few minutes. If it keeps happening, contact us."),
    ),
    503: (
        _l("The portal is not available right now"),
        _l("We are working on it. Try again later. You can also call us."),
    ),
}
CSRF_MESSAGE = (
    _l("The page had expired"),
    _l("For your safety, forms expire. Go back, reload the page and send it again."),
)


def render_error(status: int, title: object, explanation: object) -> tuple[str, int]:
    return render_template("errors/error.html", status=status, title=title, explanation=explanation), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> ResponseReturnValue:
        return render_error(400, *CSRF_MESSAGE)

    @app.errorhandler(RateLimitExceeded)
    def too_many_attempts(error: RateLimitExceeded) -> ResponseReturnValue:
        if is_api_request():
            return problems.response(problems.Problem(429, code="rate_limited"))
        wait = rate_limits.seconds_to_wait()
        minutes = -(-wait // 60)
        explanation = ngettext(
            "You have tried too many times in a short time. Wait %(num)d minute and try again.",
            "You have tried too many times in a short time. Wait %(num)d minutes and try again.",
            minutes,
        )
        if request.method == "POST":
            explanation = " ".join(
                [explanation, _("What you wrote is not saved. Go back in your browser to find it again.")]
            )
        body, status = render_error(429, MESSAGES[429][0], explanation)
        return body, status, {"Retry-After": str(wait)}

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> ResponseReturnValue:
        status = error.code or 500
        if is_api_request():
            return problems.response(problems.Problem(status if status in problems.TITLES else 400))
        if status not in MESSAGES:
            return error
        body, status = render_error(status, *MESSAGES[status])
        if isinstance(error, MethodNotAllowed) and error.valid_methods:
            return body, status, {"Allow": ", ".join(error.valid_methods)}
        return body, status

    @app.errorhandler(InternalServerError)
    @app.errorhandler(Exception)
    def server_error(error: Exception) -> ResponseReturnValue:
        db.session.rollback()
        original = getattr(error, "original_exception", None) or error
        # The type and where it happened, not the message: exception messages can carry personal data.
        frames = "\n".join(
            f"  {frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(original.__traceback__)
        )
        log.error("Unhandled %s on %s %s\n%s", type(original).__name__, request.method, request.url_rule, frames)
        if is_api_request():
            return problems.response(problems.Problem(500))
        return render_error(500, *MESSAGES[500])
