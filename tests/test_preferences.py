"""Påmindelser og kontakt: the citizen (or a relative who may manage sessions) chooses how and when to be reminded."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient

from portal.clock import clock_set_to, now
from portal.extensions import db
from portal.models import Channel, ContactPreference, Message, Scope
from portal.my_data.export import export
from portal.preferences.forms import phone_digits
from portal.preferences.services import CONFIRMATION_HOURS, channels_for, pending_email, save_preference
from portal.standard.lix import page_lix
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path

PAGE = "preferences.edit"


def page(response: Any) -> BeautifulSoup:
    """A posted form shown again: client_request has asserted its status."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def answers(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {"reminders": "yes", "channels": ["digital_post"], "reminder_hour": "17"}
    values.update(overrides)
    return values


def saved(person_id: int) -> ContactPreference | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(ContactPreference).where(ContactPreference.person_id == person_id))


def test_the_page_starts_from_digital_post_at_17(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    html = client_request.get(PAGE)
    assert html.select_one("h1").get_text() == "Påmindelser og kontakt"
    assert html.select_one("#reminders-0")["value"] == "yes" and html.select_one("#reminders-0").has_attr("checked")
    assert html.select_one('input[name="channels"][value="digital_post"]').has_attr("checked")
    assert not html.select_one('input[name="channels"][value="email"]').has_attr("checked")
    assert html.select_one("#reminder_hour option[selected]")["value"] == "17"
    assert [option["value"] for option in html.select("#reminder_hour option")] == [str(h) for h in range(8, 21)]


def test_the_citizen_chooses_email_reminders_at_nine(client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    data = answers(channels=["email"], reminder_hour="9", email=" karen@eksempel.dk ")
    response = client_request.post(PAGE, _data=data)
    assert response.headers["Location"] == path(PAGE)
    preference = saved(karen.id)
    # The new address waits for its link to be followed; until then no e-mail goes anywhere.
    assert (preference.channels, preference.email, preference.reminder_hour, preference.reminders) == (
        "email",
        None,
        9,
        True,
    )
    assert preference.pending_email == "karen@eksempel.dk"
    html = client_request.get(PAGE)
    assert "Dine valg er gemt." in html.get_text()
    assert "Vi har sendt et link til karen@eksempel.dk." in html.select_one(".alert-info").get_text()
    assert "Indtil da sender vi ikke e-mails." in html.select_one(".alert-info").get_text()
    assert html.select_one("#email")["value"] == "karen@eksempel.dk"
    assert html.select_one("#reminder_hour option[selected]")["value"] == "9"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (answers(channels=["email"]), "email", "Skriv din e-mailadresse, eller vælg ikke e-mail"),
        (answers(email="karen.eksempel.dk"), "email", "Skriv e-mailadressen sådan her: navn@eksempel.dk"),
        (answers(channels=["sms"]), "phone", "Skriv dit mobilnummer, eller vælg ikke sms"),
        (
            answers(channels=["sms"], phone="1234567"),
            "phone",
            "Skriv dit mobilnummer med 8 cifre, for eksempel 12 34 56 78",
        ),
        (answers(channels=[]), "channels", "Vælg mindst én måde at få påmindelser på"),
        (answers(reminder_hour="23"), "reminder_hour", None),
    ],
)
def test_bad_answers_are_shown_next_to_the_field_and_in_the_summary(
    client: FlaskClient, client_request: ClientRequest, data: dict[str, Any], field: str, message: str | None
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    response = client_request.post(PAGE, _data=data, _expected_status=200)
    html = page(response)
    error = html.select_one(f"#{field}-error")
    assert error is not None
    if message:
        assert message in error.get_text()
        assert message in html.select_one(".alert-error").get_text()
    assert html.select_one("title").get_text().startswith("Fejl:")
    # The other answers stay.
    assert html.select_one("#reminders-0").has_attr("checked")
    assert saved(karen.id) is None


def test_no_reminders_needs_no_channel(client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(reminders="no", channels=[]))
    assert saved(karen.id).reminders is False


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("12345678", "12345678"),
        ("12 34 56 78", "12345678"),
        ("+45 12 34 56 78", "12345678"),
        ("0045-12345678", "12345678"),
        ("1234 567", None),
        ("+46 12345678", None),
        ("abcdefgh", None),
    ],
)
def test_a_danish_mobile_number_is_eight_digits(typed: str, digits: str | None) -> None:
    assert phone_digits(typed) == digits


def test_the_phone_number_is_kept_as_eight_digits(client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["sms", "digital_post"], phone="+45 12 34 56 78"))
    preference = saved(karen.id)
    assert (preference.phone, preference.channel_list) == ("12345678", [Channel.SMS, Channel.DIGITAL_POST])


