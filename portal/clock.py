"""The time of day as Danish law counts it: Europe/Copenhagen. Stored times stay in UTC."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def now() -> datetime:
    return datetime.now(COPENHAGEN)


def today() -> date:
    return now().date()
