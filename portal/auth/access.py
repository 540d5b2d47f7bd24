"""Every route declares who may call it. A test walks app.url_map and fails on a view without a declaration.

`public` marks pages for everyone; `authenticated` any logged-in account; `roles_required` logged-in accounts
holding one of the roles, at the NSIS assurance level the route needs. Object-level checks (ownership,
fuldmagt) come on top, in the `get_<thing>_for` helpers of each journey.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from portal.auth.broker import Assurance
from portal.models.account import STAFF_ROLES, Role

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
AUTHENTICATED = "authenticated"
ACCESS_ATTRIBUTE = "access_rule"


def public(view: F) -> F:
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def _to_login() -> Any:
    """Anonymous callers are sent to log in and brought back; a form post cannot be replayed, so it gets 401."""
    if request.method == "GET":
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    abort(401)


def authenticated(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return _to_login()
        return view(*args, **kwargs)

    setattr(wrapper, ACCESS_ATTRIBUTE, AUTHENTICATED)
    return wrapper  # type: ignore[return-value]


def roles_required(*roles: Role, assurance: Assurance | None = None) -> Callable[[F], F]:
    """Staff routes need the level the staff login is configured to require (STAFF_ASSURANCE); others substantial."""
    if not roles:
        raise ValueError("roles_required needs at least one role")
    staff_only = set(roles) <= STAFF_ROLES

    def needed() -> Assurance:
        if assurance is not None:
            return assurance
        return Assurance.named(current_app.config["STAFF_ASSURANCE"]) if staff_only else Assurance.SUBSTANTIAL

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return _to_login()
            if not current_user.has_role(*roles) or current_user.assurance < needed():
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, frozenset(roles))
        return wrapper  # type: ignore[return-value]

    return decorator


def access_rule(view: Callable[..., Any]) -> str | frozenset[Role] | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)
