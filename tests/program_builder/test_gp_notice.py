"""The end note reaches the referring GP through the outbox: one e-mail to the address their MitID Erhverv login gave,
saying only that an end note is ready and where; nothing of it in the citizen's messages or data export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from devtools.idp import LocalIdP, LocalProvider, oidc_logins, running
from portal import cpr, create_app
from portal.auth.services import _email
from portal.extensions import db
from portal.models import Account, Channel, EndNote, Message, OutboxItem, Role
from portal.programs import builder as services
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.program_builder.test_issue import ready, referred_course

LISE = "lise.laegesen@laegehus.example"
KAREN_CPR = "1503441236"


def gp_notices() -> list[Message]:
    return list(db.session.scalars(sa.select(Message).where(Message.account_id.is_not(None))))


def test_the_gp_login_keeps_the_email_claim_of_mitid_erhverv(client: FlaskClient) -> None:
    log_in(client, "gp")
    account = db.session.scalar(sa.select(Account).where(Account.organisation_cvr == "12345678"))
    assert account.has_role(Role.GP)
    assert account.email == LISE
    # Citizens' logins do not ask for or keep an address.
    log_in(client.application.test_client(), "citizen")
    karen = db.session.scalar(sa.select(Account).where(Account.person_id.is_not(None)))
    assert karen.email is None


@pytest.fixture
def criipto_idp() -> Iterator[LocalIdP]:
    provider = LocalProvider(broker="criipto")
    with running(provider) as server:
        yield LocalIdP(provider, f"http://127.0.0.1:{server.server_port}")


def test_the_email_claim_arrives_through_another_broker_too(app: Flask, criipto_idp: LocalIdP) -> None:
    # Criipto names it "email", a standard claim a provider sends only for the "email" scope the GP login asks for.
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
        log_in(criipto_app.test_client(), "gp")
        assert db.session.scalar(sa.select(Account.email).where(Account.organisation_cvr == "12345678")) == LISE
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("claim", "kept"),
    [
        (LISE, LISE),
        ("  lise@laegehus.example ", "lise@laegehus.example"),
        ("", None),
        (None, None),
        ("lise", None),
        ("lise@localhost", None),
        ("a@b.example, c@d.example", None),
        ("lise@laegehus.example\nBcc: x@y.example", None),
        ("x" * 250 + "@a.example", None),
    ],
)
def test_only_an_email_that_looks_like_one_address_is_kept(claim: str | None, kept: str | None) -> None:
    assert _email(claim) == kept


def test_issuing_queues_one_email_to_the_referring_gp_with_no_cpr_and_no_note(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    gp = client.application.test_client()
    log_in(gp, "gp")
    course = referred_course()
    ready(course)
    db.session.commit()
    log_in(client, "therapist")
    check = client_request.get("program_builder.issue", course_id=course.id).get_text()
    assert "Lægen får en e-mail om, at slutstatus er klar" in check
    assert "Lægen får besked på sin side i portalen" not in check
    client_request.post("program_builder.issue", course_id=course.id)
    client_request.post("program_builder.issue", course_id=course.id)  # a double click sends nothing twice

    db.session.expire_all()
    (notice,) = gp_notices()
    lise = db.session.scalar(sa.select(Account).where(Account.email == LISE))
    assert (notice.account_id, notice.person_id) == (lise.id, None)
    assert (notice.kind, notice.language, notice.application_id) == (
        "program.end_note_to_gp",
        "da",
        course.application_id,
    )
    assert notice.subject == "Der er en slutstatus klar i træningsportalen"
    assert f"/laege/henvisninger/{course.application_id}" in notice.body
    (delivery,) = notice.deliveries
    assert (delivery.channel, delivery.address) == (Channel.EMAIL, LISE)
    note = db.session.scalar(sa.select(EndNote))
    karen = course.person
    text = notice.subject + notice.body
    for secret in (
        KAREN_CPR,
        "150344-1236",
        cpr.masked(KAREN_CPR),
        note.goals_reached,
        note.recommendation,
        course.goals,
        karen.given_name,
        karen.family_name,
    ):
        assert secret not in text
    # The citizen's own letter is there too, and only that one is hers.
    (letter,) = db.session.scalars(sa.select(Message).where(Message.person_id == karen.id)).all()
    assert letter.kind == "program.issued"


def test_the_deliver_command_sends_the_gp_email_through_the_file_sink(app: Flask, tmp_path: Path) -> None:
    course = referred_course()
    services.issue(course, ready(course), db.session.scalar(sa.select(EndNote)))
    db.session.commit()
    app.config["OUTBOX_SINK_DIR"] = str(tmp_path)
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0, result.output
    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted(tmp_path.iterdir())]
    (mail,) = [record for record in records if record["to"] == LISE]
    assert mail["channel"] == "email"
    assert f"/laege/henvisninger/{course.application_id}" in mail["body"]
    assert KAREN_CPR not in json.dumps(mail) and "Karen" not in json.dumps(mail)
    db.session.expire_all()
    (notice,) = gp_notices()
    assert notice.deliveries[0].status == "sent"


def test_without_an_address_the_check_page_says_the_gp_is_told_in_the_portal(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    course = referred_course()
    factories.gp_account().email = None
    ready(course)
    db.session.commit()
    log_in(client, "therapist")
    check = client_request.get("program_builder.issue", course_id=course.id).get_text()
    assert "Lægen får besked på sin side i portalen" in check
    assert "Lægen får en e-mail" not in check
    client_request.post("program_builder.issue", course_id=course.id)
    db.session.expire_all()
    assert gp_notices() == []
    assert db.session.scalar(sa.select(sa.func.count(OutboxItem.id)).where(OutboxItem.address.is_(None))) >= 1


def test_a_citizens_own_application_tells_no_gp(app: Flask) -> None:
    course = factories.course(factories.person_for("citizen"))
    factories.gp_account()  # a GP with an address exists, but did not refer Karen
    services.issue(course, ready(course), db.session.scalar(sa.select(EndNote)))
    db.session.commit()
    assert gp_notices() == []


@pytest.mark.parametrize("municipality", ["rodovre"])
def test_a_profile_that_keeps_the_end_note_from_the_gp_sends_no_email(app: Flask) -> None:
    profile = app.config["PROFILE"]
    course = referred_course()
    offer = next(
        (o for o in profile.offers if services.EndNoteRecipient.GP not in profile.group(o.group).end_note_to), None
    )
    if offer is None:
        pytest.fail("the test needs a profile with an offer whose end note does not go to the GP")
    course.offer_id = offer.id
    services.issue(course, ready(course), db.session.scalar(sa.select(EndNote)))
    db.session.commit()
    assert gp_notices() == []


def test_the_citizen_neither_sees_nor_exports_the_gp_notice(client: FlaskClient, client_request: ClientRequest) -> None:
    course = referred_course()
    services.issue(course, ready(course), db.session.scalar(sa.select(EndNote)))
    db.session.commit()
    (notice,) = gp_notices()
    log_in(client, "citizen")
    listing = client_request.get_response("messages.index").get_data(as_text=True)
    assert "Dit træningsprogram og slutstatus" in listing
    assert notice.subject not in listing
    client_request.get("messages.show", _expected_status=404, message_id=notice.id)
    export = client_request.get_response("my_data.download", fmt="json").get_data(as_text=True)
    assert "Dit træningsprogram og slutstatus" in export
    assert notice.subject not in export and LISE not in export


def test_a_message_has_exactly_one_recipient(app: Flask) -> None:
    karen = factories.person_for("citizen")
    lise = factories.gp_account()
    db.session.add(Message(person_id=karen.id, account_id=lise.id, kind="x", language="da", subject="s", body="b"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    db.session.add(Message(kind="x", language="da", subject="s", body="b"))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
