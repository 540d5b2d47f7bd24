"""The API within its budgets and limits, moving and attendance, and the citizen's own cancellations in the feed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from flask import Flask

from portal import clock
from portal.api import services
from portal.extensions import db
from portal.models import Application, TrainingSession
from portal.rate_limits import limiter
from portal.sessions import services as sessions
from tests import factories
from tests.api.conftest import MONDAY, Api, book, token_for
from tests.conftest import build_app


def _granted_course(api: Api) -> tuple[Application, int]:
    karen = factories.person_for("citizen")
    case = factories.application(karen, factories.account_for(karen), case_number="TR-2026-00001")
    db.session.commit()
    decision = {"outcome": "grant", "offer_id": "tg1", "sessions": 10, "goals": "Gå til Brugsen"}
    granted = api.post(f"/applications/{case.id}/decision", {"decision": decision})
    return case, granted["course_id"]


def test_every_read_stays_within_the_query_budget(app: Flask, api: Api, count_queries: Callable[[], list[str]]) -> None:
    case, course_id = _granted_course(api)
    book(api, course_id, 7, 14)
    plan = api.post(
        "/plans",
        {
            "cpr": "0101421234",
            "given_name": "Bent",
            "family_name": "Prøvesen",
            "hospital": "Regionshospitalet Randers",
            "ward": "Ortopædkirurgisk afdeling",
            "discharge_date": str(date(2026, 3, 1)),
            "received_on": str(date(2026, 3, 2)),
            "level": "basic",
            "function_text": "Går med rollator",
            "goals": "Gå uden rollator",
            "sessions": 8,
        },
        expected=201,
    )
    for path in (f"/applications/{case.id}", f"/courses/{course_id}", f"/plans/{plan['id']}", "/changes"):
        before = len(count_queries())
        api.get(path)
        assert len(count_queries()) - before <= 6, path


def test_a_moved_session_is_cancelled_and_replaced(app: Flask, api: Api) -> None:
    _, course_id = _granted_course(api)
    first = book(api, course_id, 7)[0]
    moved = api.post(
        f"/courses/{course_id}/sessions/{first['id']}/move",
        {"starts_at": (MONDAY + timedelta(days=8, hours=2)).isoformat(), "reason": "Terapeuten er syg"},
    )
    assert moved["cancelled"]["status"] == "cancelled_by_therapist"
    assert moved["replacement"]["replaces_session_id"] == first["id"]
    api.post(
        f"/courses/{course_id}/sessions/{first['id']}/move",
        {"starts_at": moved["replacement"]["starts_at"], "reason": "x"},
        409,
    )


def test_attendance_is_recorded_once_the_session_has_started(
    app: Flask, api: Api, make_api: Callable[..., Api]
) -> None:
    _, course_id = _granted_course(api)
    session = book(api, course_id, 7)[0]
    api.post(f"/courses/{course_id}/sessions/{session['id']}/attendance", {"status": "attended"}, 409)
    clock.set_clock(MONDAY + timedelta(days=7, hours=3))
    # A week later the first token has long expired; the system gets a new one, as it does every few minutes.
    recorded = make_api().post(f"/courses/{course_id}/sessions/{session['id']}/attendance", {"status": "attended"})
    assert recorded["status"] == "attended"


def test_the_citizens_own_cancellation_comes_through_the_feed(app: Flask, api: Api) -> None:
    _, course_id = _granted_course(api)
    booked = book(api, course_id, 7)[0]
    cursor = api.get("/changes", limit=500)["next_cursor"]
    clock.set_clock(MONDAY + timedelta(minutes=5))
    session = db.session.get(TrainingSession, booked["id"])
    assert sessions.cancel_by_citizen(session, "Jeg er syg", notice_hours=24)
    db.session.commit()
    changes = api.get("/changes", after=cursor)["items"]
    assert [(c["kind"], c["id"], c["status"]) for c in changes] == [("session", booked["id"], "cancelled_by_citizen")]


@pytest.fixture
def small_limits(app: Flask, test_database, idp) -> Iterator[Flask]:
    limited = build_app(test_database, idp, RATE_LIMIT_API="3 per minute", RATE_LIMIT_LOGIN="3 per minute")
    yield limited
    with limited.app_context():
        limiter.reset()
        db.session.remove()
        db.engine.dispose()


def test_each_client_has_its_own_rate_limit(app: Flask, small_limits: Flask) -> None:
    made = []
    with small_limits.app_context():
        for name in ("System A", "System B"):
            row, secret = services.create_client(name, "norddjurs", ["applications:read"])
            db.session.commit()
            made.append((row.client_id, secret))
        first = small_limits.test_client()
        one = Api(first, token_for(first, *made[0]))
        second = small_limits.test_client()
        other = Api(second, token_for(second, *made[1]))
        for _ in range(3):
            one.get("/applications")
        refused = one.client.get("/api/v1/applications", headers={"Authorization": f"Bearer {one.token}"})
        assert refused.status_code == 429 and refused.mimetype == "application/problem+json"
        assert int(refused.headers["Retry-After"]) >= 1
        other.get("/applications")
