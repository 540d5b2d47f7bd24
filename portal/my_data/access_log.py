"""Hvem har set mine oplysninger? The citizen's own access log, newest first."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from portal.access_log import services
from portal.access_log.labels import ACTING_LABELS, action_label
from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.models import Role
from portal.paging import requested_page

bp = Blueprint("access_log", __name__)


@bp.get("/hvem-har-set-mine-oplysninger")
@roles_required(Role.CITIZEN)
def mine() -> ResponseReturnValue:
    me = acting.own_person(Action.READ_ACCESS_LOG)
    page = requested_page()
    entries, has_older = services.page_for(me.id, page)
    return render_template(
        "my_data/access-log.html",
        entries=entries,
        page=page,
        has_older=has_older,
        acting_labels=ACTING_LABELS,
        action_label=action_label,
    )
