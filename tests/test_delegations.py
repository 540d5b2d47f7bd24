"""Fuldmagt end to end through the Flask client: give, accept, act, revoke, and staff on paper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa
from babel.dates import format_date
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal import cpr
from portal.clock import today
from portal.extensions import db
from portal.models import AccessLog, Delegation, Person, Scope
from portal.standard.lix import page_lix
from tests import factories
from tests.oidc_flow import log_in

KAREN_CPR = "150344-1236"
METTE_CPR = "281170-1232"


def long_date(day: date) -> str:
    return format_date(day, "long", locale="da")


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
    assert "Se min træning, mine breve, sager og øvelser" in overview
    assert "Mine ansøgninger med mine svar om mit helbred" in overview
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
    told = mette.get("/mit-overblik")
    # Not a 404: she is told in words and lands on her own overview, without the banner.
    assert (told.status_code, told.headers["Location"]) == (303, "/mit-overblik")
    page = mette.get("/mit-overblik").get_data(as_text=True)
    assert f"Karen Testesen har trukket fuldmagten tilbage den {long_date(today())}." in page
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


# Issue #13: the grant form must not be a CPR-to-name oracle.


def test_a_blank_name_is_refused_next_to_the_field_and_shows_no_name_the_portal_holds(client: FlaskClient) -> None:
    factories.person_for("relative")
    db.session.commit()
    log_in(client, "citizen")
    refused = client.post("/mine-paaroerende/ny", data=grant_form(name=" "))
    page = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert 'href="#name"' in page and "Skriv den pårørendes fulde navn" in page
    assert 'value="281170-1232"' in page  # her other answers stay
    assert "Mette" not in page
    assert db.session.scalar(sa.select(sa.func.count(Delegation.id))) == 0
    assert "Mette" not in client.get("/mine-paaroerende").get_data(as_text=True)


def test_my_relatives_shows_the_name_the_citizen_typed_not_the_one_the_portal_holds(client: FlaskClient) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    # An offer from before names were required, with a blank name: the portal's name for the CPR stays hidden.
    factories.delegation(karen, mette_person, grantee_name="", accepted_at=None)
    db.session.commit()
    log_in(client, "citizen")
    offer = grant_form(name="Min nabo", cpr_number="010203-1234")
    assert client.post("/mine-paaroerende/ny", data=offer).status_code == 303
    page = client.get("/mine-paaroerende").get_data(as_text=True)
    assert "Min nabo" in page and "Intet navn skrevet" in page
    assert "Mette" not in page


def test_typing_a_cpr_number_makes_no_person_until_the_relative_accepts(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    people_before = db.session.scalar(sa.select(sa.func.count(Person.id)))
    assert client.post("/mine-paaroerende/ny", data=grant_form()).status_code == 303
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == people_before
    offered = db.session.scalar(sa.select(Delegation))
    assert offered.grantee_person_id is None
    assert offered.grantee_cpr_hash == cpr.lookup_hash(cpr.normalise(METTE_CPR))
    # Mette logs in with her own MitID: the offer is found by her CPR number, and she becomes its relative on accepting.
    mette = app.test_client()
    assert log_in(mette, "relative").headers["Location"] == "/jeg-hjaelper"
    assert "Karen Testesen vil gerne have din hjælp" in mette.get("/jeg-hjaelper").get_data(as_text=True)
    assert mette.post(f"/jeg-hjaelper/{offered.id}/godkend").status_code == 303
    db.session.refresh(offered)
    assert offered.grantee_person_id == factories.person_for("relative").id
    assert offered.accepted_at is not None


def test_an_offer_to_someone_else_cannot_be_accepted_or_declined(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/mine-paaroerende/ny", data=grant_form(cpr_number="010203-1234"))
    offered = db.session.scalar(sa.select(Delegation))
    mette = app.test_client()
    log_in(mette, "relative")
    assert mette.post(f"/jeg-hjaelper/{offered.id}/godkend").status_code == 404
    assert mette.post(f"/jeg-hjaelper/{offered.id}/afvis").status_code == 404
    db.session.refresh(offered)
    assert offered.accepted_at is None and offered.declined_at is None


def test_a_cpr_lookup_is_logged_for_the_person_looked_up(app: Flask, client: FlaskClient) -> None:
    mette_person = factories.person_for("relative")
    db.session.commit()
    log_in(client, "citizen")
    client.post("/mine-paaroerende/ny", data=grant_form())
    offered = db.session.scalar(sa.select(Delegation))
    entry = db.session.scalar(sa.select(AccessLog).where(AccessLog.subject_person_id == mette_person.id))
    assert (entry.actor_name, entry.acting_as, entry.action) == ("Karen Testesen", "grantor", "delegation.offered")
    assert entry.delegation_id == offered.id
    mette = app.test_client()
    log_in(mette, "relative")
    log = mette.get("/hvem-har-set-mine-oplysninger").get_data(as_text=True)
    assert "Skrev dit CPR-nummer for at give dig en fuldmagt" in log
    assert "Borger, der giver dig en fuldmagt" in log


def test_a_lookup_of_an_unknown_cpr_number_is_logged_for_the_citizen_only(client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/mine-paaroerende/ny", data=grant_form(cpr_number="010203-1234"))
    karen = factories.person_for("citizen")
    lookups = sa.select(AccessLog.subject_person_id).where(AccessLog.action.like("delegation%"))
    assert set(db.session.scalars(lookups)) == {karen.id}


def test_staff_registering_on_paper_is_logged_for_the_relative_too(client: FlaskClient) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "visitator")
    data = {"kind": "paper_fuldmagt", "name": "Mette T.", "cpr_number": METTE_CPR, "scopes": ["see"]}
    client.post(f"/medarbejder/borger/{karen.id}/fuldmagt", data={**data, "paper_reference": "Sag 7"})
    made = db.session.scalar(sa.select(Delegation))
    mette_person = factories.person_for("relative")
    assert (made.grantee_person_id, made.grantee_cpr_hash) == (mette_person.id, mette_person.cpr_hash)
    logged = db.session.scalar(sa.select(AccessLog).where(AccessLog.subject_person_id == mette_person.id))
    assert (logged.action, logged.acting_as, logged.actor_name) == (
        "delegation.registered_for_you",
        "staff",
        "Vibeke Visitator",
    )
    assert "Mette T." in client.get(f"/medarbejder/borger/{karen.id}").get_data(as_text=True)


# Issue #15: the relative may say no, and is told in words when a fuldmagt ends.


def test_the_relative_declines_and_the_citizen_sees_it(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    client.post("/mine-paaroerende/ny", data=grant_form())
    offered = db.session.scalar(sa.select(Delegation))
    mette = app.test_client()
    log_in(mette, "relative")
    chooser = mette.get("/jeg-hjaelper").get_data(as_text=True)
    assert "Afvis fuldmagten fra Karen Testesen" in chooser
    declined = mette.post(f"/jeg-hjaelper/{offered.id}/afvis", follow_redirects=True).get_data(as_text=True)
    assert "Du har afvist fuldmagten fra Karen Testesen." in declined
    assert "vil gerne have din hjælp" not in declined
    db.session.refresh(offered)
    assert offered.declined_at is not None and offered.accepted_at is None
    assert mette.post(f"/jeg-hjaelper/{offered.id}/godkend").status_code == 404
    mine = client.get("/mine-paaroerende").get_data(as_text=True)
    assert "Afvist af den pårørende" in mine
    assert "Tag fuldmagten tilbage fra" not in mine
    assert "Afviste en fuldmagt" in client.get("/hvem-har-set-mine-oplysninger").get_data(as_text=True)
    # Declined is not open: Karen may offer it again.
    assert client.post("/mine-paaroerende/ny", data=grant_form()).status_code == 303


def test_declining_needs_the_csrf_token(csrf_app: Flask) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    offered = factories.delegation(karen, mette_person, accepted_at=None)
    db.session.commit()
    mette = csrf_app.test_client()
    log_in(mette, "relative")
    assert mette.post(f"/jeg-hjaelper/{offered.id}/afvis").status_code == 400
    db.session.refresh(offered)
    assert offered.declined_at is None


def test_declining_is_a_post(client: FlaskClient) -> None:
    offered = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), accepted_at=None)
    db.session.commit()
    log_in(client, "relative")
    assert client.get(f"/jeg-hjaelper/{offered.id}/afvis").status_code == 405


def test_a_fuldmagt_ended_by_the_municipality_is_told_and_the_relative_lands_on_the_chooser(
    app: Flask, client: FlaskClient
) -> None:
    karen, mette_person, bent = (factories.person_for(key) for key in ("citizen", "relative", "citizen_140"))
    made = factories.delegation(karen, mette_person)
    factories.delegation(bent, mette_person)
    db.session.commit()
    mette = app.test_client()
    log_in(mette, "relative")
    mette.post(f"/jeg-hjaelper/{made.id}/vaelg")
    log_in(client, "visitator")
    assert client.post(f"/medarbejder/fuldmagt/{made.id}/afslut").status_code == 303
    told = mette.post("/mine-traeningstider/fravaer", data={})
    # She still helps Bent, so she lands on the chooser.
    assert (told.status_code, told.headers["Location"]) == (303, "/jeg-hjaelper")
    page = mette.get("/jeg-hjaelper").get_data(as_text=True)
    assert f"Kommunen har afsluttet fuldmagten fra Karen Testesen den {long_date(today())}." in page


def test_a_fuldmagt_that_ran_out_is_told_with_its_last_day(app: Flask, client: FlaskClient) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette_person, valid_from=today() - timedelta(days=10))
    db.session.commit()
    log_in(client, "relative")
    client.post(f"/jeg-hjaelper/{made.id}/vaelg")
    made.valid_to = factories.yesterday()
    db.session.commit()
    told = client.get("/mine-traeningstider/", follow_redirects=True).get_data(as_text=True)
    assert f"Fuldmagten fra Karen Testesen gjaldt til og med den {long_date(factories.yesterday())}." in told


def test_a_scope_the_fuldmagt_lacks_is_refused_in_words_not_a_404(client: FlaskClient) -> None:
    made = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), scopes="see")
    db.session.commit()
    log_in(client, "relative")
    client.post(f"/jeg-hjaelper/{made.id}/vaelg")
    refused = client.get("/paamindelser-og-kontakt/")
    assert refused.status_code == 403
    assert "Ændre mine kontaktoplysninger" in refused.get_data(as_text=True)


def test_the_pages_that_say_what_a_fuldmagt_opens_read_at_lix_35_or_below(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    grant_page = client.get("/mine-paaroerende/ny").get_data(as_text=True)
    client.post(
        "/mine-paaroerende/ny",
        data=grant_form(scopes=["see", "manage_sessions", "help_training", "manage_contact", "apply"]),
    )
    relatives_page = client.get("/mine-paaroerende").get_data(as_text=True)
    mette = app.test_client()
    log_in(mette, "relative")
    chooser = mette.get("/jeg-hjaelper").get_data(as_text=True)
    offered = db.session.scalar(sa.select(Delegation.id))
    mette.post(f"/jeg-hjaelper/{offered}/godkend")
    mette.post(f"/jeg-hjaelper/{offered}/vaelg")
    overview = mette.get("/mit-overblik").get_data(as_text=True)
    pages = {"grant": grant_page, "relatives": relatives_page, "chooser": chooser, "overview": overview}
    assert {name: page_lix(html) for name, html in pages.items() if page_lix(html) > 35} == {}


def test_the_scope_to_help_with_training_is_named_and_explained_where_fuldmagter_are_given_and_shown(
    app: Flask, client: FlaskClient
) -> None:
    label = "Hjælpe mig med min træning derhjemme"
    explained = (
        "Lave mine øvelser med mig, én ad gangen, på siderne Træn nu. Skrive dagen i min log med, hvor hårdt det var,"
        " og hvor ondt det gjorde. Loggen viser, hvem der skrev den."
    )

    def offered(html: str) -> tuple[str, str]:
        page = BeautifulSoup(html, "html.parser")
        box = page.select_one('input[name="scopes"][value="help_training"]')
        return (
            page.select_one(f'label[for="{box["id"]}"]').get_text(),
            page.select_one(f"#{box['aria-describedby']}").get_text(),
        )

    def listed(html: str) -> str:
        return " ".join(BeautifulSoup(html, "html.parser").find("main").get_text(" ").split())

    # The citizen gives it, and sees it in the list of her relatives.
    log_in(client, "citizen")
    assert offered(client.get("/mine-paaroerende/ny").get_data(as_text=True)) == (label, explained)
    client.post("/mine-paaroerende/ny", data=grant_form(scopes=["see", "help_training"]))
    assert f"{label}. {explained}" in listed(client.get("/mine-paaroerende").get_data(as_text=True))
    # The relative reads it before accepting, and on the citizen's home after.
    mette = app.test_client()
    log_in(mette, "relative")
    assert f"{label}. {explained}" in listed(mette.get("/jeg-hjaelper").get_data(as_text=True))
    offer = db.session.scalar(sa.select(Delegation.id))
    mette.post(f"/jeg-hjaelper/{offer}/godkend")
    mette.post(f"/jeg-hjaelper/{offer}/vaelg")
    assert f"{label}. {explained}" in listed(mette.get("/mit-overblik").get_data(as_text=True))
    # Staff give it on paper, and the citizen's page lists it.
    karen = factories.person_for("citizen")
    db.session.commit()
    vibeke = app.test_client()
    log_in(vibeke, "visitator")
    assert offered(vibeke.get(f"/medarbejder/borger/{karen.id}/fuldmagt").get_data(as_text=True)) == (
        label,
        explained,
    )
    assert f"{label}. {explained}" in listed(vibeke.get(f"/medarbejder/borger/{karen.id}").get_data(as_text=True))
