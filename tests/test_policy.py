"""The access function as a table: every action for every kind of caller, with the expected answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask

from portal.auth.broker import Assurance
from portal.auth.policy import Action, allowed_actions, may, permission
from portal.auth.user import AnonymousUser, SessionUser
from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import Delegation, Person, Role, Scope
from portal.models.delegation import DelegationKind
from tests import factories

OWNER, RELATIVE, OTHER = 1, 2, 3
DAY = today()


def citizen(person_id: int) -> SessionUser:
    return SessionUser(1, "x", frozenset({Role.CITIZEN}), "citizen", Assurance.SUBSTANTIAL, person_id)


def staff(*roles: Role) -> SessionUser:
    return SessionUser(9, "Staff", frozenset(roles), "staff", Assurance.SUBSTANTIAL)


GP = SessionUser(8, "GP", frozenset({Role.GP}), "gp", Assurance.SUBSTANTIAL, organisation_name="Klinik")


def grant(*scopes: Scope, **overrides: object) -> Delegation:
    values = {
        "id": 7,
        "kind": DelegationKind.FULDMAGT,
        "grantor_person_id": OWNER,
        "grantee_person_id": RELATIVE,
        "scopes": " ".join(scopes),
        "valid_from": DAY - timedelta(days=10),
        "valid_to": None,
        "accepted_at": utcnow(),
        "revoked_at": None,
    }
    values.update(overrides)
    return Delegation(**values)


CITIZEN_ACTIONS = [
    Action.SEE,
    Action.MANAGE_SESSIONS,
    Action.TRAIN,
    Action.MANAGE_CONTACT,
    Action.APPLY,
    Action.RECEIVE_NOTICES,
]
OWNER_ONLY = [Action.MANAGE_RELATIVES, Action.READ_ACCESS_LOG, Action.DOWNLOAD_DATA]
STAFF_ONLY = [Action.REGISTER_DELEGATION, Action.STAFF_READ_ACCESS_LOG]
ALL_SCOPES = list(Scope)

# (caller, delegations) -> the actions that are allowed; every other action must be refused.
CASES = {
    "owner": (citizen(OWNER), [], set(CITIZEN_ACTIONS) | set(OWNER_ONLY) | {Action.OVERVIEW}),
    "another citizen": (citizen(OTHER), [], set()),
    "anonymous": (AnonymousUser(), [], set()),
    "gp": (GP, [], set()),
    "visitator": (staff(Role.VISITATOR), [], set(STAFF_ONLY)),
    "therapist": (staff(Role.THERAPIST), [], set()),
    "admin": (staff(Role.ADMIN), [], set(STAFF_ONLY)),
    # Home care trains with any citizen, and does nothing else of theirs.
    "home-care helper": (staff(Role.HELPER), [], {Action.TRAIN}),
    "relative, all scopes": (citizen(RELATIVE), [grant(*ALL_SCOPES)], set(CITIZEN_ACTIONS) | {Action.OVERVIEW}),
    "relative, see": (citizen(RELATIVE), [grant(Scope.SEE)], {Action.SEE, Action.OVERVIEW}),
    "relative, sessions": (
        citizen(RELATIVE),
        [grant(Scope.MANAGE_SESSIONS)],
        {Action.MANAGE_SESSIONS, Action.OVERVIEW},
    ),
    # Training with the citizen is a scope of its own: handling sessions does not open it, nor does it open them.
    "relative, help with training": (
        citizen(RELATIVE),
        [grant(Scope.HELP_TRAINING)],
        {Action.TRAIN, Action.OVERVIEW},
    ),
    # Handling sessions does not open the contact details; they are a scope of their own.
    "relative, contact": (citizen(RELATIVE), [grant(Scope.MANAGE_CONTACT)], {Action.MANAGE_CONTACT, Action.OVERVIEW}),
    "relative, see and sessions": (
        citizen(RELATIVE),
        [grant(Scope.SEE, Scope.MANAGE_SESSIONS)],
        {Action.SEE, Action.MANAGE_SESSIONS, Action.OVERVIEW},
    ),
    "relative, apply": (citizen(RELATIVE), [grant(Scope.APPLY)], {Action.APPLY, Action.OVERVIEW}),
    "relative, notices": (
        citizen(RELATIVE),
        [grant(Scope.RECEIVE_NOTICES)],
        {Action.RECEIVE_NOTICES, Action.OVERVIEW},
    ),
    "guardian on paper": (
        citizen(RELATIVE),
        [grant(*ALL_SCOPES, kind=DelegationKind.GUARDIANSHIP)],
        set(CITIZEN_ACTIONS) | {Action.OVERVIEW},
    ),
    "relative, pending": (citizen(RELATIVE), [grant(*ALL_SCOPES, accepted_at=None)], set()),
    "relative, revoked": (citizen(RELATIVE), [grant(*ALL_SCOPES, revoked_at=utcnow())], set()),
    "relative, expired": (citizen(RELATIVE), [grant(*ALL_SCOPES, valid_to=DAY - timedelta(days=1))], set()),
    "relative, not started": (citizen(RELATIVE), [grant(*ALL_SCOPES, valid_from=DAY + timedelta(days=1))], set()),
    "relative, last day": (citizen(RELATIVE), [grant(Scope.SEE, valid_to=DAY)], {Action.SEE, Action.OVERVIEW}),
    "relative of someone else": (citizen(RELATIVE), [grant(*ALL_SCOPES, grantor_person_id=OTHER)], set()),
    "someone else's relative": (citizen(OTHER), [grant(*ALL_SCOPES)], set()),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("action", list(Action))
def test_the_access_function(case: str, action: Action) -> None:
    user, delegations, allowed = CASES[case]
    answer = permission(user, action, OWNER, DAY, delegations)
    assert answer.allowed == (action in allowed), (case, action)


def test_a_relative_acts_under_a_named_fuldmagt() -> None:
    answer = permission(citizen(RELATIVE), Action.SEE, OWNER, DAY, [grant(Scope.SEE)])
    assert (answer.acting_as, answer.delegation_id) == ("relative", 7)


def test_a_guardian_acts_as_guardian() -> None:
    answer = permission(citizen(RELATIVE), Action.SEE, OWNER, DAY, [grant(Scope.SEE, kind=DelegationKind.GUARDIANSHIP)])
    assert answer.acting_as == "guardian"


def test_a_home_care_helper_acts_as_staff() -> None:
    answer = permission(staff(Role.HELPER), Action.TRAIN, OWNER, DAY)
    assert (answer.allowed, answer.acting_as, answer.delegation_id) == (True, "staff", None)


def test_nobody_acts_for_no_person() -> None:
    assert not permission(citizen(OWNER), Action.SEE, None, DAY)


def test_every_scope_a_citizen_can_give_opens_an_action_and_says_what_it_opens() -> None:
    from portal.auth.policy import SCOPE_FOR_ACTION
    from portal.auth.scope_labels import SCOPE_HELP, SCOPE_LABELS
    from portal.delegations.forms import scope_choices
    from portal.models.delegation import OFFERED_SCOPES

    assert set(OFFERED_SCOPES) <= set(SCOPE_FOR_ACTION.values())
    assert set(SCOPE_LABELS) == set(SCOPE_HELP) == set(Scope)
    assert [choice.value for choice in scope_choices()] == [str(scope) for scope in OFFERED_SCOPES]
    # The scope that opens nothing is not offered any more.
    assert Scope.RECEIVE_NOTICES not in OFFERED_SCOPES


def test_acting_for_oneself_asks_the_database_nothing_and_a_relative_reads_the_fuldmagter_once(
    app: Flask, count_queries: Callable[[], list[str]]
) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    factories.delegation(karen, mette, scopes="see apply")
    db.session.commit()
    karen_id, mette_id = karen.id, mette.id
    db.session.expunge_all()
    with app.test_request_context():
        before = len(count_queries())
        assert all(may(citizen(karen_id), action, karen_id) for action in (Action.SEE, Action.APPLY))
        assert count_queries()[before:] == []
    with app.test_request_context():
        before = len(count_queries())
        assert allowed_actions(citizen(mette_id), karen_id) == {Action.OVERVIEW, Action.SEE, Action.APPLY}
        # The grantor came with the fuldmagt: the page about Karen finds her without a query.
        assert db.session.get(Person, karen_id) is not None
        assert len(count_queries()) - before == 1
