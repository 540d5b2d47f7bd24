"""Case tests run against Næstved's profile (the `municipality` fixture that the `app` fixture reads),
so the deadlines and offers are the ones that municipality ships."""

from __future__ import annotations

import pytest


@pytest.fixture
def municipality() -> str:
    # Næstved: a decision within 10 weekdays of the application, and a complaint deadline of 4 weeks.
    return "naestved"
