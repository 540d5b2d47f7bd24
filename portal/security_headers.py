"""Security headers on every response. No inline script or style is allowed anywhere in the portal.

Nothing with personal data may stay in a browser's or a proxy's cache (ASVS 8.2.1): after logging out, Back must
not show the overview again. So every answer is `no-store` except static files and public pages answered to a visitor
who is not logged in; a file is `no-store` whoever fetches it, since the calendar feed gives a person's sessions
to whoever holds its link, without a login.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user

from portal.auth.access import PUBLIC, access_rule


def content_security_policy(form_targets: list[str]) -> str:
    # Logging out posts a form whose answer sends the browser on to the provider, so the provider's origin
    # must be a permitted form target.
    return "; ".join(
        [
            "default-src 'self'",
            "img-src 'self' data:",
            "style-src 'self'",
            "script-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
            " ".join(["form-action 'self'", *form_targets]),
        ]
    )


def may_be_cached(response: Response) -> bool:
    """Static files, and public pages answered to a visitor who is not logged in."""
    if request.endpoint == "static":
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    is_page = response.mimetype == "text/html" and "attachment" not in response.headers.get("Content-Disposition", "")
    return is_page and view is not None and access_rule(view) == PUBLIC and not current_user.is_authenticated


def init_app(app: Flask, form_targets: list[str]) -> None:
    policy = content_security_policy(form_targets)

    @app.after_request
    def set_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if not may_be_cached(response):
            # Replaces what a view set: a personal answer is never cached, whatever the view thought.
            response.headers["Cache-Control"] = "no-store"
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        return response
