"""A plan's level and how its start stands, in words."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.municipalities.national import PlanLevel
from portal.plans.free_choice import Standing

LEVEL_LABELS = {
    PlanLevel.BASIC: _l("General rehabilitation, basic level"),
    PlanLevel.ADVANCED: _l("General rehabilitation, advanced level"),
    PlanLevel.SPECIALISED: _l("Specialised rehabilitation (at the hospital)"),
    PlanLevel.SPECIALISED_REHABILITATION: _l("Rehabilitation at specialised level"),
}

# For staff: where the start stands against the deadline.
STANDING_LABELS = {
    Standing.WAITING: _l("Not booked yet"),
    Standing.IN_TIME: _l("Starts in time"),
    Standing.LATE: _l("Starts after the deadline"),
    Standing.NOT_BOOKED: _l("Not booked, and the deadline is near or past"),
    Standing.AT_HOSPITAL: _l("At the hospital: no free choice"),
}

BASIS_LABELS = {
    "discharge": _l("7 days after discharge"),
    "medical_start": _l("7 days after the plan's medical start date"),
    "profile": _l("The municipality's own, stricter deadline"),
}
