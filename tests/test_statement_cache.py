"""psycopg keeps the home's summary statement converted, rather than rewriting its 6.6 KB before each run."""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy.dialects import postgresql

from portal.database import CACHED_STATEMENT_BYTES
from portal.overview.services import _summary_statement

_queries = pytest.importorskip("psycopg._queries")


def test_the_app_raises_psycopgs_limit_for_statements_it_keeps(app: Flask) -> None:
    assert _queries.MAX_CACHED_STATEMENT_LENGTH >= CACHED_STATEMENT_BYTES


@pytest.mark.parametrize("english", [False, True])
@pytest.mark.parametrize("with_offers", [False, True])
def test_the_summary_fits_within_the_limit_with_its_parameters_few(english: bool, with_offers: bool) -> None:
    compiled = _summary_statement(english, with_offers).compile(dialect=postgresql.psycopg.dialect())
    assert len(str(compiled).encode()) <= CACHED_STATEMENT_BYTES
    assert len(compiled.params) <= _queries.MAX_CACHED_STATEMENT_PARAMS
