"""Messages land in the citizen's list at once; the outbox delivers them, retries, gives up, and never twice."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.database import utcnow
from portal.extensions import db
from portal.models import Channel, DeliveryStatus, Message, OutboxItem, Scope
from portal.outbox.adapters import DeliveryError, FileSink
from portal.outbox.delivery import BACKOFF, deliver_batch
from portal.outbox.services import send_message
from tests import factories
from tests.conftest import ClientRequest, too_hard
from tests.oidc_flow import log_in


def letter(person_id: int, subject: str = "Vi har modtaget din ansøgning", **kwargs: object) -> Message:
    return send_message(person_id, "test.letter", "da", subject, "Første afsnit.\n\nAndet afsnit.", **kwargs)


def test_a_message_is_in_the_citizens_list_at_once(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    made = letter(karen.id)
    db.session.commit()
    log_in(client, "citizen")
    listing = client_request.get("messages.index").get_text()
    assert "Vi har modtaget din ansøgning" in listing
    shown = client_request.get_response("messages.show", message_id=made.id).get_data(as_text=True)
    assert "<p>Første afsnit.</p>" in shown and "<p>Andet afsnit.</p>" in shown


def test_a_letters_lines_stay_lines_on_its_page(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    made = send_message(karen.id, "test.letter", "da", "Emne", "Tak.\n\nVenlig hilsen\nSundhed og Træning")
    db.session.commit()
    log_in(client, "citizen")
    shown = client_request.get_response("messages.show", message_id=made.id).get_data(as_text=True)
    assert "<p>Venlig hilsen<br>Sundhed og Træning</p>" in shown


def test_the_suite_fails_a_danish_letter_over_lix_35_and_names_it() -> None:
    law = (
        "Kommunalbestyrelsen skal tilbyde genoptræning til afhjælpning af fysisk funktionsnedsættelse forårsaget af "
        "sygdom, der ikke behandles i tilknytning til en sygehusindlæggelse."
    )
    hard = Message(kind="test.law", language="da", subject="Afgørelse", body=law)
    assert too_hard(hard).startswith("test.law: LIX ")
    assert law in too_hard(hard)
    assert too_hard(Message(kind="test.plain", language="da", subject="Tak", body="Vi har fået dit brev.")) is None
    # Only Danish is measured: LIX is defined for Danish here.
    assert too_hard(Message(kind="test.law", language="en", subject="Decision", body=law)) is None


def test_nobody_else_reads_the_message(app: Flask, client: FlaskClient, client_request: ClientRequest) -> None:
    karen = factories.person_for("citizen")
    made = letter(karen.id)
    db.session.commit()
    log_in(client, "citizen_140")
    client_request.get("messages.show", _expected_status=404, message_id=made.id)
    assert "Vi har modtaget" not in client_request.get("messages.index").get_text()


def test_a_relative_reads_messages_only_with_the_see_scope(app: Flask) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    made = letter(karen.id)
    allowed = factories.delegation(karen, mette, scopes=str(Scope.SEE))
    db.session.commit()
    relative = ClientRequest(app.test_client())
    log_in(relative.client, "relative")
    relative.post("delegations.act_for", delegation_id=allowed.id)
    relative.get("messages.show", message_id=made.id)
    allowed.scopes = str(Scope.APPLY)
    db.session.commit()
    relative.get("messages.index", _expected_status=403)


def test_the_outbox_delivers_through_each_channel(app: Flask, tmp_path: Path) -> None:
    karen = factories.person_for("citizen")
    letter(karen.id, channels=[(Channel.DIGITAL_POST, None), (Channel.EMAIL, "karen@example.dk")])
    db.session.commit()
    adapters = {str(channel): FileSink(tmp_path, channel, "https://traening.kommune.example") for channel in Channel}
    report = deliver_batch(adapters)
    assert (report.sent, report.retried, report.failed) == (2, 0, 0)
    files = sorted(tmp_path.iterdir())
    records = [json.loads(path.read_text(encoding="utf-8")) for path in files]
    assert {record["channel"] for record in records} == {"digital_post", "email"}
    post = next(record for record in records if record["channel"] == "digital_post")
    assert post["to"] == "150344-XXXX"  # Digital Post finds Karen by CPR; the sink never writes the whole number
    assert (post["subject"], post["body"]) == ("Vi har modtaget din ansøgning", "Første afsnit.\n\nAndet afsnit.")
    # E-mail is not a secure channel: it says only that there is a letter, and where to read it.
    mail = next(record for record in records if record["channel"] == "email")
    assert mail["subject"] == "Du har fået et nyt brev i Træningsportalen"
    assert mail["body"] == (
        "Du har fået et nyt brev i Træningsportalen. Log ind og læs det her: https://traening.kommune.example/beskeder"
    )
    assert "1503441236" not in "".join(path.read_text(encoding="utf-8") for path in files)
    assert set(db.session.scalars(sa.select(OutboxItem.status))) == {DeliveryStatus.SENT}
    assert deliver_batch(adapters).sent == 0


class Refusing:
    def send(self, item: OutboxItem, message: Message) -> None:
        raise DeliveryError("smtp_refused")


def test_a_failing_delivery_is_retried_with_back_off_and_given_up_in_the_end(app: Flask) -> None:
    karen = factories.person_for("citizen")
    letter(karen.id, channels=[(Channel.EMAIL, "karen@example.dk")])
    db.session.commit()
    now = utcnow()
    waits = []
    for _ in BACKOFF:
        assert deliver_batch({"email": Refusing()}, now=now).retried == 1
        item = db.session.scalar(sa.select(OutboxItem))
        waits.append(item.next_attempt_at - now)
        assert deliver_batch({"email": Refusing()}, now=now).retried == 0  # not due yet
        now = item.next_attempt_at
    assert waits == list(BACKOFF)
    report = deliver_batch({"email": Refusing()}, now=now)
    assert (report.failed, report.errors) == (1, {"smtp_refused": 1})
    item = db.session.scalar(sa.select(OutboxItem))
    db.session.refresh(item)
    assert (item.status, item.attempts, item.last_error) == (DeliveryStatus.FAILED, len(BACKOFF) + 1, "smtp_refused")


def test_a_channel_without_an_adapter_waits_for_one(app: Flask) -> None:
    karen = factories.person_for("citizen")
    letter(karen.id, channels=[(Channel.SMS, "12345678")])
    db.session.commit()
    report = deliver_batch({})
    assert report.errors == {"channel_not_configured": 1}


class Recording:
    def __init__(self) -> None:
        self.sent: list[int] = []
        self.lock = threading.Lock()

    def send(self, item: OutboxItem, message: Message) -> None:
        with self.lock:
            self.sent.append(item.id)


def test_two_workers_at_once_never_send_the_same_delivery(app: Flask) -> None:
    karen = factories.person_for("citizen")
    for number in range(30):
        letter(karen.id, subject=f"Brev {number}")
    db.session.commit()
    recorder = Recording()
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                for _ in range(10):
                    deliver_batch({"digital_post": recorder}, batch=4)
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(recorder.sent) == sorted(set(recorder.sent))
    assert len(recorder.sent) == 30


@pytest.mark.parametrize("path", ["/beskeder"])
def test_the_message_list_stays_within_the_query_budget(app: Flask, client: FlaskClient, count_queries, path) -> None:
    karen = factories.person_for("citizen")
    for number in range(30):
        letter(karen.id, subject=f"Brev {number}", channels=[(Channel.EMAIL, "k@example.dk")])
    db.session.commit()
    log_in(client, "citizen")
    before = len(count_queries())
    page = client.get(path)
    assert page.status_code == 200
    assert len(count_queries()) - before <= 6
    assert page.get_data(as_text=True).count("/beskeder/") == 20


def test_the_deliver_command_reports_what_it_did(app: Flask, tmp_path: Path) -> None:
    karen = factories.person_for("citizen")
    letter(karen.id)
    db.session.commit()
    app.config["OUTBOX_SINK_DIR"] = str(tmp_path)
    result = app.test_cli_runner().invoke(args=["outbox", "deliver"])
    assert result.exit_code == 0, result.output
    assert "Sent 1" in result.output
    assert len(list(tmp_path.iterdir())) == 1


def test_an_old_delivery_keeps_its_place_in_the_queue(app: Flask, tmp_path: Path) -> None:
    karen = factories.person_for("citizen")
    early = letter(karen.id, subject="Først")
    later = letter(karen.id, subject="Senere")
    early.deliveries[0].next_attempt_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    recorder = Recording()
    deliver_batch({"digital_post": recorder}, batch=1)
    assert recorder.sent == [early.deliveries[0].id]
    assert later.deliveries[0].status == DeliveryStatus.PENDING


def test_an_sms_carries_only_the_notice_too(app: Flask, tmp_path: Path) -> None:
    karen = factories.person_for("citizen")
    letter(karen.id, subject="Din træningstid er aflyst", channels=[(Channel.SMS, "12345678")])
    db.session.commit()
    deliver_batch({"sms": FileSink(tmp_path, Channel.SMS, "https://traening.kommune.example")})
    (path,) = tmp_path.iterdir()
    sms = json.loads(path.read_text(encoding="utf-8"))
    assert (sms["to"], sms["subject"]) == ("12345678", "Du har fået et nyt brev i Træningsportalen")
    assert "aflyst" not in sms["body"] and "afsnit" not in sms["body"]
