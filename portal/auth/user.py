"""The logged-in user as the session knows it: no database query per request to learn who is calling."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_login import AnonymousUserMixin

from portal.auth.broker import Assurance
from portal.models.account import Role


@dataclass(frozen=True)
class SessionUser:
    account_id: int
    display_name: str
    roles: frozenset[Role]
    kind: str  # which login entry: "citizen", "gp" or "staff"
    assurance: Assurance
    person_id: int | None = None
    organisation_name: str | None = None

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.account_id)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    def to_session(self) -> dict[str, Any]:
        return {
            "account_id": self.account_id,
            "display_name": self.display_name,
            "roles": sorted(self.roles),
            "kind": self.kind,
            "assurance": int(self.assurance),
            "person_id": self.person_id,
            "organisation_name": self.organisation_name,
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> SessionUser:
        return cls(
            account_id=data["account_id"],
            display_name=data["display_name"],
            roles=frozenset(Role(role) for role in data["roles"]),
            kind=data["kind"],
            assurance=Assurance(data["assurance"]),
            person_id=data.get("person_id"),
            organisation_name=data.get("organisation_name"),
        )


class AnonymousUser(AnonymousUserMixin):
    roles: frozenset[Role] = frozenset()
    assurance = Assurance.NONE

    def has_role(self, *roles: Role) -> bool:
        return False
