"""Languages: Danish first, English second. The choice lives in a cookie and follows the user across pages.

The switch is a plain link (GET), as on GOV.UK services: a form would need a CSRF token, and that token lives in
the server-side session, so every anonymous page view would open a session. Choosing a language changes nothing
on the server, only the visitor's own cookie.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, redirect, request
from flask.typing import ResponseReturnValue
from flask_babel import format_date, get_locale
from flask_login import current_user

from portal.auth.access import public
from portal.auth.services import record_language

bp = Blueprint("i18n", __name__)

ONE_YEAR = 365 * 24 * 3600
# Each language is offered in its own name, whatever the page's language, so it is not translated.
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def select_locale() -> str:
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def safe_next(target: str | None) -> str:
    """Only a path on this site: never another host, so the switch cannot be used as an open redirect."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@bp.get("/sprog/<language>")
@public
def switch(language: str) -> ResponseReturnValue:
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    person_id = getattr(current_user, "person_id", None) if current_user.is_authenticated else None
    if person_id:
        # Letters are written in the language the person reads the portal in. Like the cookie, this changes only
        # the reader's own choice, so it may follow a plain link.
        record_language(person_id, language)
    response = redirect(safe_next(request.args.get("next")), code=303)
    response.set_cookie(
        current_app.config["LANGUAGE_COOKIE"],
        language,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def init_app(app: Flask) -> None:
    @app.template_filter("isodate")
    def isodate(value: str) -> str:
        """A date kept as ISO text (in JSON columns), shown the way the current language writes dates."""
        return format_date(date.fromisoformat(value), "long")

    @app.context_processor
    def language_context() -> dict[str, object]:
        current = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        others = [code for code in app.config["LANGUAGES"] if code != current]
        return {"current_language": current, "other_languages": others, "language_names": LANGUAGE_NAMES}
