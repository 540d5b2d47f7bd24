"""Who may call an API route: a registered client whose bearer token carries the route's scope.

Like `portal.auth.access`, the declaration sits on the view, so the test that walks `app.url_map` sees it. The
client acts through its own account, and `as_actor()` gives it in the form the access log writes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6750 import InsufficientScopeError
from flask import current_app, g
from limits import parse_many

from portal.api.oauth import SCOPES, protector
from portal.api.problems import Problem
from portal.auth.access import ACCESS_ATTRIBUTE
from portal.auth.broker import Assurance
from portal.auth.user import SessionUser
from portal.models import ApiClient
from portal.rate_limits import limiter

F = TypeVar("F", bound=Callable[..., Any])

CLIENT = "client"
ACTING_AS = "case_system"


class ClientRule(str):
    """The access declaration of an API route: "client:<scope>"."""

    @property
    def scope(self) -> str:
        return self.split(":", 1)[1]


def client_required(scope: str) -> Callable[[F], F]:
    if scope not in SCOPES:
        raise ValueError(scope)

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                token = protector.acquire_token([scope])
            except InsufficientScopeError as error:
                raise Problem(403, code="insufficient_scope", scope=scope) from error
            except OAuth2Error as error:
                problem = Problem(401, code="invalid_token")
                problem.headers["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
                raise problem from error
            g.api_client = token.row.client
            _count(g.api_client)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, ClientRule(f"{CLIENT}:{scope}"))
        return wrapper  # type: ignore[return-value]

    return decorator


def _count(client: ApiClient) -> None:
    """Each client has its own count (RATE_LIMIT_API), kept where the portal's other limits are."""
    for limit in parse_many(current_app.config["RATE_LIMIT_API"]):
        if not limiter.limiter.hit(limit, "api-client", client.client_id):
            reset = limiter.limiter.get_window_stats(limit, "api-client", client.client_id).reset_time
            problem = Problem(429, code="rate_limited")
            problem.headers["Retry-After"] = str(max(1, math.ceil(reset - time.time())))
            raise problem


def current_client() -> ApiClient:
    return g.api_client


def same_municipality() -> bool:
    """A client registered for another municipality finds none of this deployment's data."""
    return current_client().municipality == current_app.config["MUNICIPALITY"]


def as_actor() -> SessionUser:
    client = current_client()
    return SessionUser(
        account_id=client.account_id,
        display_name=client.display_name,
        roles=frozenset(),
        kind=CLIENT,
        assurance=Assurance.NONE,
        organisation_name=client.display_name,
    )
