"""The NSIS level of a login: the staff entry asks for it and refuses less, and brokers may send it two ways."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from devtools.idp import LocalProvider, claims_for, oidc_logins, running
from portal import create_app
from portal.auth.broker import Assurance, load_broker_profile
from portal.extensions import db
from portal.models import Person
from tests.conftest import ClientRequest
from tests.oidc_flow import authorize, come_back, log_in, persona, start

SUBSTANTIAL = "acr_values=https%3A%2F%2Fdata.gov.dk%2Fconcept%2Fcore%2Fnsis%2Floa%2FSubstantial"
LOA = "https://data.gov.dk/concept/core/nsis/loa"


def test_the_staff_login_asks_for_substantial_assurance(client: FlaskClient) -> None:
    assert SUBSTANTIAL in start(client, "medarbejder")


def test_staff_logged_in_at_low_assurance_are_refused(client: FlaskClient) -> None:
    response = come_back(client, authorize(start(client, "medarbejder"), persona("staff_low").sub))
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "Dit arbejdslogin var ikke sikkert nok" in page
    assert 'href="/log-ind/medarbejder"' in page
    ClientRequest(client).get_response("staff.console", 302)


def test_the_staff_level_is_configured(app: Flask, client: FlaskClient) -> None:
    app.config["STAFF_ASSURANCE"] = "high"
    assert "acr_values=https%3A%2F%2Fdata.gov.dk%2Fconcept%2Fcore%2Fnsis%2Floa%2FHigh" in start(client, "medarbejder")
    response = come_back(client, authorize(start(client, "medarbejder"), persona("visitator").sub))
    assert response.status_code == 403


def test_a_staff_session_below_the_configured_level_opens_no_staff_page(app: Flask, client: FlaskClient) -> None:
    log_in(client, "visitator")
    ClientRequest(client).get("staff.console")
    app.config["STAFF_ASSURANCE"] = "high"
    ClientRequest(client).get("staff.console", 403)


def test_a_token_carrying_the_level_twice_counts_the_lower() -> None:
    profile = load_broker_profile("nemlogin")
    both = {LOA: "High", "acr": f"{LOA}/Low"}
    assert profile.assurance_of(both) == Assurance.LOW
    assert profile.assurance_of({"acr": f"{LOA}/Substantial"}) == Assurance.SUBSTANTIAL
    assert profile.assurance_of({"acr": "urn:grn:authn:dk:mitid:substantial"}) == Assurance.NONE
    assert profile.assurance_of({}) == Assurance.NONE


def test_the_acr_style_sends_the_level_in_acr_and_the_name_in_name() -> None:
    claims = claims_for(persona("citizen"), load_broker_profile("nemlogin"), claim_style="acr")
    assert claims["acr"] == f"{LOA}/Substantial"
    assert claims["name"] == "Karen Testesen"
    assert LOA not in claims
    assert "https://data.gov.dk/model/core/eid/fullName" not in claims


@pytest.fixture(params=["profile", "acr"])
def styled_portal(request: pytest.FixtureRequest, app: Flask) -> Iterator[Flask]:
    """The NemLog-in profile against a provider that sends the level in its own claim, or in `acr`."""
    provider = LocalProvider(broker="nemlogin", claim_style=request.param)
    with running(provider) as server:
        portal = create_app(
            {
                **{k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SQLALCHEMY_ENGINE_OPTIONS", "SERVER_NAME")},
                "OIDC_LOGINS": oidc_logins(f"http://127.0.0.1:{server.server_port}"),
            }
        )
        portal.test_client_class = app.test_client_class
        yield portal
        with portal.app_context():
            db.engine.dispose()


@pytest.mark.parametrize(
    ("key", "landing"), [("citizen", "/mit-overblik"), ("gp", "/laege/henvisninger"), ("visitator", "/medarbejder/")]
)
def test_the_nemlogin_profile_accepts_either_form_of_the_level(styled_portal: Flask, key: str, landing: str) -> None:
    client = styled_portal.test_client()
    assert log_in(client, key).headers["Location"] == landing
    assert persona(key).name in client.get(landing).get_data(as_text=True)


def test_either_form_gives_the_citizen_the_name_from_mitid(styled_portal: Flask) -> None:
    log_in(styled_portal.test_client(), "citizen")
    karen = db.session.scalar(sa.select(Person).where(Person.family_name == "Testesen"))
    assert (karen.given_name, karen.family_name) == ("Karen", "Testesen")


def test_either_form_refuses_a_low_level(styled_portal: Flask) -> None:
    client = styled_portal.test_client()
    response = come_back(client, authorize(start(client, "mitid"), persona("low").sub))
    assert response.status_code == 403
    assert "betydeligt niveau" in response.get_data(as_text=True)
