"""Whom the logged-in citizen acts for on this request: themselves, or a person they hold a fuldmagt from.

A relative chooses the person on the chooser; the choice is kept in the session with the person's name, so
every page can say "Du handler på vegne af ..." without a query. Whether the fuldmagt still holds is asked
anew on every request through the policy, so a revocation counts from the next click, and the relative is told
in words that it ended and is taken back to their own start.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import dates
from portal.access_log import services as access_log
from portal.auth import held
from portal.auth.policy import Action, may
from portal.auth.scope_refusal import refuse_if_a_scope_is_missing
from portal.calendar import copenhagen_date
from portal.clock import today
from portal.extensions import db
from portal.models import Person

ACTING_KEY = "acting_for"


def acting_for() -> dict[str, Any] | None:
    return session.get(ACTING_KEY)


def act_for(person: Person) -> None:
    session[ACTING_KEY] = {"person_id": person.id, "name": person.full_name}


def act_for_myself() -> None:
    session.pop(ACTING_KEY, None)


def subject_person_id() -> int | None:
    chosen = acting_for()
    return chosen["person_id"] if chosen else current_user.person_id


def person_for(action: Action) -> Person:
    """The person this page is about, if the current user may do `action` for them now; 404 otherwise.

    A read by anyone but the person goes into the person's access log.
    """
    person = db.session.get(Person, person_id_for(action))
    if person is None:
        abort(404)
    return person


def person_id_for(action: Action) -> int:
    """`person_for` for a page that needs no more of the person than the id to read its own rows by: the same
    check, the same 404 and the same access log, without loading the person (a query on every citizen page).

    The id is the citizen's own or that of a fuldmagt's giver, and persons are never deleted.
    """
    person_id = subject_person_id()
    allowed = may(current_user, action, person_id)
    if not allowed or person_id is None:
        chosen = acting_for()
        if chosen is not None:
            # The fuldmagt holds but lacks the scope: a 403 that says which, still acting for the person.
            refuse_if_a_scope_is_missing(current_user, action, chosen["person_id"], chosen["name"])
        # Refused while acting for someone: back to acting for oneself, whatever the reason.
        act_for_myself()
        if chosen is not None and current_user.person_id is not None:
            _tell_that_the_fuldmagt_ended(chosen)
        abort(404)
    if allowed.acting_as != "self":
        access_log.record(
            current_user, person_id, allowed.acting_as, request.endpoint or "", delegation_id=allowed.delegation_id
        )
    return person_id


def acted_for_name(person_id: int) -> str | None:
    """The name a page gives the person a relative acts for, as the banner on every page does (kept in the session
    when the relative chose them); None on the citizen's own pages."""
    chosen = acting_for()
    return chosen["name"] if chosen is not None and chosen["person_id"] == person_id else None


def _tell_that_the_fuldmagt_ended(chosen: dict[str, Any]) -> None:
    """When the fuldmagt itself is over, the relative is told so and sent to their own start instead of a 404."""
    day = today()
    ending = held.ending_of(chosen["person_id"], current_user.person_id, day)
    if ending is None:
        return
    name = chosen["name"]
    when = dates.dateformat(copenhagen_date(ending.on), "long") if ending.on is not None else ""
    if ending.reason == "revoked":
        message = _("%(name)s has taken back the power of attorney on %(date)s.", name=name, date=when)
    elif ending.reason == "ended":
        message = _("The municipality ended the power of attorney from %(name)s on %(date)s.", name=name, date=when)
    elif ending.reason == "expired":
        message = _("The power of attorney from %(name)s ran until %(date)s.", name=name, date=when)
    else:
        message = _("You can no longer act for %(name)s.", name=name)
    flash(message, "warning")
    still_helps = any(d.is_active_on(day) or d.is_pending_on(day) for d in held.held_by(current_user.person_id))
    abort(redirect(url_for("delegations.choose" if still_helps else "overview.index"), code=303))


def own_person(action: Action) -> Person:
    """The logged-in citizen's own person, for pages that are always about oneself (relatives, log, my data)."""
    if not may(current_user, action, current_user.person_id):
        abort(404)
    person = db.session.get(Person, current_user.person_id)
    if person is None:
        abort(404)
    return person
