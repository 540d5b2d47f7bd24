"""The municipality's console."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from portal.auth.access import roles_required
from portal.models import Role

bp = Blueprint("staff", __name__, url_prefix="/medarbejder")

ROLE_NAMES = {
    Role.VISITATOR: _l("Visitator"),
    Role.THERAPIST: _l("Therapist"),
    Role.ADMIN: _l("Administrator"),
}


@bp.get("/")
@roles_required(Role.VISITATOR, Role.THERAPIST, Role.ADMIN)
def console() -> ResponseReturnValue:
    return render_template("staff/console.html", role_names=ROLE_NAMES)
