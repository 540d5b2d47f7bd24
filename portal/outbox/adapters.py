"""How a message leaves the portal, one adapter per channel.

In demo and tests every channel writes to a folder (the "sink"), so nothing is ever sent anywhere real;
production configures SMTP for e-mail and the providers' adapters for SMS and Digital Post. E-mail and SMS carry
only a notice of a citizen's letter (`notices.py`); the letter itself goes through Digital Post and the portal.
"""

from __future__ import annotations

import json
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from portal import cpr
from portal.models import Channel, Message, OutboxItem
from portal.outbox.notices import outgoing


class DeliveryError(Exception):
    """A delivery that may work later; `code` is a short reason that is safe to store and log."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Adapter(Protocol):
    def send(self, item: OutboxItem, message: Message) -> None: ...


class FileSink:
    """Writes each delivery as a JSON file: the demo's post office and the tests' witness."""

    def __init__(self, folder: Path, channel: Channel, portal_url: str) -> None:
        self.folder = folder
        self.channel = channel
        self.portal_url = portal_url

    def send(self, item: OutboxItem, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        recipient = item.address
        subject, body = message.subject, message.body
        if self.channel is Channel.DIGITAL_POST:
            if message.person is None:
                raise DeliveryError("no_person")  # Digital Post reaches citizens only, not a professional's login
            # Digital Post addresses the citizen by CPR; the sink masks it, as a log would.
            recipient = cpr.masked(cpr.decrypt(message.person.cpr_encrypted))
        else:
            subject, body = outgoing(message, self.portal_url)
        record = {"channel": str(self.channel), "to": recipient, "subject": subject, "body": body}
        path = self.folder / f"{item.id:08d}-{self.channel}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


class SmtpEmail:
    """E-mail through the municipality's mail server, always encrypted in production: STARTTLS on the submission
    port, or SMTPS from the first byte. With STARTTLS a server that does not offer it gets nothing, so a man in the
    middle cannot strip the encryption and read on."""

    def __init__(
        self,
        host: str,
        port: int,
        sender: str,
        portal_url: str,
        security: str = "starttls",
        username: str | None = None,
        password: str | None = None,
        context: ssl.SSLContext | None = None,
        timeout: float = 10,
    ) -> None:
        self.host, self.port, self.sender, self.portal_url = host, port, sender, portal_url
        self.security, self.username, self.password = security, username, password
        self.context = context or ssl.create_default_context()
        self.timeout = timeout

    def _connect(self) -> smtplib.SMTP:
        if self.security == "ssl":
            return smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.context)
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        if self.security == "starttls":
            try:
                smtp.starttls(context=self.context)
            except BaseException:
                smtp.close()
                raise
        return smtp

    def send(self, item: OutboxItem, message: Message) -> None:
        if not item.address:
            raise DeliveryError("no_address")
        subject, body = outgoing(message, self.portal_url)
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = item.address
        email["Subject"] = subject
        email.set_content(body)
        try:
            with self._connect() as smtp:
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            # ssl.SSLError is an OSError: a certificate that does not check out is a failed delivery, retried later.
            raise DeliveryError(f"smtp_{type(error).__name__}"[:100]) from None
