"""Errors as RFC 9457 problem details (`application/problem+json`), with the title in Danish and in English."""

from __future__ import annotations

from typing import Any

from flask import Response, json, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

PROBLEM_TYPE = "application/problem+json"

TITLES: dict[int, Any] = {
    400: _l("The request could not be read"),
    401: _l("The access token is missing, wrong or expired"),
    403: _l("The client does not have the scope this needs"),
    404: _l("Not found"),
    405: _l("The method is not allowed here"),
    409: _l("The request conflicts with the state of the resource"),
    415: _l("The request body must be JSON"),
    422: _l("The request was understood but cannot be carried out"),
    429: _l("Too many requests"),
    500: _l("Something went wrong in the portal"),
}


class Problem(Exception):
    """A refused API request. The request edge rolls back, since the status is 400 or more."""

    def __init__(self, status: int, detail: str | None = None, code: str | None = None, **extra: Any) -> None:
        super().__init__(status, code)
        self.status = status
        self.detail = detail
        self.code = code
        self.extra = extra
        self.headers: dict[str, str] = {}


def titles(status: int) -> dict[str, str]:
    title = TITLES.get(status, TITLES[500])
    found = {}
    for language in ("da", "en"):
        with force_locale(language):
            found[language] = str(title)
    return found


def body_of(problem: Problem) -> dict[str, Any]:
    named = titles(problem.status)
    body: dict[str, Any] = {
        "type": f"about:blank#{problem.code}" if problem.code else "about:blank",
        "title": named["da"],
        "title_en": named["en"],
        "status": problem.status,
        "instance": request.path,
    }
    if problem.code:
        body["code"] = problem.code
    if problem.detail:
        body["detail"] = problem.detail
    body.update(problem.extra)
    return body


def response(problem: Problem) -> Response:
    answer = Response(json.dumps(body_of(problem)), status=problem.status, mimetype=PROBLEM_TYPE)
    answer.headers.update(problem.headers)
    return answer
