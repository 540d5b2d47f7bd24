"""The whole login flow against the local provider running in a thread: success and every way it must fail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta

import pytest
import requests
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from devtools.idp import LocalIdP, LocalProvider, claims_for, oidc_logins, running
from portal import create_app
from portal.demo import load_demo_data
from portal.extensions import db
from portal.models import AccessLog, Account, Person, Role, WebSession
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import authorize, come_back, log_in, persona, start


def follow(client: FlaskClient, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize(
    ("key", "landing"),
    [
        ("citizen", "/mit-overblik"),
        ("citizen_140", "/mit-overblik"),
        ("gp", "/laege/henvisninger"),
        ("visitator", "/medarbejder/"),
        ("therapist", "/medarbejder/"),
    ],
)
def test_each_persona_lands_where_it_should(client: FlaskClient, key: str, landing: str) -> None:
    response = log_in(client, key)
    assert response.headers["Location"] == landing
    page = follow(client, response)
    assert persona(key).name in page
    assert "Log ud" in page


def test_a_relative_with_a_fuldmagt_lands_on_the_chooser(app: Flask, client: FlaskClient) -> None:
    factories.delegation(factories.person_for("citizen"), factories.person_for("relative"))
    db.session.commit()
    response = log_in(client, "relative")
    assert response.headers["Location"] == "/jeg-hjaelper"
    page = follow(client, response)
    assert "Hvem vil du handle for?" in page
    assert "Karen Testesen" in page


def test_a_relative_without_a_fuldmagt_sees_how_one_is_given(client: FlaskClient) -> None:
    log_in(client, "relative")
    page = ClientRequest(client).get_response("delegations.choose").get_data(as_text=True)
    assert "Du kan ikke handle for andre endnu" in page
    assert "fuldmagt" in page


def test_login_finds_the_person_by_cpr_and_keeps_the_name_from_mitid(app: Flask, client: FlaskClient) -> None:
    load_demo_data()
    karen = db.session.scalar(sa.select(Person).where(Person.given_name == "Karen"))
    karen.given_name = "Karen (fra henvisning)"
    db.session.commit()
    log_in(client, "citizen")
    db.session.expire_all()
    people = db.session.scalars(sa.select(Person).where(Person.family_name == "Testesen")).all()
    assert len(people) == 2  # Karen and her daughter, no duplicate made by the login
    account = db.session.scalar(sa.select(Account).where(Account.subject == persona("citizen").sub))
    assert account.person_id == karen.id
    assert account.person.given_name == "Karen"
    assert account.role_names == {Role.CITIZEN}


def test_a_new_citizen_is_created_with_an_encrypted_cpr(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen_140")
    person = db.session.scalar(sa.select(Person).where(Person.given_name == "Bent"))
    assert person.birth_date.isoformat() == "1956-09-02"
    assert "0209561238" not in person.cpr_encrypted
    assert person.cpr_hash != "0209561238"


def test_a_gp_account_carries_the_organisation(app: Flask, client: FlaskClient) -> None:
    log_in(client, "gp")
    account = db.session.scalar(sa.select(Account).where(Account.subject == persona("gp").sub))
    assert (account.organisation_cvr, account.organisation_name) == ("12345678", "Lægehuset Prøvevej")
    assert account.person_id is None
    assert "Lægehuset Prøvevej" in ClientRequest(client).get("gp.referrals").get_text()


def test_logins_are_written_to_the_access_log(app: Flask, client: FlaskClient) -> None:
    log_in(client, "citizen")
    entry = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "login"))
    assert entry.acting_as == "citizen"
    assert entry.subject_person_id is not None


def test_a_role_change_at_the_provider_is_followed_and_logged(app: Flask, idp: LocalIdP) -> None:
    visitator = persona("visitator")
    log_in(app.test_client(), "visitator")
    claims = claims_for(replace(visitator, roles=("therapist",)), idp.provider.broker)
    requests.put(f"{idp.url}/users/{visitator.sub}", json=claims, timeout=10).raise_for_status()
    try:
        log_in(app.test_client(), "visitator")
    finally:
        restore = claims_for(visitator, idp.provider.broker)
        requests.put(f"{idp.url}/users/{visitator.sub}", json=restore, timeout=10).raise_for_status()
    account = db.session.scalar(sa.select(Account).where(Account.subject == visitator.sub))
    db.session.refresh(account)
    assert account.role_names == {Role.THERAPIST}
    change = db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "roles.changed"))
    assert change.detail == "visitator -> therapist"


def test_the_session_id_changes_at_login(client: FlaskClient) -> None:
    start(client, "mitid")
    before = client.get_cookie("portal_session", domain="portal.test").value
    log_in(client, "citizen")
    assert client.get_cookie("portal_session", domain="portal.test").value != before


def test_a_wrong_state_is_refused(client: FlaskClient) -> None:
    authorization = authorize(start(client, "mitid"), persona("citizen").sub)
    response = come_back(client, authorization, state="not-the-state")
    assert response.status_code == 400
    assert "Du blev ikke logget ind" in response.get_data(as_text=True)
    ClientRequest(client).get_response("overview.index", 302)


def test_a_replayed_code_is_refused(client: FlaskClient, app: Flask) -> None:
    authorization = authorize(start(client, "mitid"), persona("citizen").sub)
    assert come_back(client, authorization).status_code == 303
    other_browser = app.test_client()
    replay = come_back(other_browser, authorization)
    assert replay.status_code == 400
    # Even in the same browser with a fresh state, the provider will not take the code twice.
    second = authorize(start(client, "mitid"), persona("citizen").sub)
    assert come_back(client, second, code=authorization.code).status_code == 400


def test_a_wrong_nonce_is_refused(client: FlaskClient) -> None:
    authorization = authorize(start(client, "mitid"), persona("citizen").sub)
    with client.session_transaction() as session:
        key = f"_state_citizen_{authorization.state}"
        state = session[key]
        assert state["data"]["nonce"]
        state["data"]["nonce"] = "another-nonce"
        session[key] = state
    response = come_back(client, authorization)
    assert response.status_code == 400
    ClientRequest(client).get_response("overview.index", 302)


def test_a_tampered_id_token_is_refused(client: FlaskClient, idp: LocalIdP) -> None:
    authorization = authorize(start(client, "mitid"), persona("citizen").sub)
    idp.provider.tamper_next_id_token = True
    response = come_back(client, authorization)
    assert idp.provider.tamper_next_id_token is False  # the provider did send a tampered token
    assert response.status_code == 400
    ClientRequest(client).get_response("overview.index", 302)


@pytest.fixture
def expiring_idp() -> Iterator[LocalIdP]:
    provider = LocalProvider(token_max_age=timedelta(hours=-1))
    with running(provider) as server:
        yield LocalIdP(provider, f"http://127.0.0.1:{server.server_port}")


def test_an_expired_id_token_is_refused(app: Flask, expiring_idp: LocalIdP) -> None:
    expired_app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "OIDC_LOGINS": oidc_logins(expiring_idp.url),
        }
    )
    with expired_app.app_context():
        client = expired_app.test_client()
        authorization = authorize(start(client, "mitid"), persona("citizen").sub)
        assert come_back(client, authorization).status_code == 400
        db.session.remove()
        db.engine.dispose()


def test_too_low_assurance_is_refused(client: FlaskClient) -> None:
    authorization = authorize(start(client, "mitid"), persona("low").sub)
    response = come_back(client, authorization)
    assert response.status_code == 403
    assert "betydeligt niveau" in response.get_data(as_text=True)
    ClientRequest(client).get_response("overview.index", 302)


def test_the_citizen_login_asks_for_substantial_assurance(client: FlaskClient) -> None:
    url = start(client, "mitid")
    assert "acr_values=https%3A%2F%2Fdata.gov.dk%2Fconcept%2Fcore%2Fnsis%2Floa%2FSubstantial" in url
    assert "code_challenge_method=S256" in url
    assert "nonce=" in url


def test_a_missing_cpr_claim_is_refused(client: FlaskClient, idp: LocalIdP) -> None:
    karen = persona("citizen")
    claims = {
        "https://data.gov.dk/model/core/eid/fullName": "Uden CPR",
        "https://data.gov.dk/concept/core/nsis/loa": "Substantial",
    }
    requests.put(f"{idp.url}/users/no-cpr-{karen.sub}", json=claims, timeout=10).raise_for_status()
    authorization = authorize(start(client, "mitid"), f"no-cpr-{karen.sub}")
    response = come_back(client, authorization)
    assert response.status_code == 403
    assert "CPR-nummer" in response.get_data(as_text=True)


def test_a_persona_a_test_gives_the_provider_logs_in_until_the_provider_forgets_it(
    app: Flask, client: FlaskClient, idp: LocalIdP
) -> None:
    made = factories.a_persona(1, "Gerda", "Egholm")
    with idp.provider.knowing(made):
        person = factories.person_of(made)
        db.session.commit()
        screen = requests.get(start(app.test_client(), "mitid"), timeout=10).text
        assert "Gerda Egholm" in screen
        assert come_back(client, authorize(start(client, "mitid"), made.sub)).status_code == 303
        assert db.session.scalar(sa.select(Account).where(Account.subject == made.sub)).person_id == person.id
    assert "Gerda Egholm" not in requests.get(start(app.test_client(), "mitid"), timeout=10).text
    later = app.test_client()
    assert come_back(later, authorize(start(later, "mitid"), made.sub)).status_code == 403
    assert later.get("/mit-overblik").status_code == 302


def test_staff_without_a_portal_role_is_refused(client: FlaskClient, idp: LocalIdP) -> None:
    canteen = replace(persona("therapist"), sub="no-role", name="Ingen Rolle", roles=("kantine",))
    requests.put(f"{idp.url}/users/no-role", json=claims_for(canteen, idp.provider.broker), timeout=10)
    authorization = authorize(start(client, "medarbejder"), "no-role")
    response = come_back(client, authorization)
    assert response.status_code == 403
    assert "rolle" in response.get_data(as_text=True)


def test_cancelling_at_the_provider_changes_nothing(client: FlaskClient) -> None:
    response = client.get("/log-ind/mitid/svar", query_string={"error": "access_denied", "state": "x"})
    assert response.status_code == 400
    assert "Login blev afbrudt" in response.get_data(as_text=True)


def test_the_provider_rejects_a_wrong_code_verifier(idp: LocalIdP, client: FlaskClient) -> None:
    authorization = authorize(start(client, "mitid"), persona("citizen").sub)
    token_endpoint = requests.get(f"{idp.url}/.well-known/openid-configuration", timeout=10).json()["token_endpoint"]
    answer = requests.post(
        token_endpoint,
        data={
            "grant_type": "authorization_code",
            "code": authorization.code,
            "redirect_uri": f"http://portal.test{authorization.callback_path}",
            "code_verifier": "x" * 64,
            "client_id": "traeningsportal-borger",
            "client_secret": "local-development-secret",
        },
        timeout=10,
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_the_provider_refuses_an_authorization_request_without_pkce(idp: LocalIdP) -> None:
    answer = requests.get(
        f"{idp.url}/oauth2/authorize",
        params={
            "response_type": "code",
            "client_id": "traeningsportal-borger",
            "redirect_uri": "http://portal.test/log-ind/mitid/svar",
            "scope": "openid",
            "state": "s",
            "nonce": "n",
        },
        timeout=10,
    )
    assert answer.status_code == 400
    assert "PKCE" in answer.text


def test_logout_ends_the_session_on_the_server(app: Flask, client: FlaskClient, idp: LocalIdP) -> None:
    log_in(client, "citizen")
    cookie = client.get_cookie("portal_session", domain="portal.test").value
    response = ClientRequest(client).post("auth.logout")
    assert response.headers["Location"].startswith(f"{idp.url}/oauth2/end_session?")
    # The ID token carries the CPR number; client_id names the login instead (tests/test_login_no_cpr.py).
    assert "id_token_hint=" not in response.headers["Location"]
    assert "client_id=traeningsportal-borger" in response.headers["Location"]
    assert "post_logout_redirect_uri=http%3A%2F%2Fportal.test%2Flogget-ud" in response.headers["Location"]
    stolen = app.test_client()
    stolen.set_cookie("portal_session", cookie, domain="portal.test")
    ClientRequest(stolen).get_response("overview.index", 302)
    assert (
        db.session.scalar(sa.select(sa.func.count()).select_from(WebSession).where(WebSession.account_id.is_not(None)))
        == 0
    )
    assert db.session.scalar(sa.select(AccessLog).where(AccessLog.action == "logout")) is not None


def age_sessions(since_login: timedelta, since_last_use: timedelta) -> None:
    for row in db.session.scalars(sa.select(WebSession)):
        row.created_at -= since_login
        row.last_seen_at -= since_last_use
    db.session.commit()


def test_after_the_idle_timeout_the_next_request_says_so_and_keeps_the_place(client: FlaskClient) -> None:
    log_in(client, "citizen")
    age_sessions(since_login=timedelta(minutes=31), since_last_use=timedelta(minutes=31))
    response = client.get("/mit-overblik?x=1")
    assert response.status_code == 303
    assert response.headers["Location"] == "/logget-ud?grund=inaktiv&next=/mit-overblik?x%3D1"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "ikke havde brugt portalen i 30 minutter" in page
    assert 'href="/log-ind?next=/mit-overblik?x%3D1"' in page
    ClientRequest(client).get_response("overview.index", 302)


def test_within_the_idle_timeout_the_user_stays_logged_in_and_is_told_when_it_ends(client: FlaskClient) -> None:
    log_in(client, "citizen")
    age_sessions(since_login=timedelta(minutes=29), since_last_use=timedelta(minutes=29))
    page = ClientRequest(client).get_response("overview.index")
    assert "bliver du logget ud kl." in page.get_data(as_text=True)


def test_after_the_absolute_timeout_the_user_is_logged_out(client: FlaskClient) -> None:
    log_in(client, "citizen")
    # Busy all along (used a minute ago), but the login is older than 8 hours.
    age_sessions(since_login=timedelta(hours=8, minutes=1), since_last_use=timedelta(minutes=1))
    response = client.get("/mit-overblik")
    assert response.headers["Location"].startswith("/logget-ud?grund=tid")


def test_after_login_the_user_returns_to_the_page_they_asked_for(client: FlaskClient) -> None:
    response = client.get("/mit-overblik")
    assert response.headers["Location"] == "/log-ind?next=/mit-overblik"
    login = log_in(client, "citizen", next_page="/mit-overblik")
    assert login.headers["Location"] == "/mit-overblik"


def test_a_next_page_on_another_site_is_ignored(client: FlaskClient) -> None:
    login = log_in(client, "citizen", next_page="https://evil.example/")
    assert login.headers["Location"] == "/"


@pytest.fixture
def criipto_idp() -> Iterator[LocalIdP]:
    provider = LocalProvider(broker="criipto")
    with running(provider) as server:
        yield LocalIdP(provider, f"http://127.0.0.1:{server.server_port}")


def test_another_broker_is_a_matter_of_configuration(app: Flask, criipto_idp: LocalIdP) -> None:
    criipto_app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "OIDC_LOGINS": oidc_logins(criipto_idp.url),
            "BROKER_PROFILE": "criipto",
            "SERVER_NAME": "portal.test",
        }
    )
    criipto_app.test_client_class = app.test_client_class
    with criipto_app.app_context():
        client = criipto_app.test_client()
        assert "acr_values=urn%3Agrn%3Aauthn%3Adk%3Amitid%3Asubstantial" in start(client, "mitid")
        response = log_in(client, "citizen")
        assert response.headers["Location"] == "/mit-overblik"
        refused = come_back(client, authorize(start(client, "mitid"), persona("low").sub))
        assert refused.status_code == 403
        db.session.remove()
        db.engine.dispose()
