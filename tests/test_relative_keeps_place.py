"""The relative keeps their place: no link the portal shows them leads to a refusal, and an action their fuldmagt does
not reach is refused in words (which scope, who can give it), still acting for the same person."""

from __future__ import annotations

from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from portal.applications.questions import STEPS
from portal.auth.access import access_rule
from portal.extensions import db
from portal.models import CourseStatus, Role, Scope
from portal.standard.lix import page_lix
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path
from tests.plans.helpers import a_plan
from tests.test_applications import answer_all
from tests.waiting import Waiting, everything_waiting_for_karen

ACTING = "Du handler på vegne af Karen Testesen"


def act_for_karen(app: Flask, karen: Any, scopes: str, kind: str = "fuldmagt") -> ClientRequest:
    made = factories.delegation(karen, factories.person_for("relative"), scopes=scopes, kind=kind)
    db.session.commit()
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.act_for", delegation_id=made.id)
    return mette


def citizen_pages(app: Flask, w: Waiting, plan_id: int) -> list[str]:
    """Every page a citizen can open, with Karen's own things in the addresses that need one."""
    values = {
        "plan_id": plan_id,
        "session_id": w.session.id,
        "case_id": w.case.id,
        "question_id": w.question.id,
        "program_id": w.program.id,
        "application_id": w.referral.id,
        "message_id": w.letters[0].id,
        "exercise_id": w.program.items[0].exercise_id,
        "slug": STEPS[0].slug,
        "fmt": "json",
        "number": 1,
    }
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or access_rule(app.view_functions[rule.endpoint]) != frozenset({Role.CITIZEN}):
            continue
        missing = set(rule.arguments) - set(values)
        assert not missing, f"the walk does not know how to fill in {missing} of {rule.rule}"
        pages.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return sorted(pages)


def main_links(response: Any) -> set[str]:
    if response.mimetype != "text/html" or response.status_code not in (200, 403):
        return set()
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    found = set()
    # The print view is a page of its own, without the portal's frame: its body is its main content.
    for anchor in (page.find("main") or page.body).find_all("a", href=True):
        href = urldefrag(anchor["href"])[0]
        if href and href.startswith("/") and not href.startswith("//") and not urlsplit(href).netloc:
            found.add(href)
    return found


@pytest.mark.parametrize("scope", list(Scope))
def test_a_relative_with_one_scope_meets_no_refusal_behind_any_link_on_karens_pages(app: Flask, scope: Scope) -> None:
    w = everything_waiting_for_karen()
    # A plan from the hospital whose course has ended: its pages and links, and Karen may still apply.
    plan = a_plan(w.karen)
    plan.course.status = CourseStatus.COMPLETED
    db.session.commit()
    mette = act_for_karen(app, w.karen, str(scope))
    followed: dict[str, int] = {}
    for page in citizen_pages(app, w, plan.id):
        # Addresses built from the URL map and links read from the pages: the walk follows them as they are.
        response = mette.client.get(page)
        # A page the scope does not open is refused in words and keeps Mette acting for Karen; it is never a 404.
        assert response.status_code in (200, 302, 303, 403), (page, response.status_code)
        if response.mimetype == "text/html" and 'class="header"' in response.get_data(as_text=True):
            assert ACTING in response.get_data(as_text=True), page
        for link in main_links(response) - set(followed):
            followed[link] = mette.client.get(link).status_code
    refused = {link: status for link, status in followed.items() if status in (403, 404)}
    assert refused == {}, f"with only {scope}, links on Karen's pages lead to refusals"
    assert followed, "the walk followed no link at all"


def test_mette_asking_to_apply_with_see_and_cancel_is_told_which_scope_and_keeps_acting_for_karen(
    app: Flask,
) -> None:
    w = everything_waiting_for_karen()
    db.session.commit()
    mette = act_for_karen(app, w.karen, f"{Scope.SEE} {Scope.MANAGE_SESSIONS}")
    cases = mette.get("applications.cases")
    assert cases.select_one(f'main a[href="{path("applications.start")}"]') is None

    refused = mette.get_response("applications.start", _expected_status=403)
    page = BeautifulSoup(refused.get_data(as_text=True), "html.parser")
    words = " ".join(page.find("main").get_text(" ").split())
    assert page.h1.get_text() == "Det kan du ikke gøre for Karen Testesen"
    assert "Søge om træning for mig." in words
    assert "Karen Testesen kan give dig lov. Det sker på siden »Mine pårørende« i portalen." in words
    assert "Du handler stadig på vegne af Karen Testesen." in words
    assert (
        page.select_one(f'main a[href="{path("overview.index")}"]').get_text()
        == "Tilbage til overblikket for Karen Testesen"
    )
    assert ACTING in refused.get_data(as_text=True)

    # A post is refused the same way, and nothing is made.
    mette.post("applications.begin", _expected_status=403)
    # Karen's sessions are still there, for Karen.
    sessions = str(mette.get("citizen_sessions.index"))
    assert ACTING in sessions and path("citizen_sessions.cancel", session_id=w.session.id) in sessions


@pytest.mark.parametrize(
    ("kind", "words"),
    [
        ("paper_fuldmagt", "Din fuldmagt er lavet på papir. Kontakt kommunen for at ændre den."),
        ("guardianship", "Dit værgemål er registreret af kommunen. Kontakt kommunen for at ændre det."),
    ],
)
def test_a_fuldmagt_on_paper_or_a_guardianship_points_to_the_municipality(app: Flask, kind: str, words: str) -> None:
    karen = factories.person_for("citizen")
    mette = act_for_karen(app, karen, str(Scope.SEE), kind=kind)
    page = mette.get_response("preferences.edit", _expected_status=403).get_data(as_text=True)
    assert "Ændre mine kontaktoplysninger." in page and words in page
    assert "Mine pårørende" not in page


@pytest.mark.parametrize(
    ("scopes", "endpoint"),
    [
        ("manage_sessions", "citizen_sessions.index"),
        ("see", "citizen_sessions.absence"),
        ("see", "preferences.edit"),
        ("see", "applications.start"),
    ],
)
def test_the_refusal_reads_plainly(app: Flask, scopes: str, endpoint: str) -> None:
    mette = act_for_karen(app, factories.person_for("citizen"), scopes)
    refused = mette.get_response(endpoint, _expected_status=403)
    assert page_lix(refused.get_data(as_text=True)) <= 35


def test_a_relative_who_may_cancel_but_not_see_lands_on_the_home_after_cancelling(app: Flask) -> None:
    w = everything_waiting_for_karen()
    db.session.commit()
    mette = act_for_karen(app, w.karen, str(Scope.MANAGE_SESSIONS))
    done = mette.post("citizen_sessions.cancel", _data={"reason": "Syg"}, session_id=w.session.id)
    assert done.headers["Location"] == path("overview.index")
    home = str(mette.get("overview.index"))
    assert "Træningstiden er aflyst" in home and ACTING in home


def test_a_relative_who_may_apply_but_not_see_lands_on_the_home_with_the_case_number(app: Flask) -> None:
    karen = factories.person_for("citizen")
    mette = act_for_karen(app, karen, str(Scope.APPLY))
    answer_all(mette)
    sent = mette.post("applications.send")
    assert sent.headers["Location"] == path("overview.index")
    home = str(mette.get("overview.index"))
    assert "Ansøgningen er sendt. Den har sagsnummer TR-" in home and ACTING in home
