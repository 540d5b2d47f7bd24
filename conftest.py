"""Shared by the unit tests and the browser tests: test configuration and compiled catalogues."""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

os.environ["PORTAL_ENV"] = "test"

TRANSLATIONS = Path(__file__).resolve().parent / "portal" / "translations"


def pytest_sessionstart(session: object) -> None:
    """Compile the catalogues, so a plain `pytest` sees the same strings as `make test`."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        with po_path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalogue)
