"""Every route declares who may call it, and the access table says what each kind of caller gets.

A new route fails here until it is in the table: making a page reachable is a decision made in review.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from portal.auth.access import PUBLIC, access_rule
from tests.oidc_flow import log_in

# Flask's own static files are the only route not written by us.
UNDECLARED_BY_DESIGN = {"static"}
CALLERS = ("anonymous", "citizen", "relative", "gp", "visitator", "therapist", "helper")

ALL = dict.fromkeys(CALLERS)


def same(status: int) -> dict[str, int]:
    return dict.fromkeys(CALLERS, status)


def only(allowed: tuple[str, ...], status: int = 200, anonymous: int = 302) -> dict[str, int]:
    """Logged-in callers outside `allowed` get 403; anonymous ones are sent to log in (a GET) or get 401 (a POST)."""
    return {caller: anonymous if caller == "anonymous" else status if caller in allowed else 403 for caller in CALLERS}


CITIZENS = ("citizen", "relative")
CASEWORKERS = ("visitator",)
STAFF = ("visitator", "therapist")
THERAPISTS = ("therapist",)
HELPERS = ("helper",)
MISSING = 999999  # an id that does not exist: the allowed callers get 404, not someone else's object


# endpoint -> (method, path, {caller: expected status})
ACCESS_TABLE: dict[str, tuple[str, str, dict[str, int]]] = {
    "main.index": ("GET", "/", same(200)),
    "standard.about": ("GET", "/om-traening", same(200)),
    "standard.check_start": ("GET", "/kan-jeg-faa-traening", same(200)),
    "standard.check_question": ("GET", "/kan-jeg-faa-traening/genoptraeningsplan", same(200)),
    "standard.check_result": ("GET", "/kan-jeg-faa-traening/svar/du-kan-soege", same(200)),
    "standard.offers": ("GET", "/tilbud", same(200)),
    "standard.offer": ("GET", "/tilbud/tg2", same(200)),
    "standard.service_goals": ("GET", "/det-kan-du-forvente", same(200)),
    "standard.absence": ("GET", "/hvis-du-er-forhindret", same(200)),
    "standard.complaints": ("GET", "/klag", same(200)),
    "standard.centres": ("GET", "/traeningscentre", same(200)),
    # A post without a page and an answer is refused, for everyone.
    "standard.feedback": ("POST", "/var-siden-nyttig", same(400)),
    # A link to confirm an e-mail address that matches nothing is not found, for everyone.
    "preferences.confirm_email": ("GET", "/paamindelser-og-kontakt/bekraeft-e-mail/ukendt", same(404)),
    "preferences.email_confirmed": ("GET", "/paamindelser-og-kontakt/e-mail-bekraeftet", same(200)),
    "pages.accessibility": ("GET", "/tilgaengelighed", same(200)),
    "pages.privacy": ("GET", "/privatliv", same(200)),
    "pages.cookies": ("GET", "/cookies", same(200)),
    "health.healthz": ("GET", "/healthz", same(200)),
    "health.readyz": ("GET", "/readyz", same(200)),
    "i18n.switch": ("GET", "/sprog/en?next=/cookies", same(303)),
    "auth.login": ("GET", "/log-ind", same(200)),
    "auth.start": ("GET", "/log-ind/mitid", same(302)),
    # Coming back without the state the portal sent is refused, for everyone.
    "auth.callback": ("GET", "/log-ind/mitid/svar?code=x&state=y", same(400)),
    "auth.logged_out": ("GET", "/logget-ud", same(200)),
    "auth.logout": ("POST", "/log-ud", {"anonymous": 401, **dict.fromkeys(CALLERS[1:], 303)}),
    "overview.index": ("GET", "/mit-overblik", only(CITIZENS)),
    "delegations.choose": ("GET", "/jeg-hjaelper", only(CITIZENS)),
    "delegations.relatives": ("GET", "/mine-paaroerende", only(CITIZENS)),
    "delegations.grant": ("GET", "/mine-paaroerende/ny", only(CITIZENS)),
    "delegations.revoke": ("POST", f"/mine-paaroerende/{MISSING}/tilbagekald", only(CITIZENS, 404, 401)),
    "delegations.accept": ("POST", f"/jeg-hjaelper/{MISSING}/godkend", only(CITIZENS, 404, 401)),
    "delegations.decline": ("POST", f"/jeg-hjaelper/{MISSING}/afvis", only(CITIZENS, 404, 401)),
    "delegations.act_for": ("POST", f"/jeg-hjaelper/{MISSING}/vaelg", only(CITIZENS, 404, 401)),
    "delegations.act_for_myself": ("POST", "/jeg-hjaelper/mig-selv", only(CITIZENS, 303, 401)),
    "access_log.mine": ("GET", "/hvem-har-set-mine-oplysninger", only(CITIZENS)),
    "my_data.index": ("GET", "/mine-data", only(CITIZENS)),
    "messages.index": ("GET", "/beskeder", only(CITIZENS)),
    "applications.start": ("GET", "/ansoeg", only(CITIZENS)),
    "applications.begin": ("POST", "/ansoeg/start", only(CITIZENS, 303, 401)),
    "applications.question": ("GET", "/ansoeg/hvad-er-sket", only(CITIZENS)),
    "applications.hospital_plan": ("GET", "/ansoeg/sygehusplan", only(CITIZENS)),
    # No draft yet: the check page sends the citizen to the start.
    "applications.check": ("GET", "/ansoeg/tjek", only(CITIZENS, 303)),
    "applications.send": ("POST", "/ansoeg/send", only(CITIZENS, 303, 401)),
    "applications.delete_draft": ("POST", "/ansoeg/slet", only(CITIZENS, 303, 401)),
    "applications.cases": ("GET", "/mine-sager", only(CITIZENS)),
    "applications.case": ("GET", f"/mine-sager/{MISSING}", only(CITIZENS, 404)),
    "applications.receipt": ("GET", f"/mine-sager/{MISSING}/kvittering", only(CITIZENS, 404)),
    "applications.receipt_pdf": ("GET", f"/mine-sager/{MISSING}/kvittering.pdf", only(CITIZENS, 404)),
    "applications.withdraw": ("POST", f"/mine-sager/{MISSING}/traek-tilbage", only(CITIZENS, 404, 401)),
    "messages.show": ("GET", f"/beskeder/{MISSING}", only(CITIZENS, 404)),
    "my_data.download": ("GET", "/mine-data/mine-data.json", only(CITIZENS)),
    "staff.find_citizen": ("GET", "/medarbejder/borger", only(CASEWORKERS)),
    "staff.citizen": ("GET", f"/medarbejder/borger/{MISSING}", only(CASEWORKERS, 404)),
    "staff.register_paper": ("GET", f"/medarbejder/borger/{MISSING}/fuldmagt", only(CASEWORKERS, 404)),
    "staff.end_delegation": ("POST", f"/medarbejder/fuldmagt/{MISSING}/afslut", only(CASEWORKERS, 404, 401)),
    "staff.citizen_log": ("POST", f"/medarbejder/borger/{MISSING}/log", only(CASEWORKERS, 404, 401)),
    "gp.referrals": ("GET", "/laege/henvisninger", only(("gp",))),
    "gp.new_referral": ("GET", "/laege/henvisninger/ny", only(("gp",))),
    # With nothing filled in yet, "check and send" sends the GP back to the form.
    "gp.check_referral": ("GET", "/laege/henvisninger/ny/tjek", only(("gp",), 303)),
    "gp.referral": ("GET", f"/laege/henvisninger/{MISSING}", only(("gp",), 404)),
    "gp.referral_sent": ("GET", f"/laege/henvisninger/{MISSING}/kvittering", only(("gp",), 404)),
    "referrals.my_answers": ("GET", f"/henvisning/{MISSING}/mine-svar", only(CITIZENS, 404)),
    "staff.console": ("GET", "/medarbejder/", only(("visitator", "therapist", "helper"))),
    "cases.inbox": ("GET", "/medarbejder/sager/", only(CASEWORKERS)),
    "exercises.index": ("GET", "/medarbejder/oevelser/", only(STAFF)),
    "exercises.new": ("GET", "/medarbejder/oevelser/ny", only(STAFF)),
    "exercises.exercise": ("GET", f"/medarbejder/oevelser/{MISSING}", only(STAFF, 404)),
    "exercises.edit": ("GET", f"/medarbejder/oevelser/{MISSING}/ret", only(STAFF, 404)),
    "exercises.picture": ("GET", f"/medarbejder/oevelser/{MISSING}/billede", only(STAFF, 404)),
    "exercises.image": ("GET", f"/medarbejder/oevelser/{MISSING}/billede/vis", only(STAFF, 404)),
    "exercises.retire": ("POST", f"/medarbejder/oevelser/{MISSING}/tag-ud-af-brug", only(STAFF, 404, 401)),
    "exercises.reinstate": ("POST", f"/medarbejder/oevelser/{MISSING}/tag-i-brug", only(STAFF, 404, 401)),
    "cases.case": ("GET", f"/medarbejder/sager/{MISSING}", only(CASEWORKERS, 404)),
    "cases.acknowledge": ("POST", f"/medarbejder/sager/{MISSING}/kvitter", only(CASEWORKERS, 404, 401)),
    "cases.book_talk": ("GET", f"/medarbejder/sager/{MISSING}/samtale", only(CASEWORKERS, 404)),
    "cases.ask": ("GET", f"/medarbejder/sager/{MISSING}/spoergsmaal", only(CASEWORKERS, 404)),
    "cases.grant": ("GET", f"/medarbejder/sager/{MISSING}/bevilg", only(CASEWORKERS, 404)),
    "cases.refuse": ("GET", f"/medarbejder/sager/{MISSING}/afslaa", only(CASEWORKERS, 404)),
    "staff_sessions.courses": ("GET", "/medarbejder/forloeb/", only(("visitator", "therapist"))),
    "staff_sessions.course": ("GET", f"/medarbejder/forloeb/{MISSING}", only(("visitator", "therapist"), 404)),
    "staff_sessions.book": ("GET", f"/medarbejder/forloeb/{MISSING}/bestil", only(("therapist",), 404)),
    "staff_sessions.attendance": (
        "POST",
        f"/medarbejder/forloeb/{MISSING}/traeningstider/{MISSING}/fremmoede",
        only(("therapist",), 404, 401),
    ),
    "staff_sessions.cancel": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/traeningstider/{MISSING}/aflys",
        only(("therapist",), 404),
    ),
    "staff_sessions.seen": ("POST", "/medarbejder/forloeb/nye-afbud/set", only(THERAPISTS, 303, 401)),
    "staff_sessions.end": ("GET", f"/medarbejder/forloeb/{MISSING}/afslut", only(("therapist",), 404)),
    "staff_sessions.keep": ("POST", f"/medarbejder/forloeb/{MISSING}/fortsaet", only(("therapist",), 404, 401)),
    "staff_teams.index": ("GET", "/medarbejder/hold/", only(("therapist",))),
    "staff_teams.create": ("GET", "/medarbejder/hold/ny", only(("therapist",))),
    "staff_teams.close": ("POST", f"/medarbejder/hold/{MISSING}/luk", only(("therapist",), 404, 401)),
    "staff_teams.reopen": ("POST", f"/medarbejder/hold/{MISSING}/aabn", only(("therapist",), 404, 401)),
    "citizen_sessions.index": ("GET", "/mine-traeningstider/", only(CITIZENS)),
    "citizen_sessions.cancel": ("GET", f"/mine-traeningstider/{MISSING}/aflys", only(CITIZENS, 404)),
    "citizen_sessions.absence": ("GET", "/mine-traeningstider/fravaer", only(CITIZENS)),
    "preferences.edit": ("GET", "/paamindelser-og-kontakt/", only(CITIZENS)),
    "citizen_sessions.month_view": ("GET", "/mine-traeningstider/maaned?maaned=2026-12", only(CITIZENS)),
    "citizen_sessions.all_ics": ("GET", "/mine-traeningstider/kalender.ics", only(CITIZENS)),
    "citizen_sessions.session_ics": ("GET", f"/mine-traeningstider/{MISSING}/kalender.ics", only(CITIZENS, 404)),
    "citizen_sessions.subscription": ("GET", "/mine-traeningstider/kalender-abonnement", only(CITIZENS)),
    # A caller allowed to post is sent back to the subscription page.
    "citizen_sessions.subscription_create": (
        "POST",
        "/mine-traeningstider/kalender-abonnement/lav",
        only(CITIZENS, 303, anonymous=401),
    ),
    "citizen_sessions.subscription_revoke": (
        "POST",
        "/mine-traeningstider/kalender-abonnement/slet",
        only(CITIZENS, 303, anonymous=401),
    ),
    # Calendar apps poll the feed without a login; an unknown token is not found for everyone.
    "calendar_feed.feed": ("GET", "/kalender/unknown-token.ics", same(404)),
    "case_questions.answer": ("GET", f"/mine-sager/{MISSING}/spoergsmaal/{MISSING}", only(CITIZENS, 404)),
    # Without a program the page says so; someone else's or a missing program is not found.
    "programs.mine": ("GET", "/mit-traeningsprogram/", only(CITIZENS)),
    "programs.program": ("GET", f"/mit-traeningsprogram/{MISSING}", only(CITIZENS, 404)),
    "programs.print_view": ("GET", f"/mit-traeningsprogram/{MISSING}/udskriv", only(CITIZENS, 404)),
    "programs.pdf": ("GET", f"/mit-traeningsprogram/{MISSING}/program.pdf", only(CITIZENS, 404)),
    "programs.log": ("GET", f"/mit-traeningsprogram/{MISSING}/registrer", only(CITIZENS, 404)),
    "programs.progress": ("GET", f"/mit-traeningsprogram/{MISSING}/fremskridt", only(CITIZENS, 404)),
    "programs.reminders": ("POST", f"/mit-traeningsprogram/{MISSING}/paamindelser", only(CITIZENS, 404, 401)),
    "programs.image": ("GET", f"/mit-traeningsprogram/oevelser/{MISSING}/billede", only(CITIZENS, 404)),
    # Træn nu: without a program there is nothing to train with; a missing or someone else's program is not found.
    "train.newest": ("GET", "/mit-traeningsprogram/traen", only(CITIZENS, 404)),
    "train.start": ("GET", f"/mit-traeningsprogram/{MISSING}/traen", only(CITIZENS, 404)),
    "train.begin": ("POST", f"/mit-traeningsprogram/{MISSING}/traen/start", only(CITIZENS, 404, 401)),
    "train.step": ("GET", f"/mit-traeningsprogram/{MISSING}/traen/1", only(CITIZENS, 404)),
    "train.set_done": ("POST", f"/mit-traeningsprogram/{MISSING}/traen/1/saet", only(CITIZENS, 404, 401)),
    "train.finish": ("GET", f"/mit-traeningsprogram/{MISSING}/traen/slut", only(CITIZENS, 404)),
    # The QR code's exercise page needs no login; an unknown token is not found for everyone.
    "exercise_page.show": ("GET", "/oevelse/ukendt", same(404)),
    "exercise_page.image": ("GET", "/oevelse/ukendt/billede", same(404)),
    # The program without network: the service worker and the pages it keeps hold nothing personal.
    "offline.worker": ("GET", "/traeningsprogram-sw.js", same(200)),
    "offline.offline": ("GET", "/mit-traeningsprogram/offline", same(200)),
    "offline.saved": ("GET", "/mit-traeningsprogram/gemt-paa-telefonen", same(200)),
    # Træn med for home care: a missing citizen or program is not found.
    "helper.image": ("GET", f"/medarbejder/traen-med/oevelser/{MISSING}/billede", only(HELPERS, 404)),
    "helper.find_citizen": ("GET", "/medarbejder/traen-med/", only(HELPERS)),
    "helper.citizen": ("GET", f"/medarbejder/traen-med/borger/{MISSING}", only(HELPERS, 404)),
    "helper.start": ("GET", f"/medarbejder/traen-med/borger/{MISSING}/program/{MISSING}/traen", only(HELPERS, 404)),
    "helper.begin": (
        "POST",
        f"/medarbejder/traen-med/borger/{MISSING}/program/{MISSING}/traen/start",
        only(HELPERS, 404, 401),
    ),
    "helper.step": ("GET", f"/medarbejder/traen-med/borger/{MISSING}/program/{MISSING}/traen/1", only(HELPERS, 404)),
    "helper.set_done": (
        "POST",
        f"/medarbejder/traen-med/borger/{MISSING}/program/{MISSING}/traen/1/saet",
        only(HELPERS, 404, 401),
    ),
    "helper.finish": (
        "GET",
        f"/medarbejder/traen-med/borger/{MISSING}/program/{MISSING}/traen/slut",
        only(HELPERS, 404),
    ),
    "program_builder.program": ("GET", f"/medarbejder/forloeb/{MISSING}/program", only(THERAPISTS, 404)),
    "program_builder.start": ("POST", f"/medarbejder/forloeb/{MISSING}/program/opret", only(THERAPISTS, 404, 401)),
    "program_builder.picker": ("GET", f"/medarbejder/forloeb/{MISSING}/program/oevelser", only(THERAPISTS, 404)),
    "program_builder.add": (
        "POST",
        f"/medarbejder/forloeb/{MISSING}/program/oevelser/{MISSING}",
        only(THERAPISTS, 404, 401),
    ),
    "program_builder.item": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/program/punkter/{MISSING}",
        only(THERAPISTS, 404),
    ),
    "program_builder.move_up": (
        "POST",
        f"/medarbejder/forloeb/{MISSING}/program/punkter/{MISSING}/op",
        only(THERAPISTS, 404, 401),
    ),
    "program_builder.move_down": (
        "POST",
        f"/medarbejder/forloeb/{MISSING}/program/punkter/{MISSING}/ned",
        only(THERAPISTS, 404, 401),
    ),
    "program_builder.remove": (
        "POST",
        f"/medarbejder/forloeb/{MISSING}/program/punkter/{MISSING}/fjern",
        only(THERAPISTS, 404, 401),
    ),
    "program_builder.introduction": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/program/introduktion",
        only(THERAPISTS, 404),
    ),
    "program_builder.save_template": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/program/gem-skabelon",
        only(THERAPISTS, 404),
    ),
    "program_builder.choose_template": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/program/skabeloner",
        only(THERAPISTS, 404),
    ),
    "program_builder.use_template": (
        "POST",
        f"/medarbejder/forloeb/{MISSING}/program/skabeloner/{MISSING}",
        only(THERAPISTS, 404, 401),
    ),
    "program_builder.templates": ("GET", "/medarbejder/programskabeloner", only(THERAPISTS)),
    "program_builder.preview": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/program/forhaandsvisning",
        only(THERAPISTS, 404),
    ),
    "program_builder.end_note": (
        "GET",
        f"/medarbejder/forloeb/{MISSING}/program/slutstatus",
        only(THERAPISTS, 404),
    ),
    "program_builder.issue": ("GET", f"/medarbejder/forloeb/{MISSING}/program/udlever", only(THERAPISTS, 404)),
    # Visitators and therapists both receive plans from the hospitals.
    "staff_plans.index": ("GET", "/medarbejder/genoptraeningsplaner/", only(STAFF)),
    "staff_plans.new": ("GET", "/medarbejder/genoptraeningsplaner/ny", only(STAFF)),
    "staff_plans.plan": ("GET", f"/medarbejder/genoptraeningsplaner/{MISSING}", only(STAFF, 404)),
    # Without a plan the list says so; someone else's or a missing plan is not found.
    "plans.index": ("GET", "/genoptraeningsplan/", only(CITIZENS)),
    "plans.plan": ("GET", f"/genoptraeningsplan/{MISSING}", only(CITIZENS, 404)),
    # The case-system API: a login to the portal is no bearer token, so every caller here gets 401 (tests/api).
    "api.token": ("POST", "/api/v1/token", same(400)),
    "api.openapi": ("GET", "/api/v1/openapi.json", same(200)),
    "api.reference": ("GET", "/api/v1/", same(200)),
    "api.applications": ("GET", "/api/v1/applications", same(401)),
    "api.application": ("GET", f"/api/v1/applications/{MISSING}", same(401)),
    "api.acknowledge": ("POST", f"/api/v1/applications/{MISSING}/acknowledge", same(401)),
    "api.ask": ("POST", f"/api/v1/applications/{MISSING}/questions", same(401)),
    "api.book_talk": ("POST", f"/api/v1/applications/{MISSING}/assessment-talk", same(401)),
    "api.decide": ("POST", f"/api/v1/applications/{MISSING}/decision", same(401)),
    "api.create_course": ("POST", "/api/v1/courses", same(401)),
    "api.course": ("GET", f"/api/v1/courses/{MISSING}", same(401)),
    "api.book": ("POST", f"/api/v1/courses/{MISSING}/sessions", same(401)),
    "api.cancel": ("POST", f"/api/v1/courses/{MISSING}/sessions/{MISSING}/cancel", same(401)),
    "api.move": ("POST", f"/api/v1/courses/{MISSING}/sessions/{MISSING}/move", same(401)),
    "api.attendance": ("POST", f"/api/v1/courses/{MISSING}/sessions/{MISSING}/attendance", same(401)),
    "api.create_plan": ("POST", "/api/v1/plans", same(401)),
    "api.plan": ("GET", f"/api/v1/plans/{MISSING}", same(401)),
    "api.program": ("GET", f"/api/v1/programs/{MISSING}", same(401)),
    "api.changes": ("GET", "/api/v1/changes", same(401)),
}


def declared_rules(app: Flask) -> dict[str, object]:
    return {
        rule.endpoint: access_rule(app.view_functions[rule.endpoint])
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in UNDECLARED_BY_DESIGN
    }


def test_every_route_declares_who_may_call_it(app: Flask) -> None:
    undeclared = sorted(endpoint for endpoint, rule in declared_rules(app).items() if rule is None)
    assert undeclared == []


def test_every_route_is_in_the_access_table(app: Flask) -> None:
    assert sorted(declared_rules(app)) == sorted(ACCESS_TABLE)


def test_public_routes_are_declared_public(app: Flask) -> None:
    public = {endpoint for endpoint, rule in declared_rules(app).items() if rule == PUBLIC}
    expected = {endpoint for endpoint, (_, _, answers) in ACCESS_TABLE.items() if answers["anonymous"] < 300}
    assert expected <= public


@pytest.mark.fresh_app
def test_a_route_without_a_declaration_is_caught(app: Flask) -> None:
    app.add_url_rule("/undeclared", "undeclared", lambda: "x")
    assert "undeclared" in [endpoint for endpoint, rule in declared_rules(app).items() if rule is None]


def test_state_changes_only_on_post(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert methods <= {"GET", "POST"}, rule


def browser_logged_in_as(app: Flask, caller: str) -> Callable[[], FlaskClient]:
    """Fresh browsers that share one login: the caller logs in through the provider once, not once per request."""
    logged_in: FlaskClient = app.test_client()
    if caller != "anonymous":
        log_in(logged_in, caller)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    session_cookie = logged_in.get_cookie(cookie_name, domain="portal.test")

    def fresh() -> FlaskClient:
        # Each request gets a browser of its own, so a cookie one answer sets (the language, say) does not carry over.
        client: FlaskClient = app.test_client()
        if session_cookie is not None:
            client.set_cookie(cookie_name, session_cookie.value, domain="portal.test")
        return client

    return fresh


def in_table_order(table: dict[str, tuple[str, str, dict[str, int]]]) -> list[str]:
    """Endpoints sorted, with logging out last: it ends the login that the other requests share."""
    return sorted(table, key=lambda endpoint: (endpoint == "auth.logout", endpoint))


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_gets_what_the_table_says(app: Flask, caller: str) -> None:
    answers: dict[str, Any] = {}
    browser = browser_logged_in_as(app, caller)
    for endpoint in in_table_order(ACCESS_TABLE):
        method, path, expected = ACCESS_TABLE[endpoint]
        response = browser().open(path, method=method)
        answers[endpoint] = response.status_code
        assert response.status_code == expected[caller], (endpoint, caller, response.get_data(as_text=True)[:300])
    assert len(answers) == len(ACCESS_TABLE)
