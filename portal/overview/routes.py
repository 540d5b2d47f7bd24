"""Mit overblik: where a citizen starts after logging in."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from portal.auth.access import roles_required
from portal.models import Role

bp = Blueprint("overview", __name__)


@bp.get("/mit-overblik")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    return render_template("overview/index.html")
