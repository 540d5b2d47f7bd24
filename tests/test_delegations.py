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
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path

KAREN_CPR = "150344-1236"
METTE_CPR = "281170-1232"


def long_date(day: date) -> str:
    return format_date(day, "long", locale="da")


def grant_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {"name": "Mette Testesen", "cpr_number": METTE_CPR, "scopes": ["see", "manage_sessions"]}
    data.update(overrides)
    return data


def test_a_citizen_gives_a_relative_a_fuldmagt_that_waits_for_acceptance(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form())
    page = str(client_request.get("delegations.relatives"))
    assert "Mette Testesen skal godkende fuldmagten" in page
    assert "Venter på godkendelse" in page
    made = db.session.scalar(sa.select(Delegation))
    assert made.scope_set == {Scope.SEE, Scope.MANAGE_SESSIONS}
    assert made.accepted_at is None and made.valid_to is None


def test_mistakes_in_the_grant_form_are_shown_next_to_the_fields_and_answers_stay(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    past = today() - timedelta(days=3)
    data = grant_form(
        cpr_number="31 02 44-1234",
        scopes=[],
        **{"valid_to-day": str(past.day), "valid_to-month": str(past.month), "valid_to-year": str(past.year)},
    )
    response = client_request.post("delegations.grant", _data=data, _expected_status=200)
    page = response.get_data(as_text=True)
    assert "Der er et problem" in page
    assert 'href="#cpr_number"' in page and 'href="#scopes-0"' in page and 'href="#valid_to-day"' in page
    # Ten digits, but 31 February is no date: the message says so, as the GP's referral form does.
    assert "De første 6 cifre i CPR-nummeret er ikke en rigtig dato" in page
    assert "Vælg mindst én ting, den pårørende må" in page
    assert "Den sidste dag kan ikke ligge før i dag" in page
    assert 'value="Mette Testesen"' in page
    assert 'value="31 02 44-1234"' in page


def test_a_citizen_cannot_give_themselves_a_fuldmagt(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    refused = client_request.post("delegations.grant", _data=grant_form(cpr_number=KAREN_CPR), _expected_status=200)
    assert "ikke dit eget" in refused.get_data(as_text=True)


def test_the_same_relative_cannot_get_two_open_fuldmagter(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form())
    page = client_request.post("delegations.grant", _data=grant_form(), _expected_status=200).get_data(as_text=True)
    assert "Du har allerede givet denne person en fuldmagt" in page


def test_the_relative_accepts_chooses_and_sees_only_what_was_allowed(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form(scopes=["see"]))
    mette = ClientRequest(app.test_client())
    landing = log_in(mette.client, "relative")
    assert landing.headers["Location"] == path("delegations.choose")
    chooser = str(mette.get("delegations.choose"))
    assert "Karen Testesen vil gerne have din hjælp" in chooser
    delegation_id = db.session.scalar(sa.select(Delegation.id))
    mette.post("delegations.accept", delegation_id=delegation_id)
    mette.post("delegations.act_for", delegation_id=delegation_id)
    overview = str(mette.get("overview.index"))
    assert "Du handler på vegne af Karen Testesen" in overview
    assert "Overblik for Karen Testesen" in overview
    assert "Se min træning, mine breve, sager og øvelser" in overview
    assert "Mine ansøgninger med mine svar om mit helbred" in overview
    assert "Melde afbud" not in overview
    # The visit is in Karen's log, under the fuldmagt.
    visit = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "overview.index"))
    assert (visit.actor_name, visit.acting_as, visit.delegation_id) == ("Mette Testesen", "relative", delegation_id)
    log = str(client_request.get("access_log.mine"))
    assert "Mette Testesen" in log and "Pårørende med fuldmagt" in log and "Så overblikket" in log


def test_a_revocation_counts_at_once_for_a_relative_logged_in_now(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette_person)
    db.session.commit()
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.act_for", delegation_id=made.id)
    mette.get("overview.index")
    log_in(client, "citizen")
    client_request.post("delegations.revoke", delegation_id=made.id)
    told = mette.get_response("overview.index", _expected_status=303)
    # Not a 404: she is told in words and lands on her own overview, without the banner.
    assert told.headers["Location"] == path("overview.index")
    page = str(mette.get("overview.index"))
    assert f"Karen Testesen har trukket fuldmagten tilbage den {long_date(today())}." in page
    assert "Du handler på vegne af" not in page
    assert "Mit overblik" in page


