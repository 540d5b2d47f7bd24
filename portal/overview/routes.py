"""Mit overblik: where a citizen starts after logging in, and what a relative sees for the person they help."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action, delegations_held
from portal.clock import today
from portal.delegations.forms import SCOPE_HELP, SCOPE_LABELS
from portal.models import Role
from portal.programs.services import has_issued_program
from portal.referrals.services import for_overview as gp_referrals_for

bp = Blueprint("overview", __name__)


@bp.get("/mit-overblik")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    person = acting.person_for(Action.OVERVIEW)
    scopes = None
    if person.id != current_user.person_id:
        day = today()
        held = delegations_held(current_user.person_id)
        scopes = next(d.scope_set for d in held if d.grantor_person_id == person.id and d.is_active_on(day))
    return render_template(
        "overview/index.html",
        person=person,
        scopes=scopes,
        scope_labels=SCOPE_LABELS,
        scope_help=SCOPE_HELP,
        gp_referrals=gp_referrals_for(current_user, person.id),
        # A relative sees the program only with the "see" scope, as the program pages themselves.
        has_program=(scopes is None or "see" in scopes) and has_issued_program(person.id),
    )
