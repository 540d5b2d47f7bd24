"""schemathesis against the app, from its own OpenAPI document: no 500, no answer outside the document, and no
malformed input accepted. Bounded, so it runs in the suite: 76 examples per operation, shared between the databases."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, seed, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from portal.extensions import db
from tests import factories
from tests.api.conftest import Api

if TYPE_CHECKING:
    from tests.conftest import TestDatabase

# Valid input by the document, and input that breaks it (which must be refused), for the two databases together:
# each draws its share of them from a seed of its own, so the two runs ask different questions and neither repeats the
# other's (the contract is the same on both; the suite's run on both is what takes the time).
MODES = ((GenerationMode.POSITIVE, 50), (GenerationMode.NEGATIVE, 26))
SEEDS = {"sqlite": 1, "postgresql": 2}
# PostgreSQL's share is the smaller: its process is the longest of the three `make test` runs side by side.
SHARE = {"sqlite": 0.6, "postgresql": 0.4}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def test_the_api_keeps_its_contract(app: Flask, api: Api, test_database: TestDatabase) -> None:
    karen = factories.person_for("citizen")
    factories.application(karen, factories.account_for(karen), case_number="TR-2026-00001")
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {api.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation, (mode, examples) in itertools.product(operations, MODES):
        # Seeded: the same examples every run, so a failure in CI is one anyone can repeat, and a run's outcome
        # never depends on luck.
        @seed(SEEDS[test_database.backend])
        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=round(examples * SHARE[test_database.backend]),
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def keeps_its_contract(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_its_contract()
