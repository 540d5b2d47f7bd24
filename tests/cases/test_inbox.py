"""The visitator's inbox: open cases with the nearest promised date first, flagged in Copenhagen days."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from bs4 import BeautifulSoup
from flask import Flask, current_app
from flask.testing import FlaskClient

from portal import clock
from portal.applications import decisions as services
from portal.applications.decisions import Flag, flag_for
from portal.extensions import db
from portal.models import Application, ApplicationSource, ApplicationStatus
from tests.cases import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.query_plans import plans


def at(day: int, month: int = 3, hour: int = 10) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


def freeze(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    """The portal's clock stands still at `moment`, read in Copenhagen as the real clock reads it."""
    monkeypatch.setattr(clock, "now", lambda: moment.astimezone(clock.COPENHAGEN))


@pytest.fixture
def cases(app: Flask) -> dict[str, Application]:
    """Næstved promises a decision within 10 weekdays of the application; a referral carries no such promise."""
    made = {
        "later": factories.application(factories.person("Cecilie"), at(4)),  # due Wednesday 18 March
        "today": factories.application(factories.person("Anders"), at(2)),  # due Monday 16 March
        "late": factories.application(factories.person("Bodil"), at(27, month=2)),  # due Friday 13 March
        "referral": factories.application(factories.person("Dorthe"), at(23, month=2), ApplicationSource.GP),
        "relative": factories.application(factories.person("Erik"), at(5), ApplicationSource.RELATIVE),
    }
    decided = factories.application(factories.person("Frede"), at(1, month=2))
    decided.status = ApplicationStatus.GRANTED
    db.session.commit()
    return made


def rows(page: BeautifulSoup) -> list[list[str]]:
    return [[cell.get_text(" ", strip=True) for cell in row.find_all("td")] for row in page.select("tbody tr")]


def test_the_promised_dates_are_the_ones_the_standard_gives(cases: dict[str, Application]) -> None:
    assert cases["late"].next_due_on == date(2026, 3, 13)
    assert cases["today"].next_due_on == date(2026, 3, 16)
    assert cases["later"].next_due_on == date(2026, 3, 18)
    assert cases["relative"].next_due_on == date(2026, 3, 19)
    assert cases["referral"].next_due_on is None


def test_the_inbox_lists_open_cases_nearest_deadline_first_and_undated_last(cases: dict[str, Application]) -> None:
    found = services.inbox(date(2026, 3, 16))
    order = [row.application.id for row in found.rows]
    names = ["late", "today", "later", "relative", "referral"]
    assert order == [cases[name].id for name in names]
    assert [row.flag for row in found.rows] == [Flag.OVERDUE, Flag.DUE_TODAY, None, None, None]
    assert found.total == 5


@pytest.mark.parametrize(
    ("due", "today", "flag"),
    [
        (date(2026, 3, 13), date(2026, 3, 16), Flag.OVERDUE),
        (date(2026, 3, 16), date(2026, 3, 16), Flag.DUE_TODAY),
        (date(2026, 3, 17), date(2026, 3, 16), None),
        (None, date(2026, 3, 16), None),
    ],
)
def test_a_flag_says_overdue_or_due_today(due: date | None, today: date, flag: Flag | None) -> None:
    assert flag_for(due, today) is flag


def test_the_inbox_page_shows_the_flags(
    cases: dict[str, Application], client: FlaskClient, client_request: ClientRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch, datetime(2026, 3, 16, 8, 0, tzinfo=UTC))
    log_in(client, "visitator")
    page = client_request.get("cases.inbox")
    listed = rows(page)
    assert [row[1] for row in listed] == [
        cases[name].case_number for name in ("late", "today", "later", "relative", "referral")
    ]
    assert listed[0][0] == "13. mar. 2026 Overskredet"
    assert listed[1][0] == "16. mar. 2026 Frist i dag"
    assert listed[2][0] == "18. mar. 2026"
    assert listed[4][0] == "Ingen lovet dato"
    assert listed[4][3] == "Henvisning fra læge"
    assert "5 åbne sager" in page.get_text()


def test_a_case_with_an_open_question_says_it_waits_for_the_citizen(
    cases: dict[str, Application], client: FlaskClient, client_request: ClientRequest
) -> None:
    asker = factories.account("Vibeke Visitator")
    for name in ("today", "later"):
        services.ask(cases[name], current_app.config["PROFILE"], asker.id, "Har du trapper?", lambda asked: "/svar")
    answered = services.questions_for(cases["later"])[0]
    services.answer(answered, asker.id, "Ja, to etager.")
    db.session.commit()
    log_in(client, "visitator")
    page = client_request.get("cases.inbox")
    waiting = {row[1]: "Venter på borgerens svar" in row[4] for row in rows(page)}
    assert waiting == {cases[name].case_number: name == "today" for name in cases}


