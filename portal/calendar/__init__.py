"""The deadline calendar: Danish working days and the dates service goals promise, counted in Copenhagen."""

from __future__ import annotations

from portal.calendar.deadlines import Deadline, Status, copenhagen_date, deadline, deadline_after, status
from portal.calendar.working_days import DanishCalendar

__all__ = ["DanishCalendar", "Deadline", "Status", "copenhagen_date", "deadline", "deadline_after", "status"]
