"""The column types: a StrEnum column gives back the member itself, and refuses a value its enum does not have."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from portal.database import StrEnumColumn
from portal.models import SessionKind, SessionStatus


@pytest.mark.parametrize("choices", [SessionKind, SessionStatus])
def test_each_stored_value_comes_back_as_its_member(choices: type) -> None:
    column = StrEnumColumn(choices, 40)
    dialect = sa.create_engine("sqlite://").dialect
    for member in choices:
        assert column.process_result_value(member.value, dialect) is member
        assert column.process_bind_param(member, dialect) == member.value
    assert column.process_result_value(None, dialect) is None


def test_a_value_the_enum_does_not_have_is_refused_both_ways() -> None:
    column = StrEnumColumn(SessionKind, 40)
    dialect = sa.create_engine("sqlite://").dialect
    with pytest.raises(ValueError):
        column.process_result_value("not-a-kind", dialect)
    with pytest.raises(ValueError):
        column.process_bind_param("not-a-kind", dialect)