def test_formal_letters_keep_digital_post_and_reminders_go_only_where_chosen(app: Flask) -> None:
    karen = factories.person_for("citizen")
    assert channels_for(karen.id) == [(Channel.DIGITAL_POST, None)]
    save_preference(karen.id, True, [Channel.EMAIL, Channel.SMS], 17, "karen@eksempel.dk", "12345678")
    assert channels_for(karen.id) == [
        (Channel.DIGITAL_POST, None),
        (Channel.EMAIL, "karen@eksempel.dk"),
        (Channel.SMS, "12345678"),
    ]
    assert channels_for(karen.id, formal=False) == [(Channel.EMAIL, "karen@eksempel.dk"), (Channel.SMS, "12345678")]


def test_a_channel_whose_address_is_gone_is_skipped(app: Flask) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, True, [Channel.EMAIL], 17, None, None)
    assert channels_for(karen.id) == [(Channel.DIGITAL_POST, None)]
    assert channels_for(karen.id, formal=False) == []


@pytest.mark.parametrize(
    ("scopes", "status"),
    [([Scope.SEE], 403), ([Scope.SEE, Scope.MANAGE_SESSIONS], 403), ([Scope.SEE, Scope.MANAGE_CONTACT], 200)],
)
def test_a_relative_edits_only_with_the_scope_to_change_contact_details(
    client: FlaskClient, client_request: ClientRequest, scopes: list[Scope], status: int
) -> None:
    karen = factories.person_for("citizen")
    made = factories.delegation(karen, factories.person_for("relative"), scopes=" ".join(scopes))
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    sessions_page = client_request.get("citizen_sessions.index")
    assert (sessions_page.select_one(f'a[href="{path(PAGE)}"]') is not None) == (status == 200)
    client_request.post(
        PAGE,
        _data=answers(channels=["email"], email="karen@eksempel.dk"),
        _expected_status=303 if status == 200 else 403,
    )
    client_request.get_response(PAGE, _expected_status=status)
    preference = saved(karen.id)
    assert (preference.pending_email if preference else None) == ("karen@eksempel.dk" if status == 200 else None)


def test_the_page_is_reachable_from_the_overview_and_my_sessions(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    overview = client_request.get("overview.index")
    assert overview.select_one(f'a[href="{path(PAGE)}"]').get_text() == "Påmindelser og kontakt"
    assert client_request.get("citizen_sessions.index").select_one(f'a[href="{path(PAGE)}"]') is not None


def test_the_page_reads_in_english(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    html = client_request.get(PAGE, _language="en")
    assert html.select_one("h1").get_text() == "Reminders and contact"


def test_the_choices_are_in_the_data_export(app: Flask) -> None:
    karen = factories.person_for("citizen")
    assert export(karen)["contact_preferences"] is None
    save_preference(karen.id, False, [Channel.SMS], 10, None, "12345678")
    assert export(karen)["contact_preferences"] | {"saved": None} == {
        "email": None,
        "phone": "12345678",
        "channels": ["sms"],
        "reminders": False,
        "reminder_hour": 10,
        "program_follow_up": False,
        "saved": None,
    }


def test_the_danish_page_reads_at_lix_35_or_below(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    assert page_lix(client_request.get_response(PAGE).get_data(as_text=True)) <= 35
    with_errors = client_request.post(PAGE, _data=answers(channels=["email", "sms"], email="x"), _expected_status=200)
    assert page_lix(with_errors.get_data(as_text=True)) <= 35


# A new e-mail address is confirmed by a link sent to it --------------------------------------------------------


def confirmation_mail() -> Message:
    return db.session.scalar(sa.select(Message).where(Message.kind == "contact.confirm_email"))


def confirmation_token(mail: Message) -> str:
    """The token in the mail's link, after checking that the link leads to the confirmation page."""
    link = next(line for line in mail.body.splitlines() if "/bekraeft-e-mail/" in line)
    assert link.startswith("http://127.0.0.1:5000/")  # the configured PORTAL_URL, not the host of the request
    token = urlsplit(link).path.rsplit("/", 1)[1]
    assert urlsplit(link).path == path("preferences.confirm_email", token=token)
    return token


def test_a_new_address_is_used_only_when_its_link_is_followed(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, True, [Channel.EMAIL], 17, "gammel@eksempel.dk", None)
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["email"], email="ny@eksempel.dk"))
    assert channels_for(karen.id, formal=False) == [(Channel.EMAIL, "gammel@eksempel.dk")]

    mail = confirmation_mail()
    (delivery,) = mail.deliveries
    assert (delivery.channel, delivery.address, mail.person_id) == (Channel.EMAIL, "ny@eksempel.dk", None)
    assert "Karen" not in mail.body and "Testesen" not in mail.body
    token = confirmation_token(mail)
    preference = saved(karen.id)
    # Only the token's hash is kept with the address.
    assert preference.pending_email_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in (preference.pending_email_token_hash or "")

    # Whoever has the link confirms without logging in, and opens no session doing it.
    stranger = ClientRequest(app.test_client())
    confirm = stranger.get("preferences.confirm_email", token=token)
    assert confirm.h1.get_text() == "Bekræft din e-mailadresse"
    assert "ny@eksempel.dk" in confirm.main.get_text() and "Karen" not in confirm.get_text()
    # The header the browser sends is no part of client_request.post, so this one goes through the client.
    response = stranger.client.post(
        path("preferences.confirm_email", token=token), headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 303
    assert response.headers.getlist("Set-Cookie") == []
    assert response.headers["Location"] == path("preferences.email_confirmed")
    assert stranger.get("preferences.email_confirmed").h1.get_text() == "Din e-mailadresse er bekræftet"
    db.session.expire_all()
    assert channels_for(karen.id, formal=False) == [(Channel.EMAIL, "ny@eksempel.dk")]
    assert (saved(karen.id).pending_email, saved(karen.id).pending_email_token_hash) == (None, None)
    # The link works once.
    stranger.get_response("preferences.confirm_email", _expected_status=404, token=token)
    stranger.post("preferences.confirm_email", _expected_status=404, token=token)


def test_the_citizen_is_told_by_digital_post_and_at_the_old_address_who_asked(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, True, [Channel.EMAIL], 17, "karen@eksempel.dk", None)
    made = factories.delegation(karen, factories.person_for("relative"), scopes="see manage_sessions manage_contact")
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=made.id)
    client_request.post(PAGE, _data=answers(channels=["email"], email="mette@eksempel.dk"))
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "contact.email_change_requested"))
    assert letter.person_id == karen.id
    assert "mette@eksempel.dk" in letter.body and "Det var Mette Testesen, der bad om det." in letter.body
    assert [(d.channel, d.address) for d in letter.deliveries] == [
        (Channel.DIGITAL_POST, None),
        (Channel.EMAIL, "karen@eksempel.dk"),
    ]
    # The confirmation goes to the new address from Mette's login, so it is not in Karen's letters.
    assert confirmation_mail().account_id == factories.account_of("relative").id


