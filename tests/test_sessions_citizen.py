"""Mine træningstider: the citizen, or a relative with the scope, sees, cancels and registers absence."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import AccessLog, Message, Scope, SessionKind, SessionStatus, TrainingSession
from portal.sessions import services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


def page(response: Any) -> BeautifulSoup:
    """A form's answer (a POST that shows the page again), parsed."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def with_notice_limit(app: Flask, hours: int | None) -> None:
    profile = app.config["PROFILE"]
    absence = dataclasses.replace(profile.absence, cancellation_notice_hours=hours)
    app.config["PROFILE"] = dataclasses.replace(profile, absence=absence)


def karens_sessions(*starts: datetime, place: Place | None = None) -> list[TrainingSession]:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=40)
    therapist = factories.therapist_account(display_name="Tove Terapeut")
    made = services.book(course, therapist.id, list(starts), 60, place or Place(SessionKind.INDIVIDUAL, "auning"))
    db.session.commit()
    return made


def soon(days: float) -> datetime:
    return (clock.utcnow() + timedelta(days=days)).replace(microsecond=0)


def test_without_sessions_the_page_says_so(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.index")
    assert "Du har ingen bookede træningstider" in html.get_text()
    assert "Kommunen har ikke sat en frist for afbud" in html.get_text()


def test_the_citizen_sees_time_place_map_kind_and_therapist(client: FlaskClient, client_request: ClientRequest) -> None:
    karens_sessions(soon(3))
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.index")
    text = " ".join(html.get_text().split())
    assert "Træningscenter Auning, Elme Allé 6, 8963 Auning" in text
    assert "60 minutter" in text and "Træning alene med en terapeut" in text
    assert "Terapeut: Tove" in text and "Terapeut" in text
    assert html.select_one('a[href^="https://www.openstreetmap.org/search?query="]') is not None


def test_the_citizen_cancels_in_time_and_gets_a_message(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    with_notice_limit(app, 24)
    (session,) = karens_sessions(soon(3))
    log_in(client, "citizen")
    confirm = client_request.get("citizen_sessions.cancel", session_id=session.id)
    assert "Du aflyser i tide" in confirm.get_text()
    client_request.post("citizen_sessions.cancel", _data={"reason": "Tandlæge"}, session_id=session.id)
    db.session.refresh(session)
    assert (session.status, session.late, session.cancel_reason) == (
        SessionStatus.CANCELLED_BY_CITIZEN,
        False,
        "Tandlæge",
    )
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "session.cancelled_by_citizen"


def test_after_the_notice_limit_the_page_says_the_rule_and_it_is_late(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    with_notice_limit(app, 24)
    (session,) = karens_sessions(soon(0.5))
    log_in(client, "citizen")
    confirm = client_request.get("citizen_sessions.cancel", session_id=session.id)
    assert "mindst 24 timer før" in confirm.get_text()
    assert confirm.select_one(".alert-warning") is not None
    client_request.post("citizen_sessions.cancel", _data={}, session_id=session.id)
    db.session.refresh(session)
    assert (session.status, session.late) == (SessionStatus.CANCELLED_BY_CITIZEN, True)


def test_without_a_notice_limit_the_page_says_so_and_nothing_is_late(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    (session,) = karens_sessions(soon(0.2))
    log_in(client, "citizen")
    confirm = client_request.get("citizen_sessions.cancel", session_id=session.id)
    assert "Kommunen har ikke sat en frist for afbud" in confirm.get_text()
    client_request.post("citizen_sessions.cancel", _data={}, session_id=session.id)
    db.session.refresh(session)
    assert (session.status, session.late) == (SessionStatus.CANCELLED_BY_CITIZEN, False)


def test_absence_shows_the_sessions_then_cancels_them_all(client: FlaskClient, client_request: ClientRequest) -> None:
    first, _second, _later = karens_sessions(soon(2), soon(3), soon(20))
    log_in(client, "citizen")
    day_one, day_two = first.starts_at.astimezone(services.COPENHAGEN).date(), (soon(10)).date()
    form = {
        "first-day": str(day_one.day),
        "first-month": str(day_one.month),
        "first-year": str(day_one.year),
        "last-day": str(day_two.day),
        "last-month": str(day_two.month),
        "last-year": str(day_two.year),
        "reason": "Influenza",
    }
    preview = client_request.post("citizen_sessions.absence", _data=form, _expected_status=200)
    assert "Det aflyser 2 træningstider" in page(preview).get_text()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0
    previewed = page(preview).find("input", attrs={"name": "previewed"})["value"]
    assert previewed == f"{day_one.isoformat()}/{day_two.isoformat()}"
    confirmed = {**form, "previewed": previewed, "confirm": "yes"}
    client_request.post("citizen_sessions.absence", _data=confirmed)
    statuses = db.session.scalars(sa.select(TrainingSession.status).order_by(TrainingSession.starts_at)).all()
    assert statuses == [SessionStatus.CANCELLED_BY_CITIZEN, SessionStatus.CANCELLED_BY_CITIZEN, SessionStatus.BOOKED]
    (message,) = db.session.scalars(sa.select(Message)).all()
    assert message.kind == "session.absence"


def test_absence_confirmed_with_other_dates_than_previewed_cancels_nothing_and_shows_the_new_period(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    # A keyboard user previews one day, then changes the last day and presses the confirm button (or Enter): only
    # what was shown may be cancelled, so the new period is shown first.
    first, _second, _later = karens_sessions(soon(2), soon(3), soon(20))
    log_in(client, "citizen")
    day_one = first.starts_at.astimezone(services.COPENHAGEN).date()
    one_day = {
        **{f"first-{part}": str(getattr(day_one, part)) for part in ("day", "month", "year")},
        **{f"last-{part}": str(getattr(day_one, part)) for part in ("day", "month", "year")},
    }
    preview = page(client_request.post("citizen_sessions.absence", _data=one_day, _expected_status=200))
    assert "Det aflyser 1 træningstid" in preview.get_text()
    previewed = preview.find("input", attrs={"name": "previewed"})["value"]
    # The first submit button (the one Enter presses) only shows the sessions again.
    first_button = preview.select("main form button[type=submit]")[0]
    assert first_button.get("name") != "confirm"

    day_two = soon(10).date()
    longer = {**one_day, **{f"last-{part}": str(getattr(day_two, part)) for part in ("day", "month", "year")}}
    answer = client_request.post(
        "citizen_sessions.absence", _data={**longer, "previewed": previewed, "confirm": "yes"}, _expected_status=200
    )
    assert "Det aflyser 2 træningstider" in page(answer).get_text()
    assert "Der er ikke aflyst noget endnu" in page(answer).get_text()
    statuses = db.session.scalars(sa.select(TrainingSession.status)).all()
    assert statuses == [SessionStatus.BOOKED] * 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


def test_absence_with_the_last_day_before_the_first_is_refused(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    day = soon(5).date()
    response = client_request.post(
        "citizen_sessions.absence",
        _data={
            "first-day": str(day.day),
            "first-month": str(day.month),
            "first-year": str(day.year),
            "last-day": str((day - timedelta(days=1)).day),
            "last-month": str((day - timedelta(days=1)).month),
            "last-year": str((day - timedelta(days=1)).year),
        },
        _expected_status=200,
    )
    assert page(response).title.get_text().startswith("Fejl: ")


@pytest.mark.parametrize(("scopes", "cancel_status"), [([Scope.SEE], 403), ([Scope.SEE, Scope.MANAGE_SESSIONS], 200)])
def test_a_relative_sees_and_cancels_only_with_the_scope(
    client: FlaskClient, client_request: ClientRequest, scopes: list[Scope], cancel_status: int
) -> None:
    (session,) = karens_sessions(soon(3))
    made = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=" ".join(scopes)
    )
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    listing = str(client_request.get("citizen_sessions.index"))
    assert "Træningscenter Auning" in listing
    # Only with the scope does the list offer to cancel or register absence.
    links = (
        f'href="{path("citizen_sessions.cancel", session_id=session.id)}"',
        f'href="{path("citizen_sessions.absence")}"',
    )
    assert all((link in listing) == (cancel_status == 200) for link in links)
    client_request.get("citizen_sessions.cancel", _expected_status=cancel_status, session_id=session.id)
    # Refused without the scope; with it, cancelled and sent back to the list.
    client_request.post(
        "citizen_sessions.cancel",
        _data={},
        _expected_status=403 if cancel_status == 403 else 303,
        session_id=session.id,
    )
    db.session.refresh(session)
    expected = SessionStatus.BOOKED if cancel_status == 403 else SessionStatus.CANCELLED_BY_CITIZEN
    assert session.status == expected
    logged = db.session.scalars(sa.select(AccessLog.action).where(AccessLog.acting_as != "self")).all()
    assert "citizen_sessions.index" in logged


def test_someone_elses_session_is_not_found(client: FlaskClient, client_request: ClientRequest) -> None:
    other = factories.course(factories.a_person(7))
    therapist = factories.therapist_account()
    (session,) = services.book(other, therapist.id, [soon(3)], 60, Place(SessionKind.HOME))
    db.session.commit()
    log_in(client, "citizen")
    client_request.get("citizen_sessions.cancel", _expected_status=404, session_id=session.id)


def test_the_list_stays_within_the_query_budget(
    client: FlaskClient, client_request: ClientRequest, count_queries
) -> None:
    karens_sessions(*[soon(day) for day in range(-15, 25)])
    log_in(client, "citizen")
    before = len(count_queries())
    response = client_request.get_response("citizen_sessions.index")
    assert len(count_queries()) - before <= 6, "\n".join(q[:80] for q in count_queries()[before:])
    assert len(response.get_data()) < 30_000
