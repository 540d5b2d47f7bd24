""" "Kan jeg få træning?": every path to each end, the error when nothing is chosen, and answers that stay."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.standard.check import QUESTIONS, RESULTS
from tests.conftest import ClientRequest
from tests.paths import path
from tests.standard.conftest import client_for

START = "/kan-jeg-faa-traening"  # for the apps built per municipality below, with no app context to build it in

# Each path: the answers in order, and the result page it ends on with that page's heading.
PATHS = [
    pytest.param([("genoptraeningsplan", "ja")], "du-skal-ikke-soege", "Du skal ikke søge", id="plan"),
    pytest.param([("genoptraeningsplan", "ved-ikke")], "kontakt-os", "Kontakt os", id="dont-know-plan"),
    pytest.param(
        [("genoptraeningsplan", "nej"), ("hverdag", "nej")],
        "andre-tilbud",
        "Du kan måske få hjælp et andet sted",
        id="everyday-is-fine",
    ),
    pytest.param(
        [("genoptraeningsplan", "nej"), ("hverdag", "ja"), ("vederlagsfri-fysioterapi", "ja")],
        "andre-tilbud",
        "Du kan måske få hjælp et andet sted",
        id="free-physiotherapy",
    ),
    pytest.param(
        [
            ("genoptraeningsplan", "nej"),
            ("hverdag", "ja"),
            ("vederlagsfri-fysioterapi", "nej"),
            ("egen-traening", "ja"),
        ],
        "andre-tilbud",
        "Du kan måske få hjælp et andet sted",
        id="can-train-elsewhere",
    ),
    pytest.param(
        [
            ("genoptraeningsplan", "nej"),
            ("hverdag", "ja"),
            ("vederlagsfri-fysioterapi", "nej"),
            ("egen-traening", "nej"),
        ],
        "du-kan-soege",
        "Du kan søge om træning",
        id="apply",
    ),
]


def html(response: object) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")  # type: ignore[attr-defined]


def answer(client: FlaskClient, question: str, value: str | None, expected: int = 303) -> object:
    data = {} if value is None else {"answer": value}
    return ClientRequest(client).post(
        "standard.check_question", _data=data, _expected_status=expected, question=question
    )


@pytest.mark.parametrize(("answers", "result", "heading"), PATHS)
def test_every_path_ends_on_its_result(client: FlaskClient, answers: list, result: str, heading: str) -> None:
    start = ClientRequest(client).get("standard.check_start")
    next_path = start.main.find("a", string="Start")["href"]
    for question, value in answers:
        assert next_path == path("standard.check_question", question=question)
        # Each address as the page or the redirect gives it, followed as the browser would.
        page = html(client.get(next_path))
        assert page.h1.get_text() == page.select_one("legend").get_text(strip=True)
        response = answer(client, question, value)
        next_path = response.headers["Location"]
    assert next_path == path("standard.check_result", result=result, fra=answers[-1][0])
    page = html(client.get(next_path))
    assert page.h1.get_text() == heading
    # The back link goes to the last question answered, with that answer chosen again.
    last_question, last_answer = answers[-1]
    assert page.select_one("a.back-link")["href"] == path(
        "standard.check_question", question=last_question, svar=last_answer
    )
    back = html(client.get(page.select_one("a.back-link")["href"]))
    assert back.select_one(f"input[value={last_answer}]").has_attr("checked")


def test_all_four_results_are_reachable() -> None:
    reachable = {target for question in QUESTIONS for target in question.next.values() if target in RESULTS}
    assert reachable == set(RESULTS)


def test_choosing_nothing_shows_the_error_in_a_summary_and_by_the_question(client: FlaskClient) -> None:
    page = html(answer(client, "genoptraeningsplan", None, 200))
    message = "Vælg ja, hvis du har fået en genoptræningsplan fra sygehuset"
    summary = page.select_one("[data-module=error-summary]")
    assert [(a["href"], a.get_text()) for a in summary.select("a")] == [("#answer-0", message)]
    assert message in page.select_one("#answer-error").get_text()
    assert page.select_one("#answer-0") is not None
    assert page.title.get_text().startswith("Fejl: Har du fået en genoptræningsplan fra sygehuset?")
    assert "form-error" in page.select_one(".form-group")["class"]


def test_an_answer_that_is_not_a_choice_is_refused(client: FlaskClient) -> None:
    response = answer(client, "hverdag", "måske", 200)
    assert "Vælg ja, hvis din hverdag er blevet svær" in html(response).select_one("#answer-error").get_text()


def test_the_error_is_in_english_too(client: FlaskClient) -> None:
    client.set_cookie("portal_lang", "en", domain="portal.test")
    page = html(answer(client, "egen-traening", None, 200))
    assert page.select_one("#answer-error").get_text(" ", strip=True) == (
        "Error: Choose yes if you can train on your own or somewhere else"
    )


def test_answers_stay_when_the_visitor_goes_back(client: FlaskClient) -> None:
    following = answer(client, "genoptraeningsplan", "nej").headers["Location"]
    second = html(client.get(following))
    assert second.select_one("a.back-link")["href"] == path(
        "standard.check_question", question="genoptraeningsplan", svar="nej"
    )
    first = html(client.get(second.select_one("a.back-link")["href"]))
    assert first.select_one("a.back-link")["href"] == path("standard.check_start")
    assert first.select_one("input[value=nej]").has_attr("checked")
    assert not first.select_one("input[value=ja]").has_attr("checked")


def test_the_check_keeps_nothing_on_the_server(client: FlaskClient) -> None:
    response = answer(client, "genoptraeningsplan", "nej")
    assert response.headers.getlist("Set-Cookie") == []


def test_an_answer_in_the_address_that_is_not_a_choice_fills_in_nothing(client: FlaskClient) -> None:
    page = ClientRequest(client).get("standard.check_question", question="hverdag", svar="<b>måske</b>")
    assert page.select("input[checked]") == []


def test_a_post_without_an_answer_does_not_reuse_the_earlier_one(client: FlaskClient) -> None:
    response = ClientRequest(client).post(
        "standard.check_question", _expected_status=200, question="genoptraeningsplan", svar="nej"
    )
    assert html(response).select_one("#answer-error") is not None


def test_a_back_link_that_names_a_question_which_does_not_lead_there_goes_to_the_start(client: FlaskClient) -> None:
    page = ClientRequest(client).get("standard.check_result", result="du-kan-soege", fra="genoptraeningsplan")
    assert page.select_one("a.back-link")["href"] == path("standard.check_start")


def test_a_result_opened_directly_goes_back_to_the_start(client: FlaskClient) -> None:
    page = ClientRequest(client).get("standard.check_result", result="andre-tilbud")
    assert page.select_one("a.back-link")["href"] == path("standard.check_start")


def test_the_check_refuses_a_post_from_another_site(csrf_app: Flask) -> None:
    browser = ClientRequest(csrf_app.test_client())
    refused = browser.post(
        "standard.check_question",
        _data={"answer": "ja"},
        _headers={"Sec-Fetch-Site": "cross-site"},
        _expected_status=400,
        question="genoptraeningsplan",
    )
    assert "Siden var udløbet" in refused.get_data(as_text=True)
    browser.post(
        "standard.check_question",
        _data={"answer": "ja"},
        _headers={"Sec-Fetch-Site": "same-origin"},
        question="genoptraeningsplan",
    )


# The results follow the municipality's profile ------------------------------------------------------------------


def result(app: Flask, name: str, language: str = "da") -> str:
    response = client_for(app, language).get(f"{START}/svar/{name}")
    assert response.status_code == 200
    return " ".join(html(response).main.get_text(" ").split())


def test_rodovre_plan_result_gives_7_days_and_excludes_section_86(make_app: Callable[[str], Flask]) -> None:
    text = result(make_app("rodovre"), "du-skal-ikke-soege")
    assert (
        "Inden for 7 dage: Din træning begynder, hvis du er udskrevet fra sygehuset med en genoptræningsplan." in text
    )
    assert (
        "Har du en genoptræningsplan, kan du ikke også få denne træning hos os: "
        "Genoptræning af funktionsnedsættelser (serviceloven § 86, stk. 1)"
    ) in text


def test_naestved_plan_result_names_no_exclusion_and_gives_the_law(make_app: Callable[[str], Flask]) -> None:
    text = result(make_app("naestved"), "du-skal-ikke-soege")
    assert "kan du ikke også få" not in text
    # Næstved's standard has no goal for citizens with a plan: the law's 7 days and free choice stand.
    assert "skal vi kunne starte din træning senest 7 dage efter, du er kommet hjem" in text
    assert "må du vælge et privat træningssted. Kommunen betaler." in text


def test_norddjurs_plan_result_links_the_section_140_courses(make_app: Callable[[str], Flask]) -> None:
    app = make_app("norddjurs")
    page = html(client_for(app).get(f"{START}/svar/du-skal-ikke-soege"))
    assert {"/tilbud/gop-center", "/tilbud/gop-hjem", "/tilbud/gop-hold"} <= {a["href"] for a in page.main.select("a")}
    assert "Træning efter serviceloven § 86 (uden genoptræningsplan)" in page.main.get_text()


def test_eksempel_plan_result_counts_from_the_plan(make_app: Callable[[str], Flask]) -> None:
    text = result(make_app("eksempel"), "du-skal-ikke-soege")
    assert "Inden for 7 kalenderdage: Din træning begynder." in text


def test_hjorring_apply_result_says_how_and_who_can_apply(make_app: Callable[[str], Flask]) -> None:
    text = result(make_app("hjorring"), "du-kan-soege")
    assert "Du og dine pårørende kan kontakte Træningsenheden på mail eller telefon." in text
    assert "Hvem kan søge? Dig selv Dine pårørende Din læge Plejepersonale" in text
    assert "72 33 58 50" in text and "traeningsenhed@hjoerring.dk" in text


def test_naestved_apply_result_without_a_described_way_points_to_the_contact(make_app: Callable[[str], Flask]) -> None:
    text = result(make_app("naestved"), "du-kan-soege")
    assert "Du kan også kontakte os. Så hjælper vi dig med at søge." in text
    assert "Rådmandshaven 20 4700 Næstved" in text
    assert "Hvem kan søge?" not in text


@pytest.mark.parametrize("municipality", ["norddjurs", "hjorring", "naestved", "rodovre"])
def test_the_apply_result_links_to_the_online_application(make_app: Callable[[str], Flask], municipality: str) -> None:
    client = client_for(make_app(municipality))
    page = html(client.get(f"{START}/svar/du-kan-soege"))
    link = page.main.select_one("a#apply-online")
    assert (link["href"], link.get_text()) == ("/ansoeg", "Søg om træning")
    assert "Du kan søge her på siden. Du logger ind med MitID." in page.main.get_text()
    # Not logged in yet, the link leads to the login and then back to the application.
    assert client.get(link["href"]).headers["Location"] == "/log-ind?next=/ansoeg"


def test_the_other_results_say_what_to_do(make_app: Callable[[str], Flask]) -> None:
    app = make_app("norddjurs")
    elsewhere = result(app, "andre-tilbud")
    assert "Det hedder vederlagsfri fysioterapi." in elsewhere
    assert "Du kan altid søge om træning hos os." in elsewhere
    contact = result(app, "kontakt-os")
    assert "Telefon 89 59 30 11 Alle hverdage kl. 8.00-9.00" in contact
    assert "Every weekday from 8.00 to 9.00" in result(app, "kontakt-os", "en")
