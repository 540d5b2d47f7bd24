"""E-mail leaves only encrypted (STARTTLS or SMTPS, the certificate checked) and says only that there is a letter.

A real SMTP server (aiosmtpd) on loopback, with a certificate from a test authority (trustme), receives what the
portal's SMTP adapter sends.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
import sqlalchemy as sa
import trustme
from aiosmtpd.controller import Controller
from flask import Flask

from portal.config import ProductionConfig
from portal.extensions import db
from portal.models import Channel, DeliveryStatus, OutboxItem
from portal.outbox.adapters import SmtpEmail
from portal.outbox.delivery import adapters_for, deliver_batch
from portal.outbox.services import send_message, send_to_account
from tests import factories
from tests.test_config import production_environment

LETTER = "Din træningstid torsdag er aflyst, fordi din fysioterapeut er syg."
PORTAL_URL = "https://traening.kommune.example"


@dataclass
class Mailbox:
    received: list[tuple[EmailMessage, bool]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append((message_from_bytes(envelope.content, policy=policy.default), session.ssl is not None))
        return "250 OK"

    @property
    def mails(self) -> list[EmailMessage]:
        return [mail for mail, _ in self.received]


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def trusting(authority: trustme.CA) -> ssl.SSLContext:
    """What the portal's adapter checks the server with: the default checks, trusting the test authority."""
    context = ssl.create_default_context()
    authority.configure_trust(context)
    return context


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_context(authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    return context


@pytest.fixture
def mail_server(authority: trustme.CA) -> Iterator[Any]:
    """Starts a mail server on loopback: kind "starttls", "ssl" or "plain" (one that offers no encryption)."""
    started: list[Controller] = []

    def start(kind: str) -> tuple[Mailbox, int]:
        mailbox, port = Mailbox(), free_port()
        options: dict[str, Any] = {}
        if kind == "starttls":
            options = {"tls_context": server_context(authority), "require_starttls": True}
        elif kind == "ssl":
            options = {"ssl_context": server_context(authority)}
        controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
        controller.start()
        started.append(controller)
        return mailbox, port

    yield start
    for controller in started:
        controller.stop()


def queue_letter(app: Flask) -> None:
    karen = factories.person_for("citizen")
    send_message(
        karen.id,
        "session.cancelled_by_therapist",
        "da",
        "Vi har aflyst din træningstid",
        LETTER,
        channels=[(Channel.EMAIL, "karen@eksempel.dk")],
    )
    db.session.commit()


def adapter(port: int, security: str, context: ssl.SSLContext) -> SmtpEmail:
    return SmtpEmail("127.0.0.1", port, "portal@kommune.example", PORTAL_URL, security=security, context=context)


def email_status() -> tuple[str, str | None]:
    db.session.expire_all()
    item = db.session.scalar(sa.select(OutboxItem).where(OutboxItem.channel == str(Channel.EMAIL)))
    return item.status, item.last_error


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_the_email_goes_encrypted_and_carries_only_a_notice(
    app: Flask, mail_server: Any, trusting: ssl.SSLContext, security: str
) -> None:
    mailbox, port = mail_server(security)
    queue_letter(app)
    report = deliver_batch({"email": adapter(port, security, trusting)})
    assert report.sent == 1
    ((mail, over_starttls),) = mailbox.received
    assert over_starttls == (security == "starttls")
    assert mail["To"] == "karen@eksempel.dk"
    assert mail["Subject"] == "Du har fået et nyt brev i Træningsportalen"
    body = mail.get_content()
    assert f"{PORTAL_URL}/beskeder" in body
    assert "aflyst" not in body and "syg" not in body and "aflyst" not in mail["Subject"]


def test_a_server_that_offers_no_encryption_gets_nothing(
    app: Flask, mail_server: Any, trusting: ssl.SSLContext
) -> None:
    mailbox, port = mail_server("plain")
    queue_letter(app)
    report = deliver_batch({"email": adapter(port, "starttls", trusting)})
    assert (report.sent, report.retried) == (0, 1)
    assert mailbox.received == []
    assert email_status() == (DeliveryStatus.PENDING, "smtp_SMTPNotSupportedError")


def test_a_server_whose_certificate_does_not_check_out_gets_nothing(app: Flask, mail_server: Any) -> None:
    mailbox, port = mail_server("starttls")
    queue_letter(app)
    report = deliver_batch({"email": adapter(port, "starttls", ssl.create_default_context())})
    assert report.retried == 1
    assert mailbox.received == []
    assert email_status() == (DeliveryStatus.PENDING, "smtp_SSLCertVerificationError")


def test_a_notice_to_a_gps_login_is_sent_as_written(app: Flask, mail_server: Any, trusting: ssl.SSLContext) -> None:
    mailbox, port = mail_server("starttls")
    gp = factories.gp_account()
    send_to_account(gp.id, "lise@laegehus.example", "program.end_note_to_gp", "da", "Slutstatus klar", "Se /laege")
    db.session.commit()
    assert deliver_batch({"email": adapter(port, "starttls", trusting)}).sent == 1
    (mail,) = mailbox.mails
    assert (mail["Subject"], mail.get_content().strip()) == ("Slutstatus klar", "Se /laege")


def test_the_worker_builds_the_smtp_adapter_from_the_configuration(app: Flask) -> None:
    app.config.update(SMTP_HOST="mail.kommune.example", SMTP_PORT=465, SMTP_SECURITY="ssl", OUTBOX_SINK_DIR=None)
    smtp = adapters_for(app)["email"]
    assert isinstance(smtp, SmtpEmail)
    assert (smtp.host, smtp.port, smtp.security, smtp.portal_url) == (
        "mail.kommune.example",
        465,
        "ssl",
        app.config["PORTAL_URL"],
    )


def test_production_refuses_to_send_mail_in_the_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    monkeypatch.setenv("SMTP_HOST", "mail.kommune.example")
    monkeypatch.setenv("PORTAL_URL", PORTAL_URL)
    monkeypatch.setenv("SMTP_SECURITY", "none")
    with pytest.raises(RuntimeError, match="SMTP_SECURITY"):
        ProductionConfig()
    monkeypatch.setenv("SMTP_SECURITY", "starttls")
    assert ProductionConfig().SMTP_SECURITY == "starttls"
    monkeypatch.delenv("SMTP_SECURITY")
    assert ProductionConfig().SMTP_SECURITY == "starttls"
    monkeypatch.setenv("SMTP_SECURITY", "tls-please")
    with pytest.raises(RuntimeError, match="SMTP_SECURITY"):
        ProductionConfig()


def test_production_needs_the_portals_address_for_the_notices(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    monkeypatch.setenv("SMTP_HOST", "mail.kommune.example")
    monkeypatch.delenv("PORTAL_URL", raising=False)
    with pytest.raises(RuntimeError, match="PORTAL_URL"):
        ProductionConfig()
