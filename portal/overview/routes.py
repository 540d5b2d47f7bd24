"""Mit overblik: the citizen's home after logging in, and the same home of the person a relative helps."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from portal.applications.labels import STATUS_NAMES
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action, delegations_held
from portal.auth.scope_labels import SCOPE_HELP, SCOPE_LABELS
from portal.clock import today, utcnow
from portal.models import Role
from portal.overview import services
from portal.sessions.context import citizen_context

bp = Blueprint("overview", __name__)


@bp.get("/mit-overblik")
@roles_required(Role.CITIZEN)
def index() -> ResponseReturnValue:
    person_id = acting.person_id_for(Action.OVERVIEW)
    own = person_id == current_user.person_id
    day = today()
    scopes = None
    if not own:
        # Read with the permission above: no query of its own.
        held = delegations_held(current_user.person_id)
        scopes = next(d.scope_set for d in held if d.grantor_person_id == person_id and d.is_active_on(day))
    now = utcnow()
    return render_template(
        "overview/index.html",
        name=acting.acted_for_name(person_id),
        own=own,
        scopes=scopes,
        scope_labels=SCOPE_LABELS,
        scope_help=SCOPE_HELP,
        summary=services.summary(person_id, day, str(get_locale()), with_offers=own),
        next_session=services.next_session(person_id, now),
        now=now,
        status_names=STATUS_NAMES,
        **citizen_context(),
    )