def test_the_day_turns_at_midnight_in_copenhagen_not_in_utc(
    cases: dict[str, Application], client: FlaskClient, client_request: ClientRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 23.30 UTC on Monday 16 March is 00.30 on Tuesday in Copenhagen: Monday's deadline has passed.
    freeze(monkeypatch, datetime(2026, 3, 16, 23, 30, tzinfo=UTC))
    log_in(client, "visitator")
    listed = rows(client_request.get("cases.inbox"))
    assert listed[1][0] == "16. mar. 2026 Overskredet"
    freeze(monkeypatch, datetime(2026, 3, 16, 22, 59, tzinfo=UTC))
    listed = rows(client_request.get("cases.inbox"))
    assert listed[1][0] == "16. mar. 2026 Frist i dag"


def test_the_inbox_filters_by_where_the_case_came_from_and_by_status(
    cases: dict[str, Application], client: FlaskClient, client_request: ClientRequest
) -> None:
    cases["later"].status = ApplicationStatus.ACKNOWLEDGED
    db.session.commit()
    log_in(client, "visitator")

    def listed(**query: str) -> list[str]:
        return [row[1] for row in rows(client_request.get("cases.inbox", **query))]

    assert listed(kilde="gp") == [cases["referral"].case_number]
    assert listed(kilde="relative") == [cases["relative"].case_number]
    assert listed(status="acknowledged") == [cases["later"].case_number]
    assert listed(kilde="citizen", status="submitted") == [cases["late"].case_number, cases["today"].case_number]
    # Values the filters do not offer are ignored rather than answered with an error.
    assert len(listed(kilde="fax", status="granted")) == 5
    # The HTML as sent: the parser would write the attribute back as selected="".
    page = client_request.get_response("cases.inbox", kilde="gp").get_data(as_text=True)
    assert '<option value="gp" selected>' in page


def test_the_inbox_comes_in_pages_that_keep_the_filters(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    for day in range(1, 31):
        factories.application(factories.person(), at(day))
    factories.application(factories.person(), at(2), ApplicationSource.GP)
    db.session.commit()
    log_in(client, "visitator")
    first = client_request.get("cases.inbox", kilde="citizen")
    assert len(rows(first)) == services.PAGE_SIZE
    assert "Side 1 af 2" in first.get_text()
    next_link = first.find("a", string="Næste side")["href"]
    assert "kilde=citizen" in next_link and "side=2" in next_link
    # The next page is fetched by the link the page gives, as a browser follows it.
    followed = client.get(next_link)
    assert followed.status_code == 200
    second = BeautifulSoup(followed.get_data(as_text=True), "html.parser")
    assert len(rows(second)) == 30 - services.PAGE_SIZE
    assert second.find("a", string="Forrige side") is not None
    # A page past the end shows the last page.
    assert len(rows(client_request.get("cases.inbox", side=9))) == 6


def test_the_inbox_stays_within_six_queries_however_many_cases(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    for number in range(60):
        factories.application(factories.person(), at(1 + number % 28), ApplicationSource.CITIZEN)
    db.session.commit()
    log_in(client, "visitator")
    queries: list[dict[str, object]] = [{}, {"side": 2}, {"kilde": "citizen", "status": "submitted"}]
    for query in queries:
        before = len(count_queries())
        response = client_request.get_response("cases.inbox", **query)
        assert len(count_queries()) - before <= 6, count_queries()[before:]
        assert len(response.get_data()) < 30_000


@pytest.mark.parametrize("caller", ["therapist", "citizen", "gp"])
def test_only_visitators_and_administrators_see_the_inbox(
    client: FlaskClient, client_request: ClientRequest, caller: str
) -> None:
    log_in(client, caller)
    client_request.get("cases.inbox", _expected_status=403)


def test_the_staff_console_links_to_the_cases_for_visitators_only(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "visitator")
    console = client_request.get_response("staff.console").get_data(as_text=True)
    assert f'href="{path("cases.inbox")}">Sager</a>' in console
    therapist = ClientRequest(app.test_client())
    log_in(therapist.client, "therapist")
    assert path("cases.inbox") not in therapist.get_response("staff.console").get_data(as_text=True)


def test_a_page_of_the_inbox_is_picked_from_the_inbox_index_before_people_are_joined(app: Flask) -> None:
    for number in range(30):
        factories.application(factories.person(), at(1 + number % 28))
    factories.application(factories.person(), at(2), ApplicationSource.GP)  # no promised date: last
    db.session.commit()
    count, page = plans(lambda: services.inbox(date(2026, 3, 16), page=2))
    assert "ix_applications_inbox" in page
    if db.engine.dialect.name == "postgresql":
        assert "ix_applications_inbox" in count
        # The 25 cases are counted off before the join: the Limit sits below the join with persons, not above it.
        lines = page.splitlines()
        limit = next(number for number, line in enumerate(lines) if "Limit" in line)
        join = next(number for number, line in enumerate(lines) if "Join" in line or "Nested Loop" in line)
        assert join < limit, page
        assert "Seq Scan" not in page


def test_the_inbox_index_keeps_the_order_undated_cases_last_across_pages(app: Flask) -> None:
    dated = [factories.application(factories.person(), at(1 + number % 28)) for number in range(27)]
    undated = factories.application(factories.person(), at(1), ApplicationSource.GP)
    db.session.commit()
    first, second = (services.inbox(date(2026, 3, 16), page=page) for page in (1, 2))
    shown = [row.application.id for row in first.rows + second.rows]
    expected = sorted(dated, key=lambda case: (case.next_due_on, case.submitted_at, case.id))
    assert shown == [case.id for case in expected] + [undated.id]
