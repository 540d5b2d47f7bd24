"""All models, imported here so Alembic and the app see one metadata."""

from portal.models.access_log import AccessLog
from portal.models.account import Account, AccountRole, Role
from portal.models.person import Person

__all__ = ["AccessLog", "Account", "AccountRole", "Person", "Role"]
