"""Municipality profiles: one TOML file per municipality, chosen by PORTAL_MUNICIPALITY.

Everything that differs between municipalities is data here, never `if municipality == ...` in code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROFILE_DIR = Path(__file__).resolve().parent


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class Contact:
    unit: str
    # None where the quality standard does not say; the footer then leaves it out rather than guessing.
    phone: str | None
    phone_hours: str | None
    email: str | None
    address: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    slug: str
    name: str
    contact: Contact


def available() -> list[str]:
    return sorted(path.stem for path in PROFILE_DIR.glob("*.toml"))


def load(slug: str) -> Profile:
    path = PROFILE_DIR / f"{slug}.toml"
    if not path.exists():
        raise ProfileError(f"No municipality profile {slug!r}; choose one of: {', '.join(available())}")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"{path.name}: {error}") from None
    return _parse(path.name, slug, data)


def _parse(filename: str, slug: str, data: dict) -> Profile:
    def need(table: dict, key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ProfileError(f"{filename}: {where}{key} must be a non-empty text")
        return value

    contact = data.get("contact")
    if not isinstance(contact, dict):
        raise ProfileError(f"{filename}: the [contact] table is missing")
    address = contact.get("address")
    if not isinstance(address, list) or not address or not all(isinstance(line, str) for line in address):
        raise ProfileError(f"{filename}: contact.address must be a list of lines")
    return Profile(
        slug=slug,
        name=need(data, "name", ""),
        contact=Contact(
            unit=need(contact, "unit", "contact."),
            phone=contact.get("phone"),
            phone_hours=contact.get("phone_hours"),
            email=contact.get("email"),
            address=tuple(address),
        ),
    )
