"""The relative's chooser: whom to act for. Granting and accepting a fuldmagt build on this."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.auth.access import roles_required
from portal.clock import today
from portal.delegations.services import active_for_grantee
from portal.models import Role

bp = Blueprint("delegations", __name__)


@bp.get("/jeg-hjaelper")
@roles_required(Role.CITIZEN)
def choose() -> ResponseReturnValue:
    delegations = active_for_grantee(current_user.person_id, today()) if current_user.person_id else []
    return render_template("delegations/choose.html", delegations=delegations)
