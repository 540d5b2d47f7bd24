"""Every staff and GP page that shows a citizen's data writes a row in that citizen's access log.

The rows are written where the pages get their objects (the `get_<thing>_for` helpers and the list helpers), so
a new page cannot forget; the walk below visits every staff and GP page in `app.url_map` and fails on a new one
until it writes the row or is listed, with a reason, as showing no citizen's data.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from flask.testing import FlaskClient

from portal import clock
from portal.access_log import services as access_log
from portal.access_log.labels import ACTION_LABELS
from portal.auth.access import access_rule
from portal.extensions import db
from portal.models import AccessLog, Person, Role, SessionKind
from portal.sessions import services as sessions
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.plans.helpers import a_plan

# Staff and GP pages that show no citizen's data, and why. A page that starts showing one must leave this list.
NO_CITIZEN_DATA = {
    "staff.find_citizen": "a search form; the citizen found is shown on the citizen's page",
    "helper.find_citizen": "a search form; the citizen found is shown on the helper's page for the citizen",
    "helper.image": "a picture of the exercise library, the same for every citizen",
    "gp.new_referral": "the GP's empty referral form",
    "gp.check_referral": "the GP's own unsent draft, kept in their login session; no citizen is stored before sending",
    "exercises.index": "the exercise library",
    "exercises.new": "a form for a new exercise",
    "exercises.exercise": "one exercise of the library",
    "exercises.edit": "a form for one exercise of the library",
    "exercises.picture": "a form for an exercise's picture",
    "exercises.image": "an exercise's picture",
    "program_builder.templates": "saved templates hold exercises and doses, never a citizen",
    "staff_teams.index": "the teams with their centres and places, no participants",
    "staff_teams.create": "a form for a new team",
    "staff_plans.new": "an empty form for a plan from the hospital; registering one writes its own row",
}

# List pages and the citizens each shows in the data below; every other page shows Karen.
LISTS = {
    "cases.inbox": {"citizen", "citizen_140"},
    "gp.referrals": {"citizen", "citizen_140"},
    "staff_sessions.courses": {"citizen", "citizen_140"},
    # The therapist's console shows their "Nye afbud": Bent cancelled a session.
    "staff.console": {"citizen_140"},
}

STAFF_AND_GP = {Role.VISITATOR, Role.THERAPIST, Role.ADMIN, Role.HELPER, Role.GP}


def staff_and_gp_pages(app: Flask) -> list[str]:
    """Every GET route only staff or GPs may call."""
    pages = []
    for rule in app.url_map.iter_rules():
        allowed = access_rule(app.view_functions[rule.endpoint])
        if "GET" in rule.methods and isinstance(allowed, frozenset) and allowed <= STAFF_AND_GP:
            pages.append(rule.endpoint)
    return sorted(pages)


def persona_for(app: Flask, endpoint: str) -> str:
    allowed = access_rule(app.view_functions[endpoint])
    assert isinstance(allowed, frozenset)
    if Role.GP in allowed:
        return "gp"
    if allowed == {Role.HELPER}:
        return "helper"
    return "therapist" if Role.THERAPIST in allowed else "visitator"


@dataclass
class World:
    """Karen's case, course, draft program and booked session, and Bent's, as the staff and the GP see them."""

    clients: dict[str, ClientRequest]
    people: dict[str, Person]
    arguments: dict[str, int]


@pytest.fixture
def world(app: Flask) -> World:
    clients = {}
    for persona in ("gp", "visitator", "therapist", "helper"):
        clients[persona] = ClientRequest(app.test_client())
        log_in(clients[persona].client, persona)
    gp, therapist = factories.account_of("gp"), factories.account_of("therapist")
    karen, bent = factories.person_for("citizen"), factories.person_for("citizen_140")
    referral = factories.referral(karen, gp)
    factories.referral(bent, gp)
    course = factories.course(karen)
    program = factories.a_program(karen, course=course, issued=False)
    issued = factories.a_program(karen)
    soon = clock.utcnow() + timedelta(days=3)
    (booked,) = sessions.book(course, therapist.id, [soon], 60, Place(SessionKind.INDIVIDUAL, "auning"))
    (cancelled,) = sessions.book(
        factories.course(bent), therapist.id, [soon + timedelta(days=1)], 60, Place(SessionKind.INDIVIDUAL, "auning")
    )
    assert sessions.cancel_by_citizen(cancelled, "Tandlæge", None)
    plan = a_plan(karen)
    db.session.commit()
    arguments = {
        "case_id": referral.id,
        "application_id": referral.id,
        "course_id": course.id,
        "session_id": booked.id,
        "item_id": program.items[0].id,
        "person_id": karen.id,
        "exercise_id": program.items[0].exercise_id,
        "plan_id": plan.id,
        "program_id": issued.id,
        "number": 1,
    }
    return World(clients, {"citizen": karen, "citizen_140": bent}, arguments)


def url_of(app: Flask, endpoint: str, arguments: dict[str, int]) -> str:
    (rule,) = app.url_map.iter_rules(endpoint)
    return url_for(endpoint, **{name: arguments[name] for name in rule.arguments})


def rows_for(endpoint: str) -> list[tuple[int | None, str | None]]:
    return [
        (row.subject_person_id, row.actor_role)
        for row in db.session.scalars(sa.select(AccessLog).where(AccessLog.action == endpoint))
    ]


def test_every_staff_and_gp_page_that_shows_a_citizen_writes_a_row_for_them(app: Flask, world: World) -> None:
    pages = staff_and_gp_pages(app)
    assert set(NO_CITIZEN_DATA) <= set(pages), "a page listed as showing no citizen's data is gone"
    wrong = []
    for endpoint in pages:
        persona = persona_for(app, endpoint)
        # The walk's own addresses, filled in from the URL map: any status is read below.
        response = world.clients[persona].client.get(url_of(app, endpoint, world.arguments))
        db.session.expire_all()
        written = rows_for(endpoint)
        if endpoint in NO_CITIZEN_DATA:
            if written:
                wrong.append(f"{endpoint} is listed as showing no citizen's data, but logged {written}")
            continue
        if response.status_code != 200:
            wrong.append(f"{endpoint} answered {response.status_code}, not the page")
        role = "gp" if persona == "gp" else persona
        expected = sorted((world.people[key].id, role) for key in LISTS.get(endpoint, {"citizen"}))
        if sorted(written) != expected:
            wrong.append(f"{endpoint} logged {sorted(written)}, not one row for each of {expected}")
        if endpoint not in ACTION_LABELS:
            wrong.append(f"{endpoint} has no words in the citizen's log")
    assert wrong == []


def test_a_list_writes_a_row_per_citizen_in_one_statement(
    app: Flask, client: FlaskClient, client_request: ClientRequest, count_queries: object
) -> None:
    people = [factories.a_person(number) for number in range(12)]
    visitator = factories.account_for(people[0], subject="not-a-citizen")
    for person in people:
        factories.application(person, visitator)
    db.session.commit()
    log_in(client, "visitator")
    before = len(count_queries())  # type: ignore[operator]
    client_request.get_response("cases.inbox")
    inserts = [s for s in count_queries()[before:] if s.lstrip().upper().startswith("INSERT INTO ACCESS_LOG")]  # type: ignore[operator]
    assert len(inserts) == 1
    logged = db.session.scalars(sa.select(AccessLog.subject_person_id).where(AccessLog.action == "cases.inbox"))
    assert sorted(logged) == sorted(person.id for person in people)


def test_helpers_meeting_the_same_citizen_twice_in_a_request_write_one_row(app: Flask, world: World) -> None:
    # The cancel page fetches the course and the session, both Karen's.
    course_id, session_id = world.arguments["course_id"], world.arguments["session_id"]
    world.clients["therapist"].get("staff_sessions.cancel", course_id=course_id, session_id=session_id)
    assert rows_for("staff_sessions.cancel") == [(world.people["citizen"].id, "therapist")]


def test_a_change_is_written_beside_the_read_of_its_page(app: Flask, world: World) -> None:
    case_id = world.arguments["case_id"]
    world.clients["visitator"].post("cases.acknowledge", case_id=case_id)
    karen = world.people["citizen"].id
    assert rows_for("cases.acknowledge") == [(karen, "visitator")]
    assert rows_for("cases.acknowledged") == [(karen, "visitator")]


def test_a_page_not_found_writes_nothing(app: Flask, world: World) -> None:
    world.clients["visitator"].get("cases.case", _expected_status=404, case_id=999999)
    assert rows_for("cases.case") == []


def test_the_citizen_reads_in_words_who_at_the_municipality_looked_at_her_course(
    app: Flask, world: World, client: FlaskClient, client_request: ClientRequest
) -> None:
    course_id = world.arguments["course_id"]
    world.clients["therapist"].get("program_builder.preview", course_id=course_id)
    world.clients["therapist"].get("staff_sessions.book", course_id=course_id)
    world.clients["gp"].get("gp.referrals")
    log_in(client, "citizen")
    text = " ".join(client_request.get_response("access_log.mine").get_data(as_text=True).split())
    assert "Torben Terapeut" in text and "Medarbejder i kommunen" in text
    assert "Så dit selvtræningsprogram, som du ser det" in text
    assert "Så på at booke træningstider til dig" in text
    assert "Lise Lægesen, Lægehuset Prøvevej" in text and "Så dig på sin liste over henvisninger" in text
    assert "program_builder" not in text and "staff_sessions" not in text and "gp.referrals" not in text


@dataclass(frozen=True)
class Reader:
    account_id: int
    display_name: str
    roles: frozenset[Role]
    organisation_name: str | None


def a_reader_and_people(count: int) -> tuple[Reader, list[int]]:
    """A visitator who reads, and `count` citizens to read about, committed."""
    visitator = factories.account_for(factories.a_person(1), subject="not-a-citizen")
    people = [factories.a_person(number).id for number in range(2, 2 + count)]
    db.session.commit()
    return Reader(visitator.id, "Vibeke Visitator", frozenset({Role.VISITATOR}), None), people


def test_reads_noted_with_different_details_in_one_request_keep_their_own_columns(app: Flask) -> None:
    # PostgreSQL writes each group of rows that share their columns as one array of citizens; the citizen met twice
    # is written once, with the columns of the first note.
    reader, people = a_reader_and_people(3)
    with app.test_request_context("/medarbejder/sager"):
        access_log.record_reads(reader, people[:2], "staff")
        access_log.record_reads(reader, people[1:], "staff", detail="plan")
        access_log.write_reads()
    written = db.session.execute(
        sa.select(AccessLog.subject_person_id, AccessLog.detail, AccessLog.actor_account_id).order_by(AccessLog.id)
    ).all()
    assert sorted(written, key=lambda row: (row.detail or "", row.subject_person_id)) == [
        (people[0], None, reader.account_id),
        (people[1], None, reader.account_id),
        (people[2], "plan", reader.account_id),
    ]


def test_the_reads_of_a_page_go_in_as_one_statement_whichever_helpers_noted_them(
    app: Flask, count_queries: object
) -> None:
    # The course list notes its courses' citizens and those of "Nye afbud" apart; one moment, one INSERT.
    reader, people = a_reader_and_people(4)
    with app.test_request_context("/medarbejder/sager"):
        access_log.record_reads(reader, people[:2], "staff")
        access_log.record_reads(reader, people[2:], "staff")
        before = len(count_queries())  # type: ignore[operator]
        access_log.write_reads()
        inserts = [s for s in count_queries()[before:] if "INSERT INTO access_log" in s]  # type: ignore[operator]
    assert len(inserts) == 1
    written = db.session.execute(sa.select(AccessLog.subject_person_id, AccessLog.at)).all()
    assert sorted(row.subject_person_id for row in written) == people
    assert len({row.at for row in written}) == 1
