"""What the user may do for the person they act for, handed to every template.

Pages show a link to an action only when it is allowed (`{% if "apply" in may_do %}`), so a relative never follows
a link the portal showed them into a refusal. It is worked out on first use, once per request, from the request's
one read of the user's fuldmagter; a page that never asks costs nothing.
"""

from __future__ import annotations

from typing import Any

from flask import g, url_for
from flask_login import current_user

from portal.auth import acting
from portal.auth.policy import Action, allowed_actions


def _actions() -> frozenset[Action]:
    if "_allowed_here" not in g:
        person_id = acting.subject_person_id() if current_user.is_authenticated else None
        g._allowed_here = allowed_actions(current_user, person_id)
    return g._allowed_here


class AllowedHere:
    def __contains__(self, action: object) -> bool:
        return action in _actions()


def see_or_home(endpoint: str, **values: Any) -> str:
    """Where to land after an action: the page that shows its result, or the home for a relative whose fuldmagt
    lets them act but not see (cancel without "see", for instance), so a done action never ends in a refusal."""
    return url_for(endpoint, **values) if Action.SEE in _actions() else url_for("overview.index")
