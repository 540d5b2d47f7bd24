"""Log in through one of three entries, come back from the provider, log out."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user, login_user, logout_user
from joserfc.errors import JoseError
from requests import RequestException

from portal import rate_limits, web_sessions
from portal.auth import oidc, services
from portal.auth.access import authenticated, public
from portal.auth.held import held_by
from portal.auth.user import SessionUser
from portal.clock import today
from portal.urls import safe_next

bp = Blueprint("auth", __name__)
log = logging.getLogger(__name__)

# The login entries by the word in their address.
ENTRIES = {"mitid": "citizen", "laege": "gp", "medarbejder": "staff"}
LANDING = {"citizen": "overview.index", "gp": "gp.referrals", "staff": "staff.console"}
TIMEOUT_WORDS = {"idle": "inaktiv", "absolute": "tid"}


def _kind(entry: str) -> str:
    if entry not in ENTRIES:
        abort(404)
    return ENTRIES[entry]


@bp.get("/log-ind")
@public
def login() -> ResponseReturnValue:
    return render_template("auth/login.html", next=safe_next(request.args.get("next")))


@bp.get("/log-ind/<entry>")
@public
@rate_limits.login
def start(entry: str) -> ResponseReturnValue:
    kind = _kind(entry)
    session["login_next"] = safe_next(request.args.get("next")) if request.args.get("next") else None
    extra = {"ui_locales": str(get_locale())}
    required = oidc.required_assurance(kind)
    if required:
        extra["acr_values"] = oidc.broker().acr_for(required)
    try:
        return oidc.client(kind).authorize_redirect(url_for("auth.callback", entry=entry, _external=True), **extra)
    except RequestException as error:
        log.warning("Login provider unreachable for %s: %s", kind, type(error).__name__)
        return render_template("auth/login-failed.html", reason="unreachable", entry=entry), 503


@bp.get("/log-ind/<entry>/svar")
@public
@rate_limits.login
def callback(entry: str) -> ResponseReturnValue:
    kind = _kind(entry)
    if request.args.get("error"):
        # The user cancelled at the provider, or the provider refused the request.
        log.info("Login at %s ended by the provider: %s", kind, request.args.get("error"))
        return render_template("auth/login-failed.html", reason="cancelled", entry=entry), 400
    try:
        token = oidc.client(kind).authorize_access_token()
    except (OAuthError, JoseError, RequestException, ValueError) as error:
        # The error type and OAuth code only: descriptions may quote claims.
        log.warning("Login at %s failed: %s %s", kind, type(error).__name__, getattr(error, "error", ""))
        return render_template("auth/login-failed.html", reason="failed", entry=entry), 400
    claims = dict(token.get("userinfo") or {})
    if not claims.get("sub"):
        log.warning("Login at %s failed: no ID token", kind)
        return render_template("auth/login-failed.html", reason="failed", entry=entry), 400
    config = current_app.config
    try:
        user = services.complete_login(
            kind,
            config["OIDC_LOGINS"][kind]["issuer"],
            claims,
            oidc.broker(),
            oidc.required_assurance(kind),
            services.StaffClaims(config["STAFF_ROLES_CLAIM"], config["STAFF_ROLE_VALUES"]),
            language=str(get_locale() or config["BABEL_DEFAULT_LOCALE"]),
        )
    except services.LoginRefused as refusal:
        log.warning("Login at %s refused: %s", kind, refusal.reason)
        return render_template("auth/login-failed.html", reason=refusal.reason, entry=entry), 403
    next_page = session.get("login_next")
    session.clear()
    web_sessions.current().regenerate()
    # Only who the user is in the portal's own terms: the ID token (with its CPR claim) is not kept.
    session["identity"] = user.to_session()
    login_user(user)
    return redirect(next_page or _landing(user), code=303)


def _landing(user: SessionUser) -> str:
    if user.kind == "citizen" and user.person_id:
        day = today()
        # A citizen who holds a fuldmagt, or has one waiting to be accepted, starts by choosing whom to act for.
        if any(d.is_active_on(day) or d.is_pending_on(day) for d in held_by(user.person_id)):
            return url_for("delegations.choose")
    return url_for(LANDING[user.kind])


@bp.post("/log-ud")
@authenticated
def logout() -> ResponseReturnValue:
    user: SessionUser = current_user._get_current_object()
    services.record_logout(user)
    logout_user()
    session.clear()
    try:
        end_session = oidc.client(user.kind).load_server_metadata().get("end_session_endpoint")
    except RequestException:
        end_session = None
    if not end_session:
        return redirect(url_for("auth.logged_out"), code=303)
    # RP-Initiated Logout 1.0 lets client_id stand in for id_token_hint: the ID token carries the CPR number, and
    # this address lands in browser history and proxy logs.
    params = {
        "post_logout_redirect_uri": url_for("auth.logged_out", _external=True),
        "client_id": current_app.config["OIDC_LOGINS"][user.kind]["client_id"],
    }
    return redirect(f"{end_session}?{urlencode(params)}", code=303)


@bp.get("/logget-ud")
@public
def logged_out() -> ResponseReturnValue:
    reason = request.args.get("grund")
    next_page = safe_next(request.args.get("next")) if request.args.get("next") else None
    return render_template("auth/logged-out.html", reason=reason, next=next_page)
