"""More information: the visitator asks, the citizen (or a relative who may apply for them) answers in the portal,
and the answer is on the case."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.applications import decisions as services
from portal.extensions import db
from portal.models import AccessLog, Account, Application, ApplicationQuestion, Message, Scope
from tests import factories as people
from tests.cases import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in


def ask(client: FlaskClient, case: Application, question: str = "Bruger du rollator?") -> str:
    """The visitator asks; gives the path the letter sends the citizen to (the tests follow it as the citizen would)."""
    ClientRequest(client).post("cases.ask", _data={"question": question}, case_id=case.id)
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "application.question"))
    return re.search(r"http://portal\.test(/mine-sager/\S+)", letter.body)[1]


def karens_case() -> Application:
    case = factories.application(people.person_for("citizen"), datetime(2026, 3, 2, 10, tzinfo=UTC))
    db.session.commit()
    return case


def test_the_citizen_answers_and_the_visitator_sees_the_answer(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    path = ask(client, case)
    assert "Venter på borgerens svar" in client_request.get("cases.case", case_id=case.id).get_text()

    karen = app.test_client()
    log_in(karen, "citizen")
    page = BeautifulSoup(karen.get(path).get_data(as_text=True), "html.parser")
    assert page.h1.get_text() == "Et spørgsmål om din sag"
    assert "Bruger du rollator?" in page.get_text()
    assert karen.post(path, data={"answer": "Ja, inde og ude."}).status_code == 303
    shown = karen.get(path).get_data(as_text=True)
    assert "Tak. Dit svar er sendt til kommunen." in shown
    assert "Ja, inde og ude." in shown and "<textarea" not in shown

    asked = db.session.scalar(sa.select(ApplicationQuestion))
    karens_account = db.session.scalar(sa.select(Account).where(Account.display_name == "Karen Testesen"))
    assert (asked.answer, asked.answered_by_account_id) == ("Ja, inde og ude.", karens_account.id)
    assert asked.answered_at is not None
    case_page = client_request.get("cases.case", case_id=case.id).get_text()
    assert "Ja, inde og ude." in case_page and "Venter på borgerens svar" not in case_page


def test_an_empty_answer_is_refused_and_a_second_answer_does_not_overwrite_the_first(
    app: Flask, client: FlaskClient
) -> None:
    case = karens_case()
    log_in(client, "visitator")
    path = ask(client, case)
    karen = app.test_client()
    log_in(karen, "citizen")
    response = karen.post(path, data={"answer": "   "})
    assert response.status_code == 200
    assert "Skriv dit svar" in response.get_data(as_text=True)
    karen.post(path, data={"answer": "Første svar"})
    karen.post(path, data={"answer": "Andet svar"})
    assert db.session.scalar(sa.select(ApplicationQuestion.answer)) == "Første svar"


def test_open_questions_are_there_for_the_citizens_own_pages(app: Flask, client: FlaskClient) -> None:
    case = karens_case()
    log_in(client, "visitator")
    ask(client, case, "Første spørgsmål")
    ask(client, case, "Andet spørgsmål")
    first = db.session.scalar(sa.select(ApplicationQuestion).order_by(ApplicationQuestion.id))
    services.answer(first, case.created_by_account_id, "Svar")
    assert [q.question for q in services.open_questions_for(case.person_id)] == ["Andet spørgsmål"]


def test_a_relative_who_may_apply_answers_for_the_citizen(app: Flask, client: FlaskClient) -> None:
    case = karens_case()
    delegation = people.delegation(case.person, people.person_for("relative"), scopes=str(Scope.APPLY))
    db.session.commit()
    log_in(client, "visitator")
    path = ask(client, case)
    mette = app.test_client()
    log_in(mette, "relative")
    # Not acting for Karen yet: the question is not Mette's own.
    assert mette.get(path).status_code == 404
    ClientRequest(mette).post("delegations.act_for", delegation_id=delegation.id)
    assert mette.get(path).status_code == 200
    assert mette.post(path, data={"answer": "Hun bruger rollator."}).status_code == 303
    assert db.session.scalar(sa.select(ApplicationQuestion.answer)) == "Hun bruger rollator."
    logged = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "case_questions.answer"))
    assert (logged.acting_as, logged.delegation_id) == ("relative", delegation.id)


def test_a_relative_without_the_apply_scope_is_refused(app: Flask, client: FlaskClient) -> None:
    case = karens_case()
    delegation = people.delegation(case.person, people.person_for("relative"), scopes=str(Scope.SEE))
    db.session.commit()
    log_in(client, "visitator")
    path = ask(client, case)
    mette = app.test_client()
    log_in(mette, "relative")
    ClientRequest(mette).post("delegations.act_for", delegation_id=delegation.id)
    assert mette.get(path).status_code == 403
    assert mette.post(path, data={"answer": "Svar"}).status_code == 403
    assert db.session.scalar(sa.select(ApplicationQuestion.answer)) is None


def test_another_citizen_and_a_wrong_case_number_get_not_found(app: Flask, client: FlaskClient) -> None:
    case = karens_case()
    other = factories.application(factories.person(), datetime(2026, 3, 3, 10, tzinfo=UTC))
    db.session.commit()
    log_in(client, "visitator")
    path = ask(client, case)
    bent = app.test_client()
    log_in(bent, "citizen_140")
    assert bent.get(path).status_code == 404
    karen = app.test_client()
    log_in(karen, "citizen")
    assert karen.get(path.replace(f"/mine-sager/{case.id}/", f"/mine-sager/{other.id}/")).status_code == 404


def test_the_visitator_cannot_use_the_citizens_answer_page(app: Flask, client: FlaskClient) -> None:
    case = karens_case()
    log_in(client, "visitator")
    path = ask(client, case)
    assert client.get(path).status_code == 403
