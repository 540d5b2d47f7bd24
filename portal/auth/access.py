"""Every route declares who may call it. A test walks app.url_map and fails on a view without a declaration.

`public` marks pages for everyone; `roles_required` lets in logged-in accounts holding one of the roles.
Object-level checks (ownership, fuldmagt) come on top, in the `get_<thing>_for` helpers of each journey.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user

from portal.models.account import Role

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "public"
ACCESS_ATTRIBUTE = "access_rule"


def public(view: F) -> F:
    setattr(view, ACCESS_ATTRIBUTE, PUBLIC)
    return view


def roles_required(*roles: Role) -> Callable[[F], F]:
    if not roles:
        raise ValueError("roles_required needs at least one role")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                abort(401)
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, frozenset(roles))
        return wrapper  # type: ignore[return-value]

    return decorator


def access_rule(view: Callable[..., Any]) -> str | frozenset[Role] | None:
    return getattr(view, ACCESS_ATTRIBUTE, None)
