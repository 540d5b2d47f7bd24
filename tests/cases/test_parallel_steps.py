"""Two visitators taking a step on one case at the same moment: the database lets one through, the other is refused.

The threads run as two requests do (tests/test_races.py): each in its own app context and connection, each reads
the case, all wait until every one has read it as open, and only then do they write. The loser's refusal is
rolled back as the request edge rolls back, and its commit keeps nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.applications import decisions as services
from portal.extensions import db
from portal.models import Application, ApplicationQuestion, ApplicationStatus, Course, Message
from tests import conftest
from tests import factories as people
from tests.cases import factories
from tests.oidc_flow import log_in
from tests.paths import path
from tests.test_races import at_once, only_on_postgresql

SENT = datetime(2026, 3, 2, 10, tzinfo=UTC)
TALK = datetime(2026, 3, 10, 9, tzinfo=UTC)


def open_case() -> tuple[int, int]:
    case = factories.application(factories.person(), SENT)
    visitator = factories.account("Vibeke Visitator").id
    db.session.commit()
    return case.id, visitator


def both_at_once(app: Flask, case_id: int, steps: list[Callable[[Application], object]]) -> list[str]:
    """Each step in a thread of its own on the case as that thread read it; "done" or "refused" for each."""
    barrier = threading.Barrier(len(steps), timeout=30)
    turns = iter(steps)
    lock = threading.Lock()

    def one() -> str:
        with lock:
            step = next(turns)
        application = db.session.get(Application, case_id)
        assert application is not None and application.is_open
        barrier.wait()
        try:
            step(application)
        except services.CaseChanged:
            db.session.rollback()
            return "refused"
        return "done"

    return sorted(at_once(app, barrier, one))


def letters(case_id: int) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(Message.id)).where(Message.application_id == case_id))


def grant(app: Flask, visitator: int) -> Callable[[Application], object]:
    profile = app.config["PROFILE"]
    offer = services.decidable_offers(profile)[0]
    return lambda application: services.grant(application, profile, visitator, offer, 5, "Gå igen.")


def refuse(app: Flask, visitator: int) -> Callable[[Application], object]:
    profile = app.config["PROFILE"]
    return lambda application: services.refuse(application, profile, visitator, "Du kan klare dig selv.")


def test_two_visitators_refusing_at_once_send_one_letter(app: Flask, test_database: conftest.TestDatabase) -> None:
    only_on_postgresql(test_database)
    case_id, visitator = open_case()

    assert both_at_once(app, case_id, [refuse(app, visitator)] * 2) == ["done", "refused"]

    assert letters(case_id) == 1
    assert db.session.get(Application, case_id).status == ApplicationStatus.REJECTED


def test_two_grants_at_once_make_one_course(app: Flask, test_database: conftest.TestDatabase) -> None:
    only_on_postgresql(test_database)
    case_id, visitator = open_case()

    assert both_at_once(app, case_id, [grant(app, visitator)] * 2) == ["done", "refused"]

    assert db.session.scalar(sa.select(sa.func.count(Course.id)).where(Course.application_id == case_id)) == 1
    assert letters(case_id) == 1


def test_a_grant_and_a_refusal_at_once_make_one_decision(app: Flask, test_database: conftest.TestDatabase) -> None:
    only_on_postgresql(test_database)
    case_id, visitator = open_case()

    assert both_at_once(app, case_id, [grant(app, visitator), refuse(app, visitator)]) == ["done", "refused"]

    decided = db.session.get(Application, case_id)
    courses = db.session.scalar(sa.select(sa.func.count(Course.id)).where(Course.application_id == case_id))
    assert (decided.status, courses) in ((ApplicationStatus.GRANTED, 1), (ApplicationStatus.REJECTED, 0))
    assert letters(case_id) == 1


def test_two_acknowledgements_at_once_send_one_letter(app: Flask, test_database: conftest.TestDatabase) -> None:
    only_on_postgresql(test_database)
    case_id, _ = open_case()
    profile = app.config["PROFILE"]

    assert both_at_once(app, case_id, [lambda application: services.acknowledge(application, profile)] * 2) == [
        "done",
        "refused",
    ]
    assert letters(case_id) == 1


def test_two_talks_booked_at_once_send_one_letter(app: Flask, test_database: conftest.TestDatabase) -> None:
    only_on_postgresql(test_database)
    case_id, _ = open_case()
    profile = app.config["PROFILE"]
    steps: list[Callable[[Application], object]] = [
        lambda application: services.book_talk(application, profile, TALK, "Træningscentret"),
        lambda application: services.book_talk(application, profile, TALK + timedelta(hours=2), "Hjemme"),
    ]

    assert both_at_once(app, case_id, steps) == ["done", "refused"]

    assert letters(case_id) == 1
    assert db.session.get(Application, case_id).assessment_talk_at in (TALK, TALK + timedelta(hours=2))


def test_a_question_and_a_refusal_at_once_leave_no_question_after_the_decision(
    app: Flask, test_database: conftest.TestDatabase
) -> None:
    only_on_postgresql(test_database)
    case_id, visitator = open_case()
    profile = app.config["PROFILE"]

    def ask(application: Application) -> object:
        return services.ask(application, profile, visitator, "Kan du gå på trapper?", lambda asked: "/svar")

    outcome = both_at_once(app, case_id, [ask, refuse(app, visitator)])

    questions = db.session.scalar(
        sa.select(sa.func.count(ApplicationQuestion.id)).where(ApplicationQuestion.application_id == case_id)
    )
    # Either the question came first and both went through, or the refusal did and the question was refused.
    assert (outcome, questions, letters(case_id)) in ((["done", "done"], 1, 2), (["done", "refused"], 0, 1))


@pytest.mark.parametrize("step", ["cases.grant", "cases.refuse"])
def test_a_decision_that_another_visitator_made_first_is_a_plain_message_not_an_error(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    case = factories.application(people.person_for("citizen"), SENT)
    db.session.commit()
    log_in(client, "visitator")
    real = services.get_case

    def decided_elsewhere_after_reading(case_id: int) -> Application | None:
        read = real(case_id)
        # Another visitator refuses the case after this request read it as open.
        db.session.execute(
            sa.update(Application)
            .where(Application.id == case_id)
            .values(status=ApplicationStatus.REJECTED)
            .execution_options(synchronize_session=False)
        )
        return read

    monkeypatch.setattr(services, "get_case", decided_elsewhere_after_reading)
    offer = services.decidable_offers(app.config["PROFILE"])[0].id
    response = conftest.ClientRequest(client).post(
        step,
        _data={"offer": offer, "sessions": "1", "goals": "Gå.", "in_full": "yes", "reason": "Nej."},
        case_id=case.id,
    )
    monkeypatch.undo()

    assert response.headers["Location"] == path("cases.case", case_id=case.id)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "En anden sagsbehandler har lige ændret sagen" in page
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Course.id))) == 0
    assert letters(case.id) == 0
