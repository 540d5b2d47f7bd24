"""The case-system API: tokens and scopes, a whole visitation through the API alone, the feed and the contract."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.api import services
from portal.extensions import db
from portal.models import AccessLog, Application, ApplicationStatus, Message, PromisedDates, SessionStatus
from tests import factories
from tests.api.conftest import MONDAY, Api, book, token_for


def _karens_application() -> Application:
    karen = factories.person_for("citizen")
    made = factories.application(karen, factories.account_for(karen), case_number="TR-2026-00001")
    db.session.commit()
    return made


def test_a_token_is_stored_only_as_its_hash(app: Flask, api: Api) -> None:
    from portal.models import ApiToken

    stored = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    assert api.token not in stored
    assert len(stored) == 1


def test_a_wrong_token_gets_401_as_problem_details(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/applications", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == 401 and body["title"] and body["title_en"] and body["title"] != body["title_en"]


def test_an_expired_token_gets_401(app: Flask, api: Api) -> None:
    clock.set_clock(MONDAY + timedelta(minutes=11))
    api.get("/applications", expected=401)


def test_a_wrong_secret_gets_no_token(app: Flask, client: FlaskClient) -> None:
    row, _ = services.create_client("System", "norddjurs", ["applications:read"])
    db.session.commit()
    basic = base64.b64encode(f"{row.client_id}:wrong".encode()).decode()
    response = client.post(
        "/api/v1/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
    )
    assert response.status_code == 401


def test_a_revoked_client_loses_its_tokens(app: Flask, client: FlaskClient) -> None:
    row, secret = services.create_client("System", "norddjurs", ["applications:read"])
    db.session.commit()
    api = Api(client, token_for(client, row.client_id, secret or ""))
    api.get("/applications")
    services.revoke(row.client_id)
    db.session.commit()
    api.get("/applications", expected=401)


def test_a_client_without_the_scope_gets_403(app: Flask, make_api: Callable[..., Api]) -> None:
    reader = make_api(scopes=("applications:read",))
    case = _karens_application()
    body = reader.post(f"/applications/{case.id}/acknowledge", expected=403)
    assert body["code"] == "insufficient_scope"


def test_another_municipalitys_client_finds_nothing(app: Flask, make_api: Callable[..., Api]) -> None:
    other = make_api(name="Rødovre Kommunes omsorgssystem", municipality="rodovre")
    case = _karens_application()
    other.get(f"/applications/{case.id}", expected=404)
    assert other.get("/applications")["items"] == []


def test_a_whole_visitation_through_the_api(app: Flask, api: Api, client: FlaskClient) -> None:
    case = _karens_application()
    karen_id = case.person_id

    listed = api.get("/applications", status="submitted")
    assert [item["id"] for item in listed["items"]] == [case.id]
    read = api.get(f"/applications/{case.id}")
    assert read["citizen"]["name"] == "Karen Testesen" and read["answers"] == {"goal": "Gå til Brugsen"}

    assert api.post(f"/applications/{case.id}/acknowledge")["status"] == "acknowledged"
    decision = {"outcome": "grant", "offer_id": "tg1", "sessions": 10, "goals": "Gå til Brugsen uden stok"}
    granted = api.post(f"/applications/{case.id}/decision", {"decision": decision})
    assert granted["status"] == "granted" and granted["course_id"]

    booked = book(api, granted["course_id"], 7, 14)
    assert len(booked) == 2
    result = api.post(
        f"/courses/{granted['course_id']}/sessions/{booked[0]['id']}/cancel", {"reason": "Terapeuten er syg"}
    )
    assert result["cancelled"]["status"] == SessionStatus.CANCELLED_BY_THERAPIST

    course = api.get(f"/courses/{granted['course_id']}")
    assert sorted(s["status"] for s in course["sessions"]) == ["booked", "cancelled_by_therapist"]

    db.session.expire_all()
    # The citizen has the same letters as when staff do it: receipt, decision, booking cancelled.
    kinds = db.session.scalars(sa.select(Message.kind).where(Message.person_id == karen_id)).all()
    assert len(kinds) >= 3
    # And "Hvem har set mine oplysninger" names the system.
    actors = set(db.session.scalars(sa.select(AccessLog.actor_name).where(AccessLog.subject_person_id == karen_id)))
    assert "Norddjurs Kommunes omsorgssystem" in actors
    assert db.session.get(Application, case.id).status == ApplicationStatus.GRANTED


def test_a_rehabilitation_plan_through_the_api(app: Flask, api: Api) -> None:
    body = {
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
    }
    made = api.post("/plans", body, expected=201)
    assert made["citizen"]["cpr"] == "0101421234"
    read = api.get(f"/plans/{made['id']}")
    assert read["deadline_state"] == "waiting" and read["start_due"] >= "2026-03-02"


def test_a_retried_post_changes_nothing_twice(app: Flask, api: Api) -> None:
    case = _karens_application()
    first = api.post(f"/applications/{case.id}/questions", {"question": "Hvor langt kan du gå?"}, 201, key="same")
    again = api.post(f"/applications/{case.id}/questions", {"question": "Hvor langt kan du gå?"}, 201, key="same")
    assert first == again
    assert len(db.session.get(Application, case.id).person.full_name) > 0
    other = api.post(f"/applications/{case.id}/questions", {"question": "Noget andet"}, 422, key="same")
    assert other["code"] == "idempotency_key_reused"


def test_malformed_bodies_are_refused_with_422(app: Flask, api: Api) -> None:
    case = _karens_application()
    body = api.post(f"/applications/{case.id}/decision", {"decision": {"outcome": "maybe"}}, 422)
    assert body["code"] == "invalid_request"


def test_the_change_feed_gives_each_change_once(app: Flask, api: Api) -> None:
    case = _karens_application()
    first = api.get("/changes")
    assert [(c["kind"], c["id"]) for c in first["items"]] == [("application", case.id)]
    assert api.get("/changes", after=first["next_cursor"])["items"] == []
    clock.set_clock(MONDAY + timedelta(minutes=1))
    api.post(f"/applications/{case.id}/acknowledge")
    later = api.get("/changes", after=first["next_cursor"])
    assert [(c["kind"], c["id"], c["status"]) for c in later["items"]] == [("application", case.id, "acknowledged")]


def test_listing_a_thousand_applications_is_one_query_per_page(
    app: Flask, api: Api, count_queries: Callable[[], list[str]]
) -> None:
    karen = factories.person_for("citizen")
    by = factories.account_for(karen)
    at = clock.utcnow() - timedelta(days=1)
    db.session.execute(
        sa.insert(Application),
        [
            {
                "person_id": karen.id,
                "source": "citizen",
                "status": "submitted",
                "created_by_account_id": by.id,
                "answers": {},
                "deadlines": PromisedDates.none(),
                "submitted_at": at,
                "created_at": at,
                "changed_at": at + timedelta(seconds=n),
            }
            for n in range(1000)
        ],
    )
    db.session.commit()
    seen, cursor, pages = 0, None, 0
    while True:
        before = len(count_queries())
        page = api.get(
            "/applications", changed_since=at.isoformat(), limit=200, **({"cursor": cursor} if cursor else {})
        )
        statements = count_queries()[before:]
        assert sum("FROM applications" in s for s in statements) == 1
        assert len(statements) <= 3  # the token, the page, nothing per row
        seen += len(page["items"])
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == 1000 and pages == 5


def test_the_openapi_document_is_3_1_and_has_no_cpr_in_paths(app: Flask, client: FlaskClient) -> None:
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    for path, operations in document["paths"].items():
        assert "cpr" not in path.lower()
        for operation in operations.values():
            assert all("cpr" not in p["name"].lower() for p in operation.get("parameters", []))
    assert client.get("/api/v1/").status_code == 200


def test_the_reference_page_reads_plainly(app: Flask, client: FlaskClient) -> None:
    from portal.standard.lix import page_lix

    html = client.get("/api/v1/").get_data(as_text=True)
    assert "Hvad API'et kan" in html
    # A page for the municipality's integrators: the staff pages' limit.
    assert page_lix(html) <= 45
