"""A demo integration that plays the municipality's care record system against the case-system API.

`make run` starts it next to the portal. It registers itself as an API client (once; the secret is renewed at each
start and kept under instance/), makes sure Karen Testesen has an application waiting (sent as she would send it
on "Søg om træning"), and then works only through the API: it polls the change feed, grants Karen's open
application, books her sessions and cancels one. After that it keeps polling and prints what changes, so a
cancellation Karen makes in the portal shows up here.

    python -m devtools.case_system --portal http://127.0.0.1:5000
"""

from __future__ import annotations

import argparse
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import requests
import sqlalchemy as sa

CLIENT_ID = "demo-omsorgssystem"
# The name the citizen reads in "Hvem har set mine oplysninger", e.g. "Norddjurs Kommunes omsorgssystem".
DISPLAY_NAME = "{municipality}s omsorgssystem"
KAREN_CPR = "1503441236"
CURSOR_FILE = Path("instance") / "case-system-cursor.txt"


def prepare() -> tuple[str, int | None, str]:
    """The client's new secret, the id of Karen's open application (the only step not through the API: she applies
    herself) and the offer to grant her."""
    from portal import create_app, people
    from portal.api import services as api
    from portal.applications import decisions as cases
    from portal.applications import services as applications
    from portal.extensions import db
    from portal.models import Account, ApiClient, ApplicationSource
    from portal.municipalities.schema import Profile

    app = create_app()
    with app.app_context():
        profile: Profile = app.config["PROFILE"]
        client = db.session.scalar(sa.select(ApiClient).where(ApiClient.client_id == CLIENT_ID))
        if client is None:
            name = DISPLAY_NAME.format(municipality=profile.name)
            _, secret = api.create_client(name, app.config["MUNICIPALITY"], list(api.SCOPES), client_id=CLIENT_ID)
        else:
            secret = api.rotate(CLIENT_ID)
        karen = people.find_by_cpr(KAREN_CPR)
        waiting = None
        if karen is not None:
            open_cases = [case for case in applications.open_cases_for(karen.id) if case.is_open]
            if open_cases:
                waiting = open_cases[0].id
            else:
                account = db.session.scalar(sa.select(Account).where(Account.person_id == karen.id).limit(1))
                if account is not None:
                    draft = applications.start_draft(karen.id, ApplicationSource.CITIZEN, account.id, None)
                    applications.save_answers(draft, _karens_answers())
                    applications.send_draft(draft, profile)
                    waiting = draft.id
        db.session.commit()
        offers = [offer.id for offer in cases.decidable_offers(profile)]
        if secret is None:
            raise SystemExit("The demo client signs with a key; it needs a secret")
        return secret, waiting, "tg1" if "tg1" in offers else offers[0]


def _karens_answers() -> dict[str, object]:
    return {
        "plan": "no",
        "what_changed": "Jeg faldt på trappen i sidste uge, og nu gør knæet ondt, når jeg går.",
        "since": (date.today() - timedelta(days=7)).isoformat(),
        "daily_life": "Jeg kan ikke selv gå ned med skraldet.",
        "goal": "Gå på trappen uden at holde fast",
        "other_help": [],
        "trains_elsewhere": "no",
        "transport": "yes",
        "phone": "11 22 33 44",
        "call_times": "Formiddag",
        "gp_consent": "yes",
    }


class CaseSystem:
    def __init__(self, portal: str, secret: str) -> None:
        self.portal = portal.rstrip("/")
        self.http = requests.Session()
        answer = self.http.post(
            f"{self.portal}/api/v1/token",
            data={"grant_type": "client_credentials"},
            auth=(CLIENT_ID, secret),
            timeout=10,
        )
        answer.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"

    def get(self, path: str, **query: Any) -> Any:
        answer = self.http.get(f"{self.portal}/api/v1{path}", params=query, timeout=10)
        answer.raise_for_status()
        return answer.json()

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        # A new key per step; a retry of the same step would send the same key and change nothing twice.
        headers = {"Idempotency-Key": str(uuid.uuid4())}
        answer = self.http.post(f"{self.portal}/api/v1{path}", json=body or {}, headers=headers, timeout=10)
        if answer.status_code >= 400:
            print(f"  {path}: {answer.status_code} {answer.json().get('title')}: {answer.json().get('detail', '')}")
            return None
        return answer.json()

    def poll(self) -> list[dict[str, Any]]:
        cursor = CURSOR_FILE.read_text().strip() if CURSOR_FILE.exists() else None
        page = self.get("/changes", **({"after": cursor} if cursor else {}))
        if page["next_cursor"]:
            CURSOR_FILE.parent.mkdir(exist_ok=True)
            CURSOR_FILE.write_text(page["next_cursor"])
        return page["items"]

    def handle_karen(self, application_id: int, offer_id: str) -> None:
        case = self.get(f"/applications/{application_id}")
        print(f"  Karen's application {case['case_number']} is {case['status']}")
        if case["status"] == "submitted":
            self.post(f"/applications/{application_id}/acknowledge")
            print("  acknowledged")
        decision = {"outcome": "grant", "offer_id": offer_id, "sessions": 6, "goals": "Gå på trappen selv"}
        granted = self.post(f"/applications/{application_id}/decision", {"decision": decision})
        if granted is None:
            return
        course_id = granted["course_id"]
        print(f"  granted {decision['offer_id']}: course {course_id}")
        starts = _afternoons(3)
        booked = self.post(
            f"/courses/{course_id}/sessions", {"starts": starts, "minutes": 60, "kind": "home", "place": "Hjemme"}
        )
        if booked is None:
            return
        print(f"  booked {len(booked['items'])} sessions")
        first = booked["items"][0]
        self.post(f"/courses/{course_id}/sessions/{first['id']}/cancel", {"reason": "Terapeuten er på kursus"})
        print(f"  cancelled the session at {first['starts_at']}")


def _afternoons(count: int) -> list[str]:
    """14:00 Copenhagen time on the next weekdays from tomorrow: after Karen's morning sessions."""
    from portal import clock

    day, found = clock.today() + timedelta(days=1), []
    while len(found) < count:
        if day.weekday() < 5:
            found.append(datetime(day.year, day.month, day.day, 14, tzinfo=clock.COPENHAGEN).isoformat())
        day += timedelta(days=1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portal", default="http://127.0.0.1:5000")
    parser.add_argument("--interval", type=float, default=30)
    parser.add_argument("--once", action="store_true", help="Handle Karen's application and stop.")
    args = parser.parse_args()
    secret, karens, offer_id = prepare()
    for _ in range(600):
        try:
            system = CaseSystem(args.portal, secret)
            break
        except requests.RequestException:
            time.sleep(0.2)
    else:
        raise SystemExit(f"The portal does not answer at {args.portal}")
    print(f"Case system demo ({CLIENT_ID}) polls {args.portal}/api/v1/changes")
    while True:
        changes = system.poll()
        for change in changes:
            print(f"  {change['kind']} {change['id']}: {change['status']}")
        if karens is not None and any(c["kind"] == "application" and c["id"] == karens for c in changes):
            system.handle_karen(karens, offer_id)
            karens = None
        if args.once and karens is None:
            return
        time.sleep(args.interval)


if __name__ == "__main__":
    main()
