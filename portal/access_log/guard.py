"""The access log is append-only from the app's side: any attempt to change or remove a row fails loudly."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from portal.models import AccessLog


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(AccessLog, "before_update")
def _refuse_update(mapper: Any, connection: Any, target: AccessLog) -> None:
    raise AppendOnlyError("The access log is append-only; rows cannot be changed.")


@event.listens_for(AccessLog, "before_delete")
def _refuse_delete(mapper: Any, connection: Any, target: AccessLog) -> None:
    raise AppendOnlyError("The access log is append-only; rows cannot be removed.")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(mapper.class_ is AccessLog for mapper in state.all_mappers):
        raise AppendOnlyError("The access log is append-only; bulk updates and deletes are refused.")
