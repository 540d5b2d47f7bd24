from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.database import Base, TimestampMixin, UTCDateTime, utcnow
from portal.models.person import Person


class Role(enum.StrEnum):
    """What an account may act as. A relative is a citizen who holds a fuldmagt, not a role of its own."""

    CITIZEN = "citizen"
    GP = "gp"
    VISITATOR = "visitator"
    THERAPIST = "therapist"
    ADMIN = "admin"
    # Home care (hjemmepleje): trains with citizens at home and logs it; sees nothing else of theirs.
    HELPER = "helper"


STAFF_ROLES = frozenset({Role.VISITATOR, Role.THERAPIST, Role.ADMIN, Role.HELPER})
# The issuer of the accounts that stand for a case system calling the API (`portal.api`), not for a person.
SYSTEM_ISSUER = "urn:traeningsportalen:api-client"


class Account(TimestampMixin, Base):
    """A login identity: one issuer + subject pair from an OpenID provider."""

    __tablename__ = "accounts"
    __table_args__ = (sa.UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(sa.String(500))
    subject: Mapped[str] = mapped_column(sa.String(255))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    # MitID Erhverv and staff logins carry an organisation (CVR number and name).
    organisation_cvr: Mapped[str | None] = mapped_column(sa.String(8))
    organisation_name: Mapped[str | None] = mapped_column(sa.String(200))
    # The work e-mail a MitID Erhverv login carries, renewed at every login: where notices to a GP go. None when
    # the login had none; the GP then finds news on their page in the portal only.
    email: Mapped[str | None] = mapped_column(sa.String(254))
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    person: Mapped[Person | None] = relationship()
    roles: Mapped[list[AccountRole]] = relationship(
        back_populates="account", cascade="all, delete-orphan", lazy="selectin"
    )

    # Flask-Login's user protocol.
    is_active = True
    is_anonymous = False
    is_authenticated = True

    def get_id(self) -> str:
        return str(self.id)

    @property
    def role_names(self) -> frozenset[Role]:
        return frozenset(Role(r.role) for r in self.roles)

    def has_role(self, *roles: Role) -> bool:
        return bool(self.role_names.intersection(roles))

    @property
    def first_name(self) -> str | None:
        """What a citizen is told of who trains them: a person's first name. A case system that booked through the
        API is no therapist, so it gives none ("Norddjurs" of "Norddjurs Kommunes omsorgssystem" is nobody's name)."""
        return first_name_of(self.display_name, self.issuer)

    def __repr__(self) -> str:
        return f"<Account {self.id}>"


class AccountRole(Base):
    __tablename__ = "account_roles"

    account_id: Mapped[int] = mapped_column(sa.ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(sa.String(20), primary_key=True)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    account: Mapped[Account] = relationship(back_populates="roles")


def first_name_of(display_name: str, issuer: str) -> str | None:
    if issuer == SYSTEM_ISSUER:
        return None
    parts = display_name.split()
    return parts[0] if parts else None
