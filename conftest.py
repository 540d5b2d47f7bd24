"""Shared by the unit tests and the browser tests: test configuration and compiled catalogues."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

os.environ["PORTAL_ENV"] = "test"

from devtools.idp import LocalIdP, LocalProvider, running

TRANSLATIONS = Path(__file__).resolve().parent / "portal" / "translations"


def pytest_sessionstart(session: object) -> None:
    """Compile the catalogues, so a plain `pytest` sees the same strings as `make test`.

    Written aside and renamed into place: `make test` runs two pytest processes at once, and neither may read
    the other's half-written file."""
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as handle:
            catalogue = read_po(handle)
        partial = po_path.with_suffix(f".mo.{os.getpid()}")
        with partial.open("wb") as handle:
            write_mo(handle, catalogue)
        partial.replace(po_path.with_suffix(".mo"))


@pytest.fixture(scope="session")
def idp() -> Iterator[LocalIdP]:
    """The local MitID-style provider on a loopback port, for the whole test session."""
    provider = LocalProvider()
    with running(provider) as server:
        yield LocalIdP(provider=provider, url=f"http://127.0.0.1:{server.server_port}")