def test_removing_the_address_is_at_once_and_the_citizen_is_told(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    save_preference(karen.id, True, [Channel.EMAIL, Channel.DIGITAL_POST], 17, "karen@eksempel.dk", None)
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["digital_post"], email=""))
    assert saved(karen.id).email is None
    letter = db.session.scalar(sa.select(Message).where(Message.kind == "contact.email_removed"))
    assert [(d.channel, d.address) for d in letter.deliveries] == [
        (Channel.DIGITAL_POST, None),
        (Channel.EMAIL, "karen@eksempel.dk"),
    ]
    assert confirmation_mail() is None


def test_saving_again_with_the_waiting_address_sends_no_second_link(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["email"], email="ny@eksempel.dk"))
    client_request.post(PAGE, _data=answers(channels=["email"], email="ny@eksempel.dk", reminder_hour="9"))
    assert db.session.scalar(sa.select(sa.func.count()).where(Message.kind == "contact.confirm_email")) == 1


def test_the_link_stops_working_after_two_days(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["email"], email="ny@eksempel.dk"))
    token = confirmation_token(confirmation_mail())
    with clock_set_to(now() + timedelta(hours=CONFIRMATION_HOURS, minutes=1)):
        expired = ClientRequest(app.test_client()).get("preferences.confirm_email", _expected_status=404, token=token)
        assert expired.h1.get_text() == "Linket virker ikke"
        ClientRequest(app.test_client()).post("preferences.confirm_email", _expected_status=404, token=token)
        assert saved(karen.id).email is None
        assert pending_email(saved(karen.id)) is None


def test_a_confirmation_from_another_site_is_refused(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["email"], email="ny@eksempel.dk"))
    token = confirmation_token(confirmation_mail())
    # The header the browser sends is no part of client_request.post, so this one goes through the client.
    confirming = path("preferences.confirm_email", token=token)
    assert app.test_client().post(confirming, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 400
    assert saved(karen.id).email is None


def test_the_confirmation_pages_read_at_lix_35_or_below(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    factories.person_for("citizen")
    db.session.commit()
    log_in(client, "citizen")
    client_request.post(PAGE, _data=answers(channels=["email"], email="ny@eksempel.dk"))
    assert page_lix(client_request.get_response(PAGE).get_data(as_text=True)) <= 35
    token = confirmation_token(confirmation_mail())
    for response in (
        ClientRequest(app.test_client()).get_response("preferences.confirm_email", token=token),
        # A token that was never sent: the page for a link that does not work.
        ClientRequest(app.test_client()).get_response("preferences.confirm_email", _expected_status=404, token="x"),
    ):
        assert page_lix(response.get_data(as_text=True)) <= 35
    confirmed = ClientRequest(app.test_client()).get_response("preferences.email_confirmed")
    assert page_lix(confirmed.get_data(as_text=True)) <= 35
