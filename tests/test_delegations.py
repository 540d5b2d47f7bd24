"""Fuldmagt end to end through the Flask client: give, accept, act, revoke, and staff on paper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import today
from portal.extensions import db
from portal.models import AccessLog, Delegation, Scope
from tests import factories
from tests.oidc_flow import log_in

KAREN_CPR = "150344-1236"
METTE_CPR = "281170-1232"


def grant_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"name": "Mette Testesen", "cpr_number": METTE_CPR, "scopes": ["see", "manage_sessions"]}
    data.update(overrides)
    return data


def test_a_citizen_gives_a_relative_a_fuldmagt_that_waits_for_acceptance(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    response = client.post("/mine-paaroerende/ny", data=grant_form())
    assert response.status_code == 303
    page = client.get("/mine-paaroerende").get_data(as_text=True)
    assert "Mette Testesen skal godkende fuldmagten" in page
    assert "Venter på godkendelse" in page
    made = db.session.scalar(sa.select(Delegation))
    assert made.scope_set == {Scope.SEE, Scope.MANAGE_SESSIONS}
    assert made.accepted_at is None and made.valid_to is None


def test_mistakes_in_the_grant_form_are_shown_next_to_the_fields_and_answers_stay(client: FlaskClient) -> None:
    log_in(client, "citizen")
    past = today() - timedelta(days=3)
    data = grant_form(
        cpr_number="31 02 44-1234",
        scopes=[],
        **{"valid_to-day": str(past.day), "valid_to-month": str(past.month), "valid_to-year": str(past.year)},
    )
    response = client.post("/mine-paaroerende/ny", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Der er et problem" in page
    assert 'href="#cpr_number"' in page and 'href="#scopes-0"' in page and 'href="#valid_to-day"' in page
    # Ten digits, but 31 February is no date: the message says so, as the GP's referral form does.
    assert "De første 6 cifre i CPR-nummeret er ikke en rigtig dato" in page
    assert "Vælg mindst én ting, den pårørende må" in page
    assert "Den sidste dag kan ikke ligge før i dag" in page
    assert 'value="Mette Testesen"' in page
    assert 'value="31 02 44-1234"' in page


def test_a_citizen_cannot_give_themselves_a_fuldmagt(client: FlaskClient) -> None:
    log_in(client, "citizen")
    page = client.post("/mine-paaroerende/ny", data=grant_form(cpr_number=KAREN_CPR)).get_data(as_text=True)
    assert "ikke dit eget" in page


def test_the_same_relative_cannot_get_two_open_fuldmagter(client: FlaskClient) -> None:
    log_in(client, "citizen")
    assert client.post("/mine-paaroerende/ny", data=grant_form()).status_code == 303
    page = client.post("/mine-paaroerende/ny", data=grant_form()).get_data(as_text=True)
    assert "Du har allerede givet denne person en fuldmagt" in page


def test_the_relative_accepts_chooses_and_sees_only_what_was_allowed(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/mine-paaroerende/ny", data=grant_form(scopes=["see"]))
    mette = app.test_client()
    landing = log_in(mette, "relative")
    assert landing.headers["Location"] == "/jeg-hjaelper"
    chooser = mette.get("/jeg-hjaelper").get_data(as_text=True)
    assert "Karen Testesen vil gerne have din hjælp" in chooser
    delegation_id = db.session.scalar(sa.select(Delegation.id))
    assert mette.post(f"/jeg-hjaelper/{delegation_id}/godkend").status_code == 303
    assert mette.post(f"/jeg-hjaelper/{delegation_id}/vaelg").status_code == 303
    overview = mette.get("/mit-overblik").get_data(as_text=True)
    assert "Du handler på vegne af Karen Testesen" in overview
    assert "Overblik for Karen Testesen" in overview
    assert "Se træningstider og beskeder" in overview
    assert "Melde afbud" not in overview
    # The visit is in Karen's log, under the fuldmagt.
    visit = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "overview.index"))
    assert (visit.actor_name, visit.acting_as, visit.delegation_id) == ("Mette Testesen", "relative", delegation_id)
    log = client.get("/hvem-har-set-mine-oplysninger").get_data(as_text=True)
    assert "Mette Testesen" in log and "Pårørende med fuldmagt" in log and "Så overblikket" in log


def test_a_revocation_counts_at_once_for_a_relative_logged_in_now(app: Flask, client: FlaskClient) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette_person)
    db.session.commit()
    mette = app.test_client()
    log_in(mette, "relative")
    mette.post(f"/jeg-hjaelper/{made.id}/vaelg")
    assert mette.get("/mit-overblik").status_code == 200
    log_in(client, "citizen")
    assert client.post(f"/mine-paaroerende/{made.id}/tilbagekald").status_code == 303
    assert mette.get("/mit-overblik").status_code == 404
    # Back on her own overview, without the banner.
    page = mette.get("/mit-overblik").get_data(as_text=True)
    assert "Du handler på vegne af" not in page
    assert "Mit overblik" in page


def test_a_relative_cannot_act_on_a_pending_or_someone_elses_fuldmagt(app: Flask, client: FlaskClient) -> None:
    karen, mette_person, bent = (factories.person_for(key) for key in ("citizen", "relative", "citizen_140"))
    pending = factories.delegation(karen, mette_person, accepted_at=None)
    others = factories.delegation(karen, bent)
    db.session.commit()
    log_in(client, "relative")
    assert client.post(f"/jeg-hjaelper/{pending.id}/vaelg").status_code == 303
    assert "Du handler på vegne af" not in client.get("/mit-overblik").get_data(as_text=True)
    assert client.post(f"/jeg-hjaelper/{others.id}/vaelg").status_code == 404
    assert client.post(f"/jeg-hjaelper/{others.id}/godkend").status_code == 404
    assert client.post(f"/mine-paaroerende/{others.id}/tilbagekald").status_code == 404


def test_a_relative_acting_for_someone_sees_only_their_own_log_and_data(app: Flask, client: FlaskClient) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette_person, scopes=" ".join(Scope))
    db.session.commit()
    log_in(client, "relative")
    client.post(f"/jeg-hjaelper/{made.id}/vaelg")
    client.get("/mit-overblik")
    log = client.get("/hvem-har-set-mine-oplysninger").get_data(as_text=True)
    assert "Så overblikket" not in log  # that entry is in Karen's log, not Mette's
    data = client.get("/mine-data/mine-data.json").get_json()
    assert data["person"]["name"] == "Mette Testesen"


def test_an_expired_fuldmagt_is_not_offered(app: Flask, client: FlaskClient) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    factories.delegation(karen, mette_person, valid_to=factories.yesterday())
    db.session.commit()
    landing = log_in(client, "relative")
    assert landing.headers["Location"] == "/mit-overblik"
    assert "Du kan ikke handle for andre endnu" in client.get("/jeg-hjaelper").get_data(as_text=True)


def test_staff_register_a_guardianship_from_paper_and_end_it(app: Flask, client: FlaskClient) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "visitator")
    found = client.post("/medarbejder/borger", data={"cpr_number": KAREN_CPR})
    assert found.status_code == 303
    assert found.headers["Location"] == f"/medarbejder/borger/{karen.id}"
    assert KAREN_CPR.replace("-", "") not in found.headers["Location"]
    registered = client.post(
        f"/medarbejder/borger/{karen.id}/fuldmagt",
        data={
            "kind": "guardianship",
            "name": "Mette Testesen",
            "cpr_number": METTE_CPR,
            "scopes": ["see", "apply"],
            "paper_reference": "Sag 2026-0042",
        },
    )
    assert registered.status_code == 303
    made = db.session.scalar(sa.select(Delegation))
    assert (made.kind, made.paper_reference) == ("guardianship", "Sag 2026-0042")
    assert made.accepted_at is not None and made.registered_by_account_id is not None
    citizen_page = client.get(f"/medarbejder/borger/{karen.id}").get_data(as_text=True)
    assert "Værgemål" in citizen_page
    assert client.post(f"/medarbejder/fuldmagt/{made.id}/afslut").status_code == 303
    db.session.refresh(made)
    assert made.revoked_at is not None
    karen_client = app.test_client()
    log_in(karen_client, "citizen")
    mine = karen_client.get("/mine-paaroerende").get_data(as_text=True)
    assert "Sag 2026-0042" in mine and "Tilbagekaldt" in mine


def test_staff_see_a_citizens_log_only_with_a_reason(app: Flask, client: FlaskClient) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "visitator")
    refused = client.post(f"/medarbejder/borger/{karen.id}/log", data={"reason": ""})
    assert "Skriv, hvorfor du skal se loggen" in refused.get_data(as_text=True)
    shown = client.post(f"/medarbejder/borger/{karen.id}/log", data={"reason": "Klage over afgørelse"})
    assert shown.status_code == 200
    assert "Log for Karen Testesen" in shown.get_data(as_text=True)
    karen_client = app.test_client()
    log_in(karen_client, "citizen")
    mine = karen_client.get("/hvem-har-set-mine-oplysninger").get_data(as_text=True)
    assert "Vibeke Visitator" in mine and "Grund: Klage over afgørelse" in mine


def test_a_therapist_cannot_register_or_read_logs(app: Flask, client: FlaskClient) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "therapist")
    assert client.get(f"/medarbejder/borger/{karen.id}").status_code == 403
    assert client.post(f"/medarbejder/borger/{karen.id}/log", data={"reason": "x"}).status_code == 403


def test_an_unknown_cpr_number_is_reported_without_showing_it_anywhere_else(client: FlaskClient) -> None:
    log_in(client, "visitator")
    page = client.post("/medarbejder/borger", data={"cpr_number": "010203-1234"}).get_data(as_text=True)
    assert "Portalen kender endnu ingen borger med dette CPR-nummer" in page


def test_the_new_pages_stay_within_the_query_budget(
    app: Flask, client: FlaskClient, count_queries: Callable[[], list[str]]
) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    for _ in range(5):
        factories.delegation(karen, mette_person, revoked_at=None)
    db.session.commit()
    log_in(client, "relative")
    for path in ("/jeg-hjaelper", "/mit-overblik", "/mine-paaroerende", "/hvem-har-set-mine-oplysninger", "/mine-data"):
        before = len(count_queries())
        assert client.get(path).status_code == 200, path
        assert len(count_queries()) - before <= 6, path
