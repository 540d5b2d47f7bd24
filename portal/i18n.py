"""Languages: Danish first, English second. The choice lives in a cookie and follows the user across pages.

The switch is a plain link (GET), as on GOV.UK services: a form would need a CSRF token, and that token lives in
the server-side session, so every anonymous page view would open a session. Choosing a language changes nothing
on the server, only the visitor's own cookie.
"""

from __future__ import annotations

from datetime import date

from babel.support import NullTranslations, Translations
from flask import Blueprint, Flask, abort, current_app, g, redirect, request
from flask.globals import _cv_app
from flask.typing import ResponseReturnValue
from flask_babel import Domain, get_domain, get_locale
from flask_login import current_user

from portal import dates
from portal.auth.access import public
from portal.auth.services import record_language
from portal.urls import safe_next

bp = Blueprint("i18n", __name__)

ONE_YEAR = 365 * 24 * 3600
# Each language is offered in its own name, whatever the page's language, so it is not translated.
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def select_locale() -> str:
    chosen = request.cookies.get(current_app.config["LANGUAGE_COOKIE"])
    if chosen is not None and chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


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


def current_translations() -> Translations | NullTranslations:
    """The request's catalogue, looked up once per request (and again only when `force_locale` changes the language).

    Flask-Babel finds the domain, the locale and the catalogue again on every call, and a page makes hundreds."""
    try:
        context = _cv_app.get().g.__dict__.get("_flask_babel")
    except LookupError:
        return Domain.get_translations(get_domain())
    if context is not None:
        kept = context.__dict__.get("portal_translations")
        if kept is not None and kept[0] is context.__dict__.get("babel_locale"):
            return kept[1]
    found = Domain.get_translations(get_domain())
    context = g._flask_babel
    context.portal_translations = (context.babel_locale, found)
    return found


class RequestDomain(Domain):
    """Flask-Babel's domain with the catalogue kept for the request: `_`, `_l` and `ngettext` in Python go here."""

    def get_translations(self) -> Translations | NullTranslations:
        return current_translations()


def init_app(app: Flask) -> None:
    # Templates ask for the catalogue once per request; Python code through RequestDomain.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda text: current_translations().ugettext(text),
        ngettext=lambda singular, plural, n: current_translations().ungettext(singular, plural, n),
        newstyle=True,
        pgettext=lambda context, text: current_translations().upgettext(context, text),
        npgettext=lambda context, singular, plural, n: current_translations().unpgettext(context, singular, plural, n),
    )
    babel = app.extensions["babel"].instance
    if not isinstance(babel.__dict__.get("domain_instance"), RequestDomain):
        babel.__dict__["domain_instance"] = RequestDomain(domain=app.config.get("BABEL_DOMAIN", "messages"))
    app.jinja_env.filters.update(
        datetimeformat=dates.datetimeformat, dateformat=dates.dateformat, timeformat=dates.timeformat
    )

    @app.template_filter("isodate")
    def isodate(value: str) -> str:
        """A date kept as ISO text (in JSON columns), shown the way the current language writes dates."""
        return dates.dateformat(date.fromisoformat(value), "long")

    @app.context_processor
    def language_context() -> dict[str, object]:
        current = str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"])
        others = [code for code in app.config["LANGUAGES"] if code != current]
        return {"current_language": current, "other_languages": others, "language_names": LANGUAGE_NAMES}
