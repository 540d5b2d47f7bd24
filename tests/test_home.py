"""Mit overblik is a home: what waits, the next session, today's exercises and the open case, for the citizen and for
a relative acting for them, within the query budget; letters know when the citizen read them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from babel.dates import format_date
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import clock
from portal.extensions import db
from portal.models import Scope, TrainingLogEntry
from portal.outbox.services import send_message
from portal.standard.lix import page_lix
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.waiting import Waiting, everything_waiting_for_karen


def text(node: BeautifulSoup) -> str:
    """The words of the page's main content, or of one part of it."""
    return " ".join((node.find("main") or node).get_text(" ").split())


def links(node: BeautifulSoup) -> set[str]:
    """The links of the page's own content: the banner of whom one acts for (inside <main>, for its landmark) is
    on every page and not the home's."""
    return {
        a["href"]
        for a in (node.find("main") or node).find_all("a", href=True)
        if a.find_parent(class_="acting-banner") is None
    }


def section(page: BeautifulSoup, heading_id: str) -> BeautifulSoup:
    found = page.find(attrs={"aria-labelledby": heading_id})
    assert found is not None, heading_id
    return found


def karen_with_everything() -> Waiting:
    waiting = everything_waiting_for_karen()
    db.session.commit()
    return waiting


def mette_acting_for_karen(app: Flask, waiting: Waiting, scopes: str) -> ClientRequest:
    made = factories.delegation(waiting.karen, factories.person_for("relative"), scopes=scopes)
    db.session.commit()
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.act_for", delegation_id=made.id)
    return mette