def test_a_relative_cannot_act_on_a_pending_or_someone_elses_fuldmagt(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette_person, bent = (factories.person_for(key) for key in ("citizen", "relative", "citizen_140"))
    pending = factories.delegation(karen, mette_person, accepted_at=None)
    others = factories.delegation(karen, bent)
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=pending.id)
    assert "Du handler på vegne af" not in str(client_request.get("overview.index"))
    client_request.post("delegations.act_for", _expected_status=404, delegation_id=others.id)
    client_request.post("delegations.accept", _expected_status=404, delegation_id=others.id)
    client_request.post("delegations.revoke", _expected_status=404, delegation_id=others.id)


def test_a_relative_acting_for_someone_sees_only_their_own_log_and_data(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette_person, scopes=" ".join(Scope))
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    client_request.get("overview.index")
    log = str(client_request.get("access_log.mine"))
    assert "Så overblikket" not in log  # that entry is in Karen's log, not Mette's
    data = client_request.get_response("my_data.download", fmt="json").get_json()
    assert data["person"]["name"] == "Mette Testesen"


def test_an_expired_fuldmagt_is_not_offered(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    factories.delegation(karen, mette_person, valid_to=factories.yesterday())
    db.session.commit()
    landing = log_in(client, "relative")
    assert landing.headers["Location"] == path("overview.index")
    assert "Du kan ikke handle for andre endnu" in str(client_request.get("delegations.choose"))


def test_staff_register_a_guardianship_from_paper_and_end_it(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "visitator")
    found = client_request.post("staff.find_citizen", _data={"cpr_number": KAREN_CPR})
    assert found.headers["Location"] == path("staff.citizen", person_id=karen.id)
    assert KAREN_CPR.replace("-", "") not in found.headers["Location"]
    client_request.post(
        "staff.register_paper",
        _data={
            "kind": "guardianship",
            "name": "Mette Testesen",
            "cpr_number": METTE_CPR,
            "scopes": ["see", "apply"],
            "paper_reference": "Sag 2026-0042",
        },
        person_id=karen.id,
    )
    made = db.session.scalar(sa.select(Delegation))
    assert (made.kind, made.paper_reference) == ("guardianship", "Sag 2026-0042")
    assert made.accepted_at is not None and made.registered_by_account_id is not None
    citizen_page = str(client_request.get("staff.citizen", person_id=karen.id))
    assert "Værgemål" in citizen_page
    client_request.post("staff.end_delegation", delegation_id=made.id)
    db.session.refresh(made)
    assert made.revoked_at is not None
    karen_request = ClientRequest(app.test_client())
    log_in(karen_request.client, "citizen")
    mine = str(karen_request.get("delegations.relatives"))
    assert "Sag 2026-0042" in mine and "Tilbagekaldt" in mine


def test_staff_see_a_citizens_log_only_with_a_reason(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "visitator")
    refused = client_request.post("staff.citizen_log", _data={"reason": ""}, _expected_status=200, person_id=karen.id)
    assert "Skriv, hvorfor du skal se loggen" in refused.get_data(as_text=True)
    shown = client_request.post(
        "staff.citizen_log", _data={"reason": "Klage over afgørelse"}, _expected_status=200, person_id=karen.id
    )
    assert "Log for Karen Testesen" in shown.get_data(as_text=True)
    karen_request = ClientRequest(app.test_client())
    log_in(karen_request.client, "citizen")
    mine = str(karen_request.get("access_log.mine"))
    assert "Vibeke Visitator" in mine and "Grund: Klage over afgørelse" in mine


def test_a_therapist_cannot_register_or_read_logs(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "therapist")
    client_request.get("staff.citizen", _expected_status=403, person_id=karen.id)
    client_request.post("staff.citizen_log", _data={"reason": "x"}, _expected_status=403, person_id=karen.id)


def test_an_unknown_cpr_number_is_reported_without_showing_it_anywhere_else(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "visitator")
    page = client_request.post(
        "staff.find_citizen", _data={"cpr_number": "010203-1234"}, _expected_status=200
    ).get_data(as_text=True)
    assert "Portalen kender endnu ingen borger med dette CPR-nummer" in page


def test_the_new_pages_stay_within_the_query_budget(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: Callable[[], list[str]]
) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    for _ in range(5):
        factories.delegation(karen, mette_person, revoked_at=None)
    db.session.commit()
    log_in(client, "relative")
    for endpoint in (
        "delegations.choose",
        "overview.index",
        "delegations.relatives",
        "access_log.mine",
        "my_data.index",
    ):
        before = len(count_queries())
        client_request.get(endpoint)
        assert len(count_queries()) - before <= 6, endpoint


# Issue #13: the grant form must not be a CPR-to-name oracle.


def test_a_blank_name_is_refused_next_to_the_field_and_shows_no_name_the_portal_holds(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    factories.person_for("relative")
    db.session.commit()
    log_in(client, "citizen")
    refused = client_request.post("delegations.grant", _data=grant_form(name=" "), _expected_status=200)
    page = refused.get_data(as_text=True)
    assert 'href="#name"' in page and "Skriv den pårørendes fulde navn" in page
    assert 'value="281170-1232"' in page  # her other answers stay
    assert "Mette" not in page
    assert db.session.scalar(sa.select(sa.func.count(Delegation.id))) == 0
    assert "Mette" not in str(client_request.get("delegations.relatives"))


def test_my_relatives_shows_the_name_the_citizen_typed_not_the_one_the_portal_holds(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    # An offer from before names were required, with a blank name: the portal's name for the CPR stays hidden.
    factories.delegation(karen, mette_person, grantee_name="", accepted_at=None)
    db.session.commit()
    log_in(client, "citizen")
    offer = grant_form(name="Min nabo", cpr_number="010203-1234")
    client_request.post("delegations.grant", _data=offer)
    page = str(client_request.get("delegations.relatives"))
    assert "Min nabo" in page and "Intet navn skrevet" in page
    assert "Mette" not in page


def test_typing_a_cpr_number_makes_no_person_until_the_relative_accepts(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    people_before = db.session.scalar(sa.select(sa.func.count(Person.id)))
    client_request.post("delegations.grant", _data=grant_form())
    assert db.session.scalar(sa.select(sa.func.count(Person.id))) == people_before
    offered = db.session.scalar(sa.select(Delegation))
    assert offered.grantee_person_id is None
    assert offered.grantee_cpr_hash == cpr.lookup_hash(cpr.normalise(METTE_CPR))
    # Mette logs in with her own MitID: the offer is found by her CPR number, and she becomes its relative on accepting.
    mette = ClientRequest(app.test_client())
    assert log_in(mette.client, "relative").headers["Location"] == path("delegations.choose")
    assert "Karen Testesen vil gerne have din hjælp" in str(mette.get("delegations.choose"))
    mette.post("delegations.accept", delegation_id=offered.id)
    db.session.refresh(offered)
    assert offered.grantee_person_id == factories.person_for("relative").id
    assert offered.accepted_at is not None


def test_an_offer_to_someone_else_cannot_be_accepted_or_declined(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form(cpr_number="010203-1234"))
    offered = db.session.scalar(sa.select(Delegation))
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.accept", _expected_status=404, delegation_id=offered.id)
    mette.post("delegations.decline", _expected_status=404, delegation_id=offered.id)
    db.session.refresh(offered)
    assert offered.accepted_at is None and offered.declined_at is None


def test_a_cpr_lookup_is_logged_for_the_person_looked_up(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    mette_person = factories.person_for("relative")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form())
    offered = db.session.scalar(sa.select(Delegation))
    entry = db.session.scalar(sa.select(AccessLog).where(AccessLog.subject_person_id == mette_person.id))
    assert (entry.actor_name, entry.acting_as, entry.action) == ("Karen Testesen", "grantor", "delegation.offered")
    assert entry.delegation_id == offered.id
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    log = str(mette.get("access_log.mine"))
    assert "Skrev dit CPR-nummer for at give dig en fuldmagt" in log
    assert "Borger, der giver dig en fuldmagt" in log


def test_a_lookup_of_an_unknown_cpr_number_is_logged_for_the_citizen_only(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form(cpr_number="010203-1234"))
    karen = factories.person_for("citizen")
    lookups = sa.select(AccessLog.subject_person_id).where(AccessLog.action.like("delegation%"))
    assert set(db.session.scalars(lookups)) == {karen.id}


def test_staff_registering_on_paper_is_logged_for_the_relative_too(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "visitator")
    data = {"kind": "paper_fuldmagt", "name": "Mette T.", "cpr_number": METTE_CPR, "scopes": ["see"]}
    client_request.post("staff.register_paper", _data={**data, "paper_reference": "Sag 7"}, person_id=karen.id)
    made = db.session.scalar(sa.select(Delegation))
    mette_person = factories.person_for("relative")
    assert (made.grantee_person_id, made.grantee_cpr_hash) == (mette_person.id, mette_person.cpr_hash)
    logged = db.session.scalar(sa.select(AccessLog).where(AccessLog.subject_person_id == mette_person.id))
    assert (logged.action, logged.acting_as, logged.actor_name) == (
        "delegation.registered_for_you",
        "staff",
        "Vibeke Visitator",
    )
    assert "Mette T." in str(client_request.get("staff.citizen", person_id=karen.id))


# Issue #15: the relative may say no, and is told in words when a fuldmagt ends.


def test_the_relative_declines_and_the_citizen_sees_it(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    client_request.post("delegations.grant", _data=grant_form())
    offered = db.session.scalar(sa.select(Delegation))
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    chooser = str(mette.get("delegations.choose"))
    assert "Afvis fuldmagten fra Karen Testesen" in chooser
    sent_on = mette.post("delegations.decline", delegation_id=offered.id).headers["Location"]
    assert sent_on == path("delegations.choose")
    declined = str(mette.get("delegations.choose"))
    assert "Du har afvist fuldmagten fra Karen Testesen." in declined
    assert "vil gerne have din hjælp" not in declined
    db.session.refresh(offered)
    assert offered.declined_at is not None and offered.accepted_at is None
    mette.post("delegations.accept", _expected_status=404, delegation_id=offered.id)
    mine = str(client_request.get("delegations.relatives"))
    assert "Afvist af den pårørende" in mine
    assert "Tag fuldmagten tilbage fra" not in mine
    assert "Afviste en fuldmagt" in str(client_request.get("access_log.mine"))
    # Declined is not open: Karen may offer it again.
    client_request.post("delegations.grant", _data=grant_form())


def test_declining_needs_the_csrf_token(csrf_app: Flask) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    offered = factories.delegation(karen, mette_person, accepted_at=None)
    db.session.commit()
    mette = ClientRequest(csrf_app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.decline", _expected_status=400, delegation_id=offered.id)
    db.session.refresh(offered)
    assert offered.declined_at is None


def test_declining_is_a_post(client: FlaskClient, client_request: ClientRequest) -> None:
    offered = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), accepted_at=None)
    db.session.commit()
    log_in(client, "relative")
    client_request.get("delegations.decline", _expected_status=405, delegation_id=offered.id)


def test_a_fuldmagt_ended_by_the_municipality_is_told_and_the_relative_lands_on_the_chooser(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen, mette_person, bent = (factories.person_for(key) for key in ("citizen", "relative", "citizen_140"))
    made = factories.delegation(karen, mette_person)
    factories.delegation(bent, mette_person)
    db.session.commit()
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    mette.post("delegations.act_for", delegation_id=made.id)
    log_in(client, "visitator")
    client_request.post("staff.end_delegation", delegation_id=made.id)
    told = mette.post("citizen_sessions.absence", _data={})
    # She still helps Bent, so she lands on the chooser.
    assert told.headers["Location"] == path("delegations.choose")
    page = str(mette.get("delegations.choose"))
    assert f"Kommunen har afsluttet fuldmagten fra Karen Testesen den {long_date(today())}." in page


def test_a_fuldmagt_that_ran_out_is_told_with_its_last_day(client: FlaskClient, client_request: ClientRequest) -> None:
    karen, mette_person = factories.person_for("citizen"), factories.person_for("relative")
    made = factories.delegation(karen, mette_person, valid_from=today() - timedelta(days=10))
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    made.valid_to = factories.yesterday()
    db.session.commit()
    sent_on = client_request.get_response("citizen_sessions.index", _expected_status=303).headers["Location"]
    assert sent_on == path("overview.index")
    told = str(client_request.get("overview.index"))
    assert f"Fuldmagten fra Karen Testesen gjaldt til og med den {long_date(factories.yesterday())}." in told


def test_a_scope_the_fuldmagt_lacks_is_refused_in_words_not_a_404(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    made = factories.delegation(factories.person_for("citizen"), factories.person_for("relative"), scopes="see")
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    refused = client_request.get("preferences.edit", _expected_status=403)
    assert "Ændre mine kontaktoplysninger" in str(refused)


def test_the_pages_that_say_what_a_fuldmagt_opens_read_at_lix_35_or_below(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    grant_page = str(client_request.get("delegations.grant"))
    client_request.post(
        "delegations.grant",
        _data=grant_form(scopes=["see", "manage_sessions", "help_training", "manage_contact", "apply"]),
    )
    relatives_page = str(client_request.get("delegations.relatives"))
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    chooser = str(mette.get("delegations.choose"))
    offered = db.session.scalar(sa.select(Delegation.id))
    mette.post("delegations.accept", delegation_id=offered)
    mette.post("delegations.act_for", delegation_id=offered)
    overview = str(mette.get("overview.index"))
    pages = {"grant": grant_page, "relatives": relatives_page, "chooser": chooser, "overview": overview}
    assert {name: page_lix(html) for name, html in pages.items() if page_lix(html) > 35} == {}


def test_the_scope_to_help_with_training_is_named_and_explained_where_fuldmagter_are_given_and_shown(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    label = "Hjælpe mig med min træning derhjemme"
    explained = (
        "Lave mine øvelser med mig, én ad gangen, på siderne Træn nu. Skrive dagen i min log med, hvor hårdt det var,"
        " og hvor ondt det gjorde. Loggen viser, hvem der skrev den."
    )

    def offered(page: BeautifulSoup) -> tuple[str, str]:
        box = page.select_one('input[name="scopes"][value="help_training"]')
        return (
            page.select_one(f'label[for="{box["id"]}"]').get_text(),
            page.select_one(f"#{box['aria-describedby']}").get_text(),
        )

    def listed(page: BeautifulSoup) -> str:
        return " ".join(page.find("main").get_text(" ").split())

    # The citizen gives it, and sees it in the list of her relatives.
    log_in(client, "citizen")
    assert offered(client_request.get("delegations.grant")) == (label, explained)
    client_request.post("delegations.grant", _data=grant_form(scopes=["see", "help_training"]))
    assert f"{label}. {explained}" in listed(client_request.get("delegations.relatives"))
    # The relative reads it before accepting, and on the citizen's home after.
    mette = ClientRequest(app.test_client())
    log_in(mette.client, "relative")
    assert f"{label}. {explained}" in listed(mette.get("delegations.choose"))
    offer = db.session.scalar(sa.select(Delegation.id))
    mette.post("delegations.accept", delegation_id=offer)
    mette.post("delegations.act_for", delegation_id=offer)
    assert f"{label}. {explained}" in listed(mette.get("overview.index"))
    # Staff give it on paper, and the citizen's page lists it.
    karen = factories.person_for("citizen")
    db.session.commit()
    vibeke = ClientRequest(app.test_client())
    log_in(vibeke.client, "visitator")
    assert offered(vibeke.get("staff.register_paper", person_id=karen.id)) == (label, explained)
    assert f"{label}. {explained}" in listed(vibeke.get("staff.citizen", person_id=karen.id))
