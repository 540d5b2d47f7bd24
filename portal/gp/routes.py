"""The GP's pages: their referrals and what became of them."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from portal.auth.access import roles_required
from portal.models import Role

bp = Blueprint("gp", __name__, url_prefix="/laege")


@bp.get("/henvisninger")
@roles_required(Role.GP)
def referrals() -> ResponseReturnValue:
    return render_template("gp/referrals.html")
