"""How a message leaves the portal, one adapter per channel.

In demo and tests every channel writes to a folder (the "sink"), so nothing is ever sent anywhere real;
production configures SMTP for e-mail and the providers' adapters for SMS and Digital Post.
"""

from __future__ import annotations

import json
import smtplib
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

from portal import cpr
from portal.models import Channel, Message, OutboxItem


class DeliveryError(Exception):
    """A delivery that may work later; `code` is a short reason that is safe to store and log."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Adapter(Protocol):
    def send(self, item: OutboxItem, message: Message) -> None: ...


class FileSink:
    """Writes each delivery as a JSON file: the demo's post office and the tests' witness."""

    def __init__(self, folder: Path, channel: Channel) -> None:
        self.folder = folder
        self.channel = channel

    def send(self, item: OutboxItem, message: Message) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        recipient = item.address
        if self.channel is Channel.DIGITAL_POST:
            if message.person is None:
                raise DeliveryError("no_person")  # Digital Post reaches citizens only, not a professional's login
            # Digital Post addresses the citizen by CPR; the sink masks it, as a log would.
            recipient = cpr.masked(cpr.decrypt(message.person.cpr_encrypted))
        record = {"channel": str(self.channel), "to": recipient, "subject": message.subject, "body": message.body}
        path = self.folder / f"{item.id:08d}-{self.channel}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")


class SmtpEmail:
    def __init__(self, host: str, port: int, sender: str, timeout: float = 10) -> None:
        self.host, self.port, self.sender, self.timeout = host, port, sender, timeout

    def send(self, item: OutboxItem, message: Message) -> None:
        if not item.address:
            raise DeliveryError("no_address")
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = item.address
        email["Subject"] = message.subject
        email.set_content(message.body)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                smtp.send_message(email)
        except (OSError, smtplib.SMTPException) as error:
            raise DeliveryError(f"smtp_{type(error).__name__}"[:100]) from None
