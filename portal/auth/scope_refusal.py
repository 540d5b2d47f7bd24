"""A relative whose fuldmagt holds, but does not reach the action they asked for, is told which scope is missing.

A 404 would say the page is gone and, worse, used to drop the acting-for choice, so the citizen's pages seemed to
vanish. The answer is a 403 page in words: what the fuldmagt lacks, who can give it, and the way back; the relative
keeps acting for the same person.
"""

from __future__ import annotations

from flask import abort, make_response, render_template

from portal.auth.policy import SCOPE_FOR_ACTION, Action, delegations_held
from portal.auth.scope_labels import SCOPE_HELP, SCOPE_LABELS
from portal.auth.user import SessionUser
from portal.clock import today


def refuse_if_a_scope_is_missing(user: SessionUser, action: Action, person_id: int, name: str) -> None:
    """Answers 403 with the missing scope when a fuldmagt from the person holds; returns when none does."""
    scope = SCOPE_FOR_ACTION.get(action)
    if scope is None or user.person_id is None:
        return
    day = today()
    holding = next(
        (d for d in delegations_held(user.person_id) if d.grantor_person_id == person_id and d.is_active_on(day)),
        None,
    )
    if holding is None:
        return
    page = render_template(
        "errors/missing-scope.html",
        name=name,
        scope_label=SCOPE_LABELS[scope],
        scope_help=SCOPE_HELP[scope],
        # A fuldmagt on paper or a guardianship is changed through the municipality, not in the portal.
        kind=holding.kind,
    )
    abort(make_response(page, 403))
