"""The one access check: may this account do this action for this person now?

Every route and object helper that touches a person's data asks here. The rule itself (`permission`) is a
pure function of the user, the action, the person, the day and the relevant fuldmagter, so it can be tested
as a table; `may` feeds it from the database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import g
from sqlalchemy.orm import joinedload

from portal.auth.user import AnonymousUser, SessionUser
from portal.clock import today
from portal.extensions import db
from portal.models import Delegation, Role, Scope
from portal.models.delegation import DelegationKind


class Action(enum.StrEnum):
    OVERVIEW = "overview"  # the citizen's front page in the portal; a relative with any scope may open it
    # Sessions and calendar links, letters, cases with their health answers, decisions and receipts, programs
    # and their log: what the SEE scope's label in delegations/forms.py lists.
    SEE = "see"
    MANAGE_SESSIONS = "manage_sessions"  # cancel a session, register absence, log self-training, program reminders
    TRAIN = "train"  # "Træn nu": run the program step by step with the citizen and log the day
    MANAGE_CONTACT = "manage_contact"  # e-mail, mobile number and reminder channels
    APPLY = "apply"  # apply, answer questions about a case or a referral, withdraw
    RECEIVE_NOTICES = "receive_notices"
    MANAGE_RELATIVES = "manage_relatives"  # give and take back a fuldmagt
    READ_ACCESS_LOG = "read_access_log"  # "Hvem har set mine oplysninger?"
    DOWNLOAD_DATA = "download_data"  # "Hent mine data"
    REGISTER_DELEGATION = "register_delegation"  # staff: paper fuldmagt and guardianship, and ending them
    STAFF_READ_ACCESS_LOG = "staff_read_access_log"  # staff, with a reason


# What a relative's scope lets them do; everything else is for the citizen alone.
SCOPE_FOR_ACTION = {
    Action.SEE: Scope.SEE,
    Action.MANAGE_SESSIONS: Scope.MANAGE_SESSIONS,
    Action.TRAIN: Scope.HELP_TRAINING,
    Action.MANAGE_CONTACT: Scope.MANAGE_CONTACT,
    Action.APPLY: Scope.APPLY,
    Action.RECEIVE_NOTICES: Scope.RECEIVE_NOTICES,
}
OWNER_ACTIONS = frozenset(SCOPE_FOR_ACTION) | {
    Action.OVERVIEW,
    Action.MANAGE_RELATIVES,
    Action.READ_ACCESS_LOG,
    Action.DOWNLOAD_DATA,
}
STAFF_ACTIONS = {
    Action.REGISTER_DELEGATION: frozenset({Role.VISITATOR, Role.ADMIN}),
    Action.STAFF_READ_ACCESS_LOG: frozenset({Role.VISITATOR, Role.ADMIN}),
}
# Actions of the citizen's side that staff in these roles may also do for any citizen: a home-care helper runs
# "Træn nu" with the citizen in their home. Every such visit is in the citizen's access log.
STAFF_ALSO = {
    Action.TRAIN: frozenset({Role.HELPER}),
}


@dataclass(frozen=True)
class Permission:
    allowed: bool
    acting_as: str = "none"  # "self", "relative", "guardian", "staff"
    delegation_id: int | None = None

    def __bool__(self) -> bool:
        return self.allowed


DENIED = Permission(False)


def permission(
    user: SessionUser | AnonymousUser,
    action: Action,
    person_id: int | None,
    day: date,
    delegations: Iterable[Delegation] = (),
) -> Permission:
    if not user.is_authenticated or person_id is None:
        return DENIED
    if action in STAFF_ACTIONS:
        return Permission(True, "staff") if user.has_role(*STAFF_ACTIONS[action]) else DENIED
    if action in STAFF_ALSO and user.has_role(*STAFF_ALSO[action]):
        return Permission(True, "staff")
    if not user.has_role(Role.CITIZEN) or user.person_id is None:
        return DENIED
    if user.person_id == person_id:
        return Permission(action in OWNER_ACTIONS, "self")
    scope = SCOPE_FOR_ACTION.get(action)
    if scope is None and action is not Action.OVERVIEW:
        return DENIED
    for delegation in delegations:
        if (
            delegation.grantor_person_id == person_id
            and delegation.grantee_person_id == user.person_id
            and delegation.is_active_on(day)
            and (scope is None or scope in delegation.scope_set)
        ):
            acting_as = "guardian" if delegation.kind == DelegationKind.GUARDIANSHIP else "relative"
            return Permission(True, acting_as, delegation.id)
    return DENIED


def delegations_held(person_id: int) -> list[Delegation]:
    """The fuldmagter a person holds that are not revoked, read once per request and never across requests,
    so a revocation counts from the very next request."""
    cache = g.setdefault("_delegations_held", {})
    if person_id not in cache:
        cache[person_id] = list(
            db.session.scalars(
                sa.select(Delegation)
                # The grantor comes along, so the page about them finds their person without a query of its own.
                .options(joinedload(Delegation.grantor))
                .where(Delegation.grantee_person_id == person_id, Delegation.revoked_at.is_(None))
            )
        )
    return cache[person_id]


def _held_for(user: SessionUser | AnonymousUser, person_id: int | None) -> list[Delegation]:
    # Acting for oneself needs no fuldmagt, so the citizen's own pages are spared the query.
    own = user.is_authenticated and user.person_id is not None and user.person_id == person_id
    return delegations_held(user.person_id) if user.is_authenticated and user.person_id and not own else []


def may(user: SessionUser | AnonymousUser, action: Action, person_id: int | None) -> Permission:
    return permission(user, action, person_id, today(), _held_for(user, person_id))


def allowed_actions(user: SessionUser | AnonymousUser, person_id: int | None) -> frozenset[Action]:
    """Every action the user may do for the person now, from the one read of their fuldmagter."""
    # The user behind the request's proxy, today and the fuldmagter once, not once per action.
    user = getattr(user, "_get_current_object", lambda: user)()
    day, held = today(), _held_for(user, person_id)
    return frozenset(action for action in Action if permission(user, action, person_id, day, held))
