"""Completing a login: who is this, in which role, and what does the portal remember of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from portal import cpr, people
from portal.access_log import services as access_log
from portal.auth.broker import Assurance, BrokerProfile
from portal.auth.user import SessionUser
from portal.database import utcnow
from portal.extensions import db
from portal.models import Account, AccountRole, Person, Role


class LoginRefused(Exception):
    """The provider said who the user is, but the portal cannot let them in. `reason` picks the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StaffClaims:
    roles_claim: str
    role_values: dict[str, str]


def complete_login(
    kind: str,
    issuer: str,
    claims: dict[str, Any],
    broker: BrokerProfile,
    required: Assurance,
    staff: StaffClaims,
    language: str | None = None,
) -> SessionUser:
    assurance = broker.assurance_of(claims)
    if assurance < required:
        raise LoginRefused("assurance")
    person = None
    organisation: tuple[str | None, str | None] = (None, None)
    email = None
    if kind == "citizen":
        person = _person_from_claims(claims, broker)
        if language:
            person.language = language
        roles = {Role.CITIZEN}
        name = person.full_name
    elif kind == "gp":
        cvr, org_name = broker.claim(claims, "cvr"), broker.claim(claims, "organisation_name")
        if not cvr:
            raise LoginRefused("cvr_missing")
        organisation = (cvr, org_name)
        roles = {Role.GP}
        name = broker.claim(claims, "full_name") or ""
        email = _email(broker.claim(claims, "email"))
    else:
        values = claims.get(staff.roles_claim) or []
        values = [values] if isinstance(values, str) else values
        roles = {Role(staff.role_values[value]) for value in values if value in staff.role_values}
        if not roles:
            raise LoginRefused("no_role")
        name = str(claims.get("name") or "")
    account = _account(issuer, str(claims["sub"]), name, person, organisation, email)
    role_change = _sync_roles(account, roles)
    account.last_login_at = utcnow()
    user = SessionUser(
        account_id=account.id,
        display_name=account.display_name,
        roles=frozenset(roles),
        kind=kind,
        assurance=assurance,
        person_id=person.id if person else None,
        organisation_name=account.organisation_name,
    )
    if role_change:
        access_log.record(user, user.person_id, "system", "roles.changed", detail=role_change)
    access_log.record(user, user.person_id, kind, "login")
    return user


def record_language(person_id: int, language: str) -> None:
    """The language a logged-in person now reads the portal in; their next letters are written in it."""
    db.session.execute(
        sa.update(Person)
        .where(Person.id == person_id, sa.or_(Person.language.is_(None), Person.language != language))
        .values(language=language)
        .execution_options(synchronize_session=False)
    )


def _person_from_claims(claims: dict[str, Any], broker: BrokerProfile) -> Person:
    raw = broker.claim(claims, "cpr")
    if not raw:
        raise LoginRefused("cpr_missing")
    try:
        digits = cpr.normalise(raw)
    except cpr.InvalidCPR:
        raise LoginRefused("cpr_missing") from None
    given = broker.claim(claims, "given_name") or ""
    family = broker.claim(claims, "family_name") or ""
    if not (given or family):
        given, family = people.split_name(broker.claim(claims, "full_name") or "")
    person = people.find_or_create(digits, given, family)
    # MitID knows the current name; a name from a GP referral or a fuldmagt is replaced by it.
    person.given_name, person.family_name = given, family
    db.session.flush()
    return person


def _email(value: str | None) -> str | None:
    """The e-mail claim if it looks like one address; anything else is dropped rather than mailed to."""
    value = (value or "").strip()
    local, at, domain = value.rpartition("@")
    if not at or not local or "." not in domain or len(value) > 254 or any(c.isspace() or c in ",;<>" for c in value):
        return None
    return value


def _account(
    issuer: str,
    subject: str,
    name: str,
    person: Person | None,
    organisation: tuple[str | None, str | None],
    email: str | None = None,
) -> Account:
    account = db.session.scalar(sa.select(Account).where(Account.issuer == issuer, Account.subject == subject))
    if account is None:
        account = Account(issuer=issuer, subject=subject, display_name=name)
        db.session.add(account)
    account.display_name = name
    account.person = person
    account.organisation_cvr, account.organisation_name = organisation
    # The provider's address is the current one; a login without it forgets the old one rather than keep mailing it.
    account.email = email
    db.session.flush()
    return account


def _sync_roles(account: Account, roles: set[Role]) -> str | None:
    """Roles follow the provider at every login. Returns the change, for the access log, if roles changed."""
    current = {Role(r.role) for r in account.roles}
    if current == roles:
        return None
    account.roles = [r for r in account.roles if Role(r.role) in roles] + [
        AccountRole(role=str(role)) for role in sorted(roles - current)
    ]
    db.session.flush()
    return f"{','.join(sorted(current))} -> {','.join(sorted(roles))}" if current else None


def record_logout(user: SessionUser) -> None:
    access_log.record(user, user.person_id, user.kind, "logout")