def test_karens_home_shows_what_waits_her_next_session_her_exercises_and_her_case(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    w = karen_with_everything()
    log_in(client, "citizen")
    page = client_request.get("overview.index")

    waiting = section(page, "waiting-heading")
    words = text(waiting)
    assert "Det venter på dig" in words
    assert "En person vil gerne have din hjælp og har givet dig en fuldmagt. Godkend eller afvis" in words
    assert "Kommunen har et spørgsmål til dig. Svar på spørgsmålet om sag TR-2026-00101" in words
    assert "Du er begyndt på en ansøgning. Gør ansøgningen færdig" in words
    assert (
        "Din læge har sendt en henvisning. Kommunen vil gerne have dine egne svar. "
        f"Tilføj dine egne svar til henvisning {w.referral.case_number}"
    ) in words
    assert "Du har 2 nye breve." in words
    assert links(waiting) == {
        path("delegations.choose"),
        path("case_questions.answer", case_id=w.case.id, question_id=w.question.id),
        path("applications.start"),
        path("referrals.my_answers", application_id=w.referral.id),
        path("messages.index"),
    }

    session = section(page, "next-session-heading")
    words = text(session)
    day = format_date(w.session.starts_at.astimezone(clock.COPENHAGEN).date(), "EEEE d. MMMM y", locale="da")
    assert day in words
    assert "Træningscenter Auning" in words and "Terapeut: Tove" in words and "Tag med" in words
    assert path("citizen_sessions.cancel", session_id=w.session.id) in links(session)

    exercises = section(page, "exercises-heading")
    assert [li.get_text() for li in exercises.find_all("li")] == ["Rejse sig fra stol", "Stå på ét ben"]
    assert path("programs.log", program_id=w.program.id) in links(exercises)

    case = section(page, "case-heading")
    words = text(case)
    promised = format_date(clock.today() + timedelta(days=5), "long", locale="da")
    assert "Din sag" in words and "Sag TR-2026-00101 : Sendt." in words
    assert f"Næste trin er lovet senest {promised}." in words
    assert "Se alle 2 åbne sager" in words


def test_what_is_done_leaves_the_home(client: FlaskClient, client_request: ClientRequest) -> None:
    w = karen_with_everything()
    db.session.add(TrainingLogEntry(program_id=w.program.id, day=clock.today(), effort=3, pain=1))
    db.session.commit()
    log_in(client, "citizen")
    for letter in w.letters:
        client_request.get("messages.show", message_id=letter.id)
    page = client_request.get("overview.index")
    assert "breve" not in text(section(page, "waiting-heading"))
    exercises = section(page, "exercises-heading")
    assert "Dagen i dag er registreret. Godt gået." in text(exercises)
    assert path("programs.log", program_id=w.program.id) not in links(exercises)


def test_a_home_with_nothing_waiting_says_so_and_offers_the_way_on(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    page = client_request.get("overview.index")
    words = text(page)
    assert "Der venter ikke noget lige nu." in words
    assert "Der er ikke booket træning endnu." in words
    assert {
        path("applications.start"),
        path("citizen_sessions.index"),
        path("applications.cases"),
        path("messages.index"),
    } <= links(page)
    assert "exercises-heading" not in str(page) and "case-heading" not in str(page)


def test_mette_with_see_and_cancel_sees_karens_home_and_acts_only_where_she_may(app: Flask) -> None:
    w = karen_with_everything()
    mette = mette_acting_for_karen(app, w, f"{Scope.SEE} {Scope.MANAGE_SESSIONS}")
    page = mette.get("overview.index")
    words = text(page)
    assert "Overblik for Karen Testesen" in words
    assert "Det venter på Karen Testesen" in words
    assert "Kommunen har et spørgsmål til Karen Testesen." in words
    assert "Karen Testesen har 2 breve, som ikke er læst." in words
    # The fuldmagt offered to Karen is hers to answer; without "apply" there is no draft to finish.
    assert "fuldmagt. Godkend" not in words and "Gør ansøgningen færdig" not in words
    found = links(page)
    assert path("citizen_sessions.cancel", session_id=w.session.id) in found
    assert path("programs.log", program_id=w.program.id) in found
    assert (
        not {
            path("applications.start"),
            path("case_questions.answer", case_id=w.case.id, question_id=w.question.id),
            path("referrals.my_answers", application_id=w.referral.id),
            path("preferences.edit"),
            path("delegations.choose"),
        }
        & found
    )


def test_mette_with_apply_only_is_shown_what_she_may_answer_and_nothing_she_may_not_see(app: Flask) -> None:
    w = karen_with_everything()
    mette = mette_acting_for_karen(app, w, str(Scope.APPLY))
    page = mette.get("overview.index")
    found = links(page)
    assert {
        path("applications.start"),
        path("case_questions.answer", case_id=w.case.id, question_id=w.question.id),
        path("referrals.my_answers", application_id=w.referral.id),
    } <= found
    assert "next-session-heading" not in str(page) and "exercises-heading" not in str(page)
    assert (
        not {
            path("messages.index"),
            path("citizen_sessions.index"),
            path("applications.cases"),
            path("applications.case", case_id=w.case.id),
        }
        & found
    )
    assert "breve" not in text(page)


def test_the_home_stays_within_six_statements_for_karen_and_for_mette_with_a_session_write(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    w = karen_with_everything()
    mette = mette_acting_for_karen(app, w, " ".join(Scope))
    log_in(client, "citizen")
    for who, browser in (("karen", client_request), ("mette", mette)):
        browser.get("overview.index")
        # Two minutes on, the session's last activity is stale and is written back: the most a home costs.
        with clock.clock_set_to(clock.now() + timedelta(minutes=2)):
            before = len(count_queries())
            page = browser.get("overview.index")
            statements = count_queries()[before:]
        assert any(s.startswith("INSERT INTO web_sessions") for s in statements), who
        assert len(statements) <= 6, (who, [s[:80] for s in statements])
        assert "Rejse sig fra stol" in text(page) and "TR-2026-00101" in text(page), who


def test_the_home_reads_plainly_for_karen_and_for_mette(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    w = karen_with_everything()
    mette = mette_acting_for_karen(app, w, " ".join(Scope))
    log_in(client, "citizen")
    pages = {
        "karen": client_request.get_response("overview.index").get_data(as_text=True),
        "mette": mette.get_response("overview.index").get_data(as_text=True),
    }
    assert {who: page_lix(page) for who, page in pages.items() if page_lix(page) > 35} == {}


def test_letters_to_someone_else_are_not_counted(client: FlaskClient, client_request: ClientRequest) -> None:
    karen_with_everything()
    send_message(factories.a_person(3).id, "x", "da", "Til en anden", "Hej")
    db.session.commit()
    log_in(client, "citizen")
    assert "Du har 2 nye breve." in text(client_request.get("overview.index"))


# The front page shows each logged-in person the way to their own start page.


def test_the_front_page_shows_each_person_the_way_to_their_start(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    anonymous = client_request.get("main.index")
    assert path("auth.login") in links(anonymous) and path("overview.index") not in links(anonymous)

    log_in(client, "citizen")
    front = client_request.get("main.index")
    assert (
        front.select_one(f'main a.button-primary[href="{path("overview.index")}"]').get_text() == "Gå til mit overblik"
    )
    assert path("delegations.choose") not in links(front)

    gp = ClientRequest(app.test_client())
    log_in(gp.client, "gp")
    assert gp.get("main.index").select_one("main a.button-primary")["href"] == path("gp.referrals")
    staff = ClientRequest(app.test_client())
    log_in(staff.client, "therapist")
    assert staff.get("main.index").select_one("main a.button-primary")["href"] == path("staff.console")


def test_the_front_page_takes_a_relative_back_to_the_person_they_act_for(app: Flask) -> None:
    w = karen_with_everything()
    mette = mette_acting_for_karen(app, w, str(Scope.SEE))
    front = mette.get("main.index")
    primary = front.select_one("main a.button-primary")
    assert (primary["href"], primary.get_text()) == (path("overview.index"), "Gå til overblikket for Karen Testesen")
    chooser = [
        a.get_text()
        for a in front.select(f'main a[href="{path("delegations.choose")}"]')
        if not a.find_parent(class_="acting-banner")
    ]
    assert chooser == ["Vælg, hvem du hjælper"]


def test_a_relative_whose_scope_opens_nothing_on_the_home_gets_no_empty_headings(app: Flask) -> None:
    w = karen_with_everything()
    mette = mette_acting_for_karen(app, w, str(Scope.RECEIVE_NOTICES))
    page = mette.get("overview.index")
    assert [h2.get_text() for h2 in page.find("main").find_all("h2")] == ["Det må du"]
    assert page.find("main").find_all("ul", class_="link-list") == []
