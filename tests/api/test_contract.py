"""schemathesis against the app, from its own OpenAPI document: no 500, no answer outside the document, and no
malformed input accepted. Bounded, so it runs in the suite: 50 examples per operation."""

from __future__ import annotations

import itertools
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
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

# Valid input by the document, and input that breaks it (which must be refused).
MODES = ((GenerationMode.POSITIVE, 50), (GenerationMode.NEGATIVE, 25))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


def test_the_api_keeps_its_contract(app: Flask, api: Api) -> None:
    karen = factories.person_for("citizen")
    factories.application(karen, factories.account_for(karen), case_number="TR-2026-00001")
    db.session.commit()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {api.token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation, (mode, examples) in itertools.product(operations, MODES):

        @given(case=operation.as_strategy(generation_mode=mode))
        # Derandomized: the same examples every run, so a failure in CI is one anyone can repeat, and a run's
        # outcome never depends on luck.
        @settings(
            max_examples=examples,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
            derandomize=True,
        )
        def keeps_its_contract(case: Any) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        keeps_its_contract()
