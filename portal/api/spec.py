"""The OpenAPI 3.1 document, made by spectree from the views' pydantic models.

spectree fits a Flask app that already exists (flask-smorest wants marshmallow and its own Api object, APIFlask its
own app class) and pydantic 2 writes JSON Schema 2020-12, the dialect OpenAPI 3.1 uses. Its own documentation
routes are not registered: the document and the reference page are served by `portal.api.routes`, where they
declare who may call them like every other route.
"""

from __future__ import annotations

from typing import Any

from spectree import SecurityScheme, SpecTree
from spectree.models import SecureType, SecuritySchemeData

from portal.api.oauth import SCOPES
from portal.api.problems import PROBLEM_TYPE, Problem


def _refused(req: Any, resp: Any, error: Any, instance: Any, *args: Any) -> None:
    """A body or query that does not match the schema is answered as problem details, never handled."""
    if error is not None:
        fields = [
            {"loc": [str(part) for part in item.get("loc", ())], "msg": str(item.get("msg", ""))}
            for item in error.errors(include_url=False, include_input=False)
        ]
        raise Problem(422, code="invalid_request", errors=fields)


class ApiSpec(SpecTree):
    """Refusals are problem details: the document says so, with their own media type."""

    def _generate_spec(self) -> dict[str, Any]:
        document = super()._generate_spec()
        for operations in document.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    if str(status).isdigit() and int(status) >= 400 and "application/json" in answer.get("content", {}):
                        answer["content"] = {PROBLEM_TYPE: answer["content"]["application/json"]}
        return document


spec = ApiSpec(
    "flask",
    title="Træningsportalen case-system API",
    version="1",
    description=(
        "The municipality's care record system reads applications, cancellations and programs and writes decisions, "
        "bookings and rehabilitation plans. OAuth 2.0 client credentials; errors as RFC 9457 problem details; "
        "every POST takes an Idempotency-Key header."
    ),
    mode="strict",
    before=_refused,
    validation_error_status=422,
    security_schemes=[
        SecurityScheme(
            name="client_credentials",
            data=SecuritySchemeData(
                type=SecureType.OAUTH_TWO,
                flows={
                    "clientCredentials": {"tokenUrl": "/api/v1/token", "scopes": {scope: scope for scope in SCOPES}}
                },
            ),
        )
    ],
    security={"client_credentials": []},
)
