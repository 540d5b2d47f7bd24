"""Forms on public pages that work without a session, so reading a public page leaves nothing on the server.

Flask-WTF keeps its CSRF token in the server-side session: a token on a public page would open a session for
every visitor who merely reads it. The few forms an anonymous visitor can send ("Kan jeg få træning?", "Var siden
nyttig?", confirming an e-mail address from a link) act on nothing that belongs to the visitor, so they are checked
the stateless way instead: the browser says where a post comes from (Sec-Fetch-Site, or Origin from browsers too
old for it), and a post from another site is refused. A client that sends neither header is not a browser, so no
visitor's browser is being abused, and it is let through as it could send the post itself anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import Flask, request
from flask_wtf.csrf import CSRFError

from portal.extensions import csrf
from portal.forms import PortalForm

F = TypeVar("F", bound=Callable[..., Any])
PUBLIC_FORM_ATTRIBUTE = "public_form"


class PublicForm(PortalForm):
    """A form an anonymous visitor sends: no session token in it, the same-site check guards the post."""

    class Meta:
        csrf = False


def public_form(view: F) -> F:
    """Marks a public view whose post is guarded by the same-site check instead of the session's CSRF token."""
    csrf.exempt(view)
    setattr(view, PUBLIC_FORM_ATTRIBUTE, True)
    return view


def is_same_site_post() -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        # "none" is the visitor's own doing: a bookmark or an address typed in.
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    # The host only: behind a proxy that ends TLS the scheme the app sees may differ from the browser's.
    return origin != "null" and urlsplit(origin).netloc.lower() == request.host.lower()


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_cross_site_posts() -> None:
        if request.method != "POST" or request.endpoint is None:
            return
        view = app.view_functions.get(request.endpoint)
        if getattr(view, PUBLIC_FORM_ATTRIBUTE, False) and not is_same_site_post():
            raise CSRFError("The post came from another site.")
