"""The front page."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.auth.access import public
from portal.auth.held import held_by
from portal.clock import today

bp = Blueprint("main", __name__)


@bp.get("/")
@public
def index() -> ResponseReturnValue:
    # A logged-in citizen who helps someone is shown the way to choose whom to act for as well as their own home.
    day = today()
    helps = (
        current_user.is_authenticated
        and current_user.kind == "citizen"
        and current_user.person_id is not None
        and any(d.is_active_on(day) or d.is_pending_on(day) for d in held_by(current_user.person_id))
    )
    return render_template("main/index.html", helps=helps)
