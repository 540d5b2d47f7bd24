"""The portal and its demo on the days that used to break things: a month's last day, a Sunday, 24 and 31 December.

The whole suite runs at one set moment (conftest.py); `PORTAL_TEST_CLOCK=2026-12-31 make test` runs it on
another day. These tests keep the days that matter in every run.
"""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.demo import load_demo_data
from portal.extensions import db
from portal.models import Person, SessionStatus, TrainingSession
from tests.oidc_flow import log_in

DAYS = {
    "a month's last day": datetime(2026, 11, 30, 12, 13, tzinfo=clock.COPENHAGEN),
    "a Sunday evening": datetime(2026, 11, 29, 21, 45, tzinfo=clock.COPENHAGEN),
    "24 December": datetime(2026, 12, 24, 9, 0, tzinfo=clock.COPENHAGEN),
    "31 December, late": datetime(2026, 12, 31, 23, 30, tzinfo=clock.COPENHAGEN),
}


@pytest.fixture(params=list(DAYS), ids=list(DAYS))
def day(request: pytest.FixtureRequest) -> datetime:
    moment = DAYS[request.param]
    with clock.clock_set_to(moment):
        yield moment


def _page(client: FlaskClient, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_karens_sessions_are_found_in_the_list_and_the_month_view_on_any_day(
    app: Flask, client: FlaskClient, day: datetime
) -> None:
    load_demo_data()
    db.session.commit()
    karen = db.session.scalars(sa.select(Person).where(Person.given_name == "Karen")).one()
    upcoming = db.session.scalars(
        sa.select(TrainingSession)
        .where(TrainingSession.person_id == karen.id, TrainingSession.status == SessionStatus.BOOKED)
        .where(TrainingSession.starts_at > clock.utcnow())
        .order_by(TrainingSession.starts_at)
    ).all()
    assert upcoming, "the demo books Karen's sessions from the next working day"
    first_day = upcoming[0].starts_at.astimezone(clock.COPENHAGEN).date()
    assert first_day > day.date()

    log_in(client, "citizen")
    _page(client, "/mit-overblik")
    listed = _page(client, "/mine-traeningstider/")
    assert listed.find("main").find_all("li"), "the list shows Karen's next sessions"

    month = _page(client, "/mine-traeningstider/maaned")
    if first_day.month == day.month:
        assert month.select("main table caption")
    else:
        # The month of today holds none of Karen's coming sessions: the page says when the next one is and links on.
        assert not month.select("main table")
        link = month.find("a", href=lambda href: href and f"maaned={first_day:%Y-%m}" in href)
        assert link is not None, month.find("main").get_text(" ", strip=True)[:800]
        later = _page(client, link["href"])
        assert later.select("main table caption")
        assert later.find("td", class_="calendar-today") is None


def test_the_overview_and_the_therapists_course_list_answer_on_any_day(
    app: Flask, client: FlaskClient, day: datetime
) -> None:
    load_demo_data()
    db.session.commit()
    log_in(client, "citizen")
    _page(client, "/mit-overblik")
    therapist = app.test_client()
    log_in(therapist, "therapist")
    courses = _page(therapist, "/medarbejder/forloeb/")
    assert "Karen" in courses.get_text()
