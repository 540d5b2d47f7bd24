"""Rate limits on what is worth hammering: starting and finishing a login, every anonymous post, the forms that
take a CPR number, and PDF generation.

The numbers live in the configuration (RATE_LIMIT_*, in Flask-Limiter's notation, e.g. "20 per 10 minutes;100 per
day"), read at each request. A logged-in caller is counted by their account, so colleagues behind one municipal
address do not use up each other's attempts; an anonymous one by the client address. The counts are kept in Redis
when REDIS_URL is set, so every process and host shares them, and in the process's memory otherwise.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_login import current_user

# The CPR forms share one count, so trying numbers in one form and then another gains nothing.
CPR_ENTRY_SCOPE = "cpr-entry"
PDF_SCOPE = "pdf"


def caller_key() -> str:
    if current_user.is_authenticated:
        return f"account:{current_user.get_id()}"
    # Behind the load balancer this is the client's address only when the proxy settings trust its header.
    return f"address:{request.remote_addr or 'unknown'}"


def _configured(name: str) -> Callable[[], str]:
    return lambda: current_app.config[name]


def _not_an_anonymous_post() -> bool:
    return request.method != "POST" or current_user.is_authenticated


limiter = Limiter(
    key_func=caller_key,
    # One count for all an anonymous caller posts, whichever form; logged-in callers have the limits below.
    application_limits=[_configured("RATE_LIMIT_ANONYMOUS_POST")],
    application_limits_exempt_when=_not_an_anonymous_post,
    strategy="moving-window",
    # If Redis is away, count in memory for a while rather than answer every limited page with an error.
    in_memory_fallback_enabled=True,
)

View = TypeVar("View", bound=Callable[..., Any])


def _marked(decorator: Callable[[View], View]) -> Callable[[View], View]:
    """The limit, and a mark on the view (carried up through the `functools.wraps` of the access decorators), so a
    request for any other view can skip the limiter's work (`_nothing_to_count`)."""

    def apply(view: View) -> View:
        limited = decorator(view)
        limited.rate_limited = True  # type: ignore[attr-defined]
        return limited

    return apply


login = _marked(limiter.limit(_configured("RATE_LIMIT_LOGIN")))
cpr_entry = _marked(limiter.shared_limit(_configured("RATE_LIMIT_CPR_ENTRY"), scope=CPR_ENTRY_SCOPE, methods=["POST"]))
pdf = _marked(limiter.shared_limit(_configured("RATE_LIMIT_PDF"), scope=PDF_SCOPE))


@limiter.request_filter
def _nothing_to_count() -> bool:
    """Most requests are a logged-in page or an anonymous GET of a view with no limit of its own: nothing counts them,
    and Flask-Limiter's resolving of limits for every request (a tenth of a small page's time) is skipped."""
    if not _not_an_anonymous_post():
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return view is not None and not getattr(view, "rate_limited", False)


def seconds_to_wait() -> int:
    """How long until the limit just broken lets the caller in again, for Retry-After and the page's words."""
    broken = limiter.current_limit
    if broken is None:
        return 60
    # The limiter counts in the machine's own time, so the wait is measured in it too, not in the portal's clock.
    return max(1, math.ceil(broken.window.reset_time - time.time()))


def init_app(app: Flask) -> None:
    app.config["RATELIMIT_STORAGE_URI"] = (
        app.config.get("RATELIMIT_STORAGE_URI") or app.config.get("REDIS_URL") or "memory://"
    )
    limiter.init_app(app)
