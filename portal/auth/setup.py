"""Wires login into the app: Flask-Login, the OIDC clients, server-side sessions and their timeouts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal import web_sessions
from portal.auth import oidc
from portal.auth.allowed import AllowedHere
from portal.auth.routes import TIMEOUT_WORDS
from portal.auth.user import AnonymousUser, SessionUser
from portal.extensions import login_manager

# Pages a timed-out browser may still reach before it is told it was logged out.
UNTOUCHED_BY_TIMEOUT = {"static", "auth.logged_out", "health.healthz", "health.readyz"}


def init_app(app: Flask) -> None:
    web_sessions.init_app(app)
    oidc.init_app(app)
    # Session fixation is handled by a new session id at login; Flask-Login's own guess by IP is not needed.
    login_manager.session_protection = None
    login_manager.anonymous_user = AnonymousUser

    @login_manager.user_loader
    def load_user(account_id: str) -> SessionUser | None:
        identity = session.get("identity")
        if identity and str(identity.get("account_id")) == account_id:
            return SessionUser.from_session(identity)
        return None

    @app.before_request
    def tell_about_timeout() -> ResponseReturnValue | None:
        current = web_sessions.current()
        reason = getattr(current, "timed_out", None)
        if not reason or request.endpoint in UNTOUCHED_BY_TIMEOUT:
            return None
        current.timed_out = None
        place = request.full_path.rstrip("?") if request.method == "GET" else urlsplit(request.referrer or "/").path
        return redirect(url_for("auth.logged_out", grund=TIMEOUT_WORDS[reason], next=place), code=303)

    @app.context_processor
    def permissions() -> dict[str, Any]:
        return {"may_do": AllowedHere()}

    @app.context_processor
    def session_expiry() -> dict[str, Any]:
        current = web_sessions.current()
        if not current_user.is_authenticated or not hasattr(current, "activity_at"):
            return {}
        idle_end = current.activity_at + timedelta(minutes=app.config["SESSION_IDLE_MINUTES"])
        created = current.created_at or current.activity_at
        absolute_end = created + timedelta(minutes=app.config["SESSION_ABSOLUTE_MINUTES"])
        return {"logout_at": min(idle_end, absolute_end)}
