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
from portal import clock

# The moment the suite runs at, whatever the machine's date: the clock is set before any test reads it and runs
# on from there. An ordinary Wednesday morning by default; `PORTAL_TEST_CLOCK=2026-12-31 make test` runs the
# suite on another day (tests/test_any_day.py does so for the days that used to break things).
SUITE_CLOCK = os.environ.get("PORTAL_TEST_CLOCK", "2026-06-10T09:30")

TRANSLATIONS = Path(__file__).resolve().parent / "portal" / "translations"


def pytest_configure(config: pytest.Config) -> None:
    clock.set_clock(clock.parse_moment(SUITE_CLOCK))


@pytest.fixture(autouse=True)
def suite_clock_after_each_test() -> Iterator[None]:
    """Whatever a test does to the clock, the suite's clock runs on after it as if the test had not touched it: no
    test's dates depend on which tests ran before it, and the browser tests' shared data still grows in time order."""
    with clock.as_it_was_after():
        yield


def pytest_report_header(config: pytest.Config) -> str:
    return f"clock set to {SUITE_CLOCK} (Copenhagen time); PORTAL_TEST_CLOCK sets another moment"


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
