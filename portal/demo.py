"""Demo data for `make run`: fictitious people for the configured municipality. Safe to load again.

Every CPR number here is fictitious: the birth dates are not 1 January, and the numbers fail the
modulus 11 check that every CPR number issued for such a birth date passes, so none can belong to
a real person (a test holds this).
"""

from __future__ import annotations

from dataclasses import dataclass

from portal import cpr, people
from portal.exercises.services import load_library
from portal.extensions import db


@dataclass(frozen=True)
class DemoPerson:
    key: str
    cpr: str
    given_name: str
    family_name: str


DEMO_PEOPLE = (
    DemoPerson("citizen", "1503441236", "Karen", "Testesen"),
    DemoPerson("citizen_140", "0209561238", "Bent", "Prøvesen"),
    DemoPerson("relative", "2811701232", "Mette", "Testesen"),
)


def load_demo_data() -> str:
    created = 0
    for demo in DEMO_PEOPLE:
        digits = cpr.normalise(demo.cpr)
        created += people.find_by_cpr(digits) is None
        person = people.find_or_create(digits, demo.given_name, demo.family_name)
        person.given_name, person.family_name = demo.given_name, demo.family_name
    db.session.flush()
    load_library()
    return f"Demo data loaded: {created} new of {len(DEMO_PEOPLE)} people."
