"""CPR numbers: validation, keyed hash for lookup, encryption at rest, masking for display.

The plain number lives only in memory while a request needs it; it never goes into URLs or logs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from cryptography.fernet import Fernet
from flask import current_app

_CPR = re.compile(r"^(\d{2})(\d{2})(\d{2})-?(\d{4})$")


class InvalidCPR(ValueError):
    pass


class NotADate(InvalidCPR):
    """Ten digits, but the first six are not a day that exists: a typing error the user can be told about."""


def normalise(raw: str) -> str:
    """Ten digits without the dash, or InvalidCPR. Modulus 11 is not checked: CPR has not required it since 2007."""
    match = _CPR.match(raw.strip().replace(" ", ""))
    if not match:
        raise InvalidCPR("A CPR number is 10 digits, as DDMMYY-XXXX.")
    digits = "".join(match.groups())
    birth_date(digits)
    return digits


def birth_date(digits: str) -> date:
    day, month, yy, seventh = int(digits[0:2]), int(digits[2:4]), int(digits[4:6]), int(digits[6])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if yy <= 36 else 1900
    else:
        century = 2000 if yy <= 57 else 1800
    try:
        return date(century + yy, month, day)
    except ValueError:
        raise NotADate("The date part of the CPR number is not a real date.") from None


def lookup_hash(digits: str) -> str:
    key = current_app.config["CPR_HASH_KEY"].encode()
    return hmac.new(key, digits.encode(), hashlib.sha256).hexdigest()


def encrypt(text: str) -> str:
    """A CPR number, or any text that may hold one (an answer the API keeps for a retry), encrypted."""
    return Fernet(current_app.config["CPR_ENCRYPTION_KEY"]).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    return Fernet(current_app.config["CPR_ENCRYPTION_KEY"]).decrypt(token.encode()).decode()


def masked(digits: str) -> str:
    return f"{digits[:6]}-XXXX"
