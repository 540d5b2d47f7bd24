"""Whom the logged-in citizen acts for on this request: themselves, or a person they hold a fuldmagt from.

A relative chooses the person on the chooser; the choice is kept in the session with the person's name, so
every page can say "Du handler på vegne af ..." without a query. Whether the fuldmagt still holds is asked
anew on every request through the policy, so a revocation counts from the next click.
"""

from __future__ import annotations

from typing import Any

from flask import abort, request, session
from flask_login import current_user

from portal.access_log import services as access_log
from portal.auth.policy import Action, may
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
    person_id = subject_person_id()
    allowed = may(current_user, action, person_id)
    if not allowed:
        # The fuldmagt was revoked or has run out: the person is no longer there for this user.
        act_for_myself()
        abort(404)
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    if allowed.acting_as != "self":
        access_log.record(
            current_user, person.id, allowed.acting_as, request.endpoint or "", delegation_id=allowed.delegation_id
        )
    return person


def own_person(action: Action) -> Person:
    """The logged-in citizen's own person, for pages that are always about oneself (relatives, log, my data)."""
    if not may(current_user, action, current_user.person_id):
        abort(404)
    person = db.session.get(Person, current_user.person_id)
    if person is None:
        abort(404)
    return person
