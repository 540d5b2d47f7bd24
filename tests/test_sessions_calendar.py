"""Mine træningstider as a month, as calendar files (.ics) and as a private subscription link."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar

from portal import clock
from portal.clock import COPENHAGEN
from portal.extensions import db
from portal.models import AccessLog, CalendarFeed, Delegation, Scope, SessionKind, TrainingSession
from portal.municipalities.schema import Text
from portal.my_data.export import export
from portal.sessions import feeds, routes, services
from portal.sessions.services import Place
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in, persona
from tests.paths import path


def words(html: BeautifulSoup) -> str:
    return " ".join(html.get_text().split())


def copenhagen(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=COPENHAGEN).astimezone(UTC)


GOALS = "Kunne gå op ad trappen efter hofteoperationen"


def karens_sessions(*starts: datetime, place: Place | None = None) -> list[TrainingSession]:
    course = factories.course(factories.person_for("citizen"), sessions_allowed=80, goals=GOALS)
    therapist = factories.therapist_account(display_name="Tove Terapeut")
    made = services.book(course, therapist.id, list(starts), 45, place or Place(SessionKind.TEAM, "auning", "Sal 2"))
    db.session.commit()
    return made


def soon(days: float) -> datetime:
    return (clock.utcnow() + timedelta(days=days)).replace(microsecond=0)


def parse(response: Any) -> Calendar:
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return Calendar.from_ical(response.get_data())


def events(calendar: Calendar) -> list[Any]:
    return [component for component in calendar.walk("VEVENT")]


# The list


def test_each_session_shows_what_to_bring_as_general_advice_when_the_profile_is_silent(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karens_sessions(soon(3))
    log_in(client, "citizen")
    text = words(client_request.get("citizen_sessions.index"))
    assert "Tag med (generelt råd): Behageligt tøj, du kan bevæge dig i, og indendørssko." in text
    assert "Træningscenter Auning, Elme Allé 6, 8963 Auning, Sal 2" in text
    assert "45 minutter" in text and "Holdtræning" in text and "Terapeut: Tove" in text


def test_what_to_bring_comes_from_the_profile_when_it_says(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    told = Text(da="Tag løbesko og et håndklæde med.", en="Bring running shoes and a towel.")
    app.config["PROFILE"] = dataclasses.replace(app.config["PROFILE"], what_to_bring=told)
    karens_sessions(soon(3))
    log_in(client, "citizen")
    text = words(client_request.get("citizen_sessions.index"))
    assert "Tag med: Tag løbesko og et håndklæde med." in text
    assert "generelt råd" not in text


def test_the_list_links_to_the_month_view_the_files_and_the_subscription(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    (session,) = karens_sessions(soon(3))
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.index")
    links = {a["href"] for a in html.select("a[href]")}
    assert {
        path("citizen_sessions.month_view"),
        path("citizen_sessions.all_ics"),
        path("citizen_sessions.subscription"),
        path("citizen_sessions.session_ics", session_id=session.id),
    } <= links


# The month view


def test_the_month_view_is_a_table_with_each_session_on_its_copenhagen_day_across_summer_time(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    # Summer time ends on 25 October 2026: 08:00 is 06:00 UTC before and 07:00 UTC after. 00:30 on 1 November is
    # still 31 October in UTC, and belongs to November.
    karens_sessions(copenhagen(2026, 10, 23, 8, 0), copenhagen(2026, 10, 26, 8, 0), copenhagen(2026, 11, 1, 0, 30))
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.month_view", maaned="2026-10")
    table = html.select_one("table")
    assert table.caption.get_text(strip=True) == "Træningstider i oktober 2026"
    headers = [th.get_text(strip=True) for th in table.select("thead th[scope=col]")]
    assert headers == ["Mandag", "Tirsdag", "Onsdag", "Torsdag", "Fredag", "Lørdag", "Søndag"]
    days = {td["data-title"]: words(BeautifulSoup(str(td), "html.parser")) for td in table.select("td[data-title]")}
    assert len(days) == 31
    assert "08:00, 45 minutter: Holdtræning" in days["fredag 23. oktober"]
    assert "08:00, 45 minutter: Holdtræning" in days["mandag 26. oktober"]
    assert "Holdtræning" not in days["lørdag 31. oktober"]
    # October 2026 starts on a Thursday: three days of September fill the first week.
    first_week = table.select("tbody tr")[0].select("td")
    assert [("data-title" in td.attrs) for td in first_week] == [False, False, False, True, True, True, True]
    text = words(html)
    assert "Forrige måned: september 2026" in text and "Næste måned: november 2026" in text
    assert html.select_one(f'a[href="{path("citizen_sessions.index")}"]') is not None
    november = client_request.get("citizen_sessions.month_view", maaned="2026-11")
    cells = {td["data-title"]: td.get_text() for td in november.select("td[data-title]")}
    assert "00:30" in cells["søndag 1. november"]


def test_each_day_in_the_month_tells_the_whole_session_and_the_places_come_once(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karens_sessions(copenhagen(2026, 12, 3, 10, 0), copenhagen(2026, 12, 10, 10, 0))
    therapist = factories.therapist_account(display_name="Bo Berg")
    course = factories.course(factories.person_for("citizen"), sessions_allowed=5)
    (home,) = services.book(course, therapist.id, [copenhagen(2026, 12, 4, 9, 0)], 30, Place(SessionKind.HOME))
    assert services.cancel_by_citizen(home, None, None)
    db.session.commit()
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.month_view", maaned="2026-12")
    cells = {td["data-title"]: words(BeautifulSoup(str(td), "html.parser")) for td in html.select("td[data-title]")}
    centre = "10:00, 45 minutter: Holdtræning, Træningscenter Auning, Sal 2. Terapeut: Tove"
    home = "09:00, 30 minutter: Træning i hjemmet, Hjemme hos dig. Terapeut: Bo (Du aflyste)"
    assert centre in cells["torsdag 3. december"]
    assert home in cells["fredag 4. december"]
    assert html.select_one("td li.calendar-cancelled") is not None
    text = words(html)
    assert text.count("Elme Allé 6, 8963 Auning") == 1
    assert len(html.select('a[href^="https://www.openstreetmap.org/search?query="]')) == 1
    assert "Tag med (generelt råd) Behageligt tøj, du kan bevæge dig i, og indendørssko." in text


def test_the_list_shows_the_nearest_sessions_and_points_to_the_month_for_the_rest(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karens_sessions(*[soon(day) for day in range(1, 23)])
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.index")
    assert len(html.select("li.session-card")) == routes.LIST_UPCOMING
    assert "Listen viser de nærmeste træningstider" in words(html)


def test_an_empty_month_says_so_and_still_offers_the_other_months(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.month_view", maaned="2027-02")
    assert html.select_one("table") is None
    assert "Du har ingen træningstider i februar 2027." in words(html)
    hrefs = {a["href"] for a in html.select("nav a")}
    assert hrefs == {
        path("citizen_sessions.month_view", maaned="2027-01"),
        path("citizen_sessions.month_view", maaned="2027-03"),
    }


@pytest.mark.parametrize("value", ["", "2026-13", "nonsense", "1850-01", "2026-1"])
def test_a_month_that_is_not_one_shows_this_month(
    client: FlaskClient, client_request: ClientRequest, value: str
) -> None:
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.month_view", maaned=value)
    this_month = clock.now().date().replace(day=1)
    previous = (this_month - timedelta(days=1)).strftime("%Y-%m")
    assert html.select_one(f'nav a[href="{path("citizen_sessions.month_view", maaned=previous)}"]') is not None


def test_the_month_view_stays_within_the_budgets_with_a_full_month(
    client: FlaskClient, client_request: ClientRequest, count_queries
) -> None:
    karens_sessions(*[copenhagen(2026, 12, day, hour, 0) for day in range(1, 32) for hour in (8, 13)])
    log_in(client, "citizen")
    before = len(count_queries())
    response = client_request.get_response("citizen_sessions.month_view", maaned="2026-12")
    assert len(count_queries()) - before <= 6
    assert len(response.get_data()) < 30_000


# Calendar files


def test_all_sessions_download_as_one_calendar_in_copenhagen_time(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    made = karens_sessions(copenhagen(2026, 12, 3, 10, 0), copenhagen(2026, 7, 2, 9, 30))
    log_in(client, "citizen")
    response = client_request.get_response("citizen_sessions.all_ics")
    assert response.headers["Content-Disposition"] == 'attachment; filename="traeningstider.ics"'
    calendar = parse(response)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    found = events(calendar)
    assert len(found) == 2
    by_uid = {str(event["UID"]): event for event in found}
    assert set(by_uid) == {session.ics_uid for session in made}
    winter, summer = by_uid[made[0].ics_uid], by_uid[made[1].ics_uid]
    assert winter["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert winter.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 12, 3, 10, 0)
    assert summer.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 7, 2, 9, 30)
    assert winter.decoded("DTEND") - winter.decoded("DTSTART") == timedelta(minutes=45)
    assert str(winter["SUMMARY"]) == "Træning"
    assert str(winter["LOCATION"]) == "Træningscenter Auning, Elme Allé 6, 8963 Auning, Sal 2"
    assert str(winter["STATUS"]) == "CONFIRMED"
    assert int(winter["SEQUENCE"]) == 0
    assert "Tove" in str(winter["DESCRIPTION"]) and "Terapeut" not in str(winter["DESCRIPTION"]).split(": ")[-1]


# One session a day behind: the last 30 days hold 30 of them. Ahead, behind, and how many behind the file keeps.
@pytest.mark.parametrize(("ahead", "behind", "kept_behind"), [(130, 20, 0), (90, 60, 10), (30, 150, 30), (5, 5, 5)])
def test_the_download_keeps_every_session_ahead_from_the_nearest_then_the_newest_of_the_last_30_days(
    app: Flask, ahead: int, behind: int, kept_behind: int
) -> None:
    now = clock.utcnow().replace(microsecond=0)
    days = [now + timedelta(days=2 + i) for i in range(ahead)] + [now - timedelta(days=1 + i) for i in range(behind)]
    course = factories.course(factories.person_for("citizen"), sessions_allowed=ahead + behind, goals=GOALS)
    made = services.book(course, factories.therapist_account().id, days, 45, Place(SessionKind.HOME))
    db.session.commit()
    by_uid = {session.ics_uid: session.starts_at for session in made}
    entries = services.person_calendar_sessions(course.person_id, now)
    starts = [entry.starts_at for entry in entries]
    assert starts == sorted(starts)
    assert services.CALENDAR_PAST == feeds.FEED_PAST == timedelta(days=30)
    assert len(entries) == min(ahead, services.CALENDAR_LIMIT) + kept_behind
    kept_ahead = [start for start in starts if start >= now]
    assert kept_ahead == sorted(day for day in days if day >= now)[: services.CALENDAR_LIMIT]
    assert [start for start in starts if start < now] == sorted(day for day in days if day < now)[
        len(days) - ahead - kept_behind :
    ]
    assert all(by_uid[entry.uid] == entry.starts_at for entry in entries)


def test_one_session_downloads_alone_and_shows_its_cancellation_with_a_higher_sequence(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    first, _second = karens_sessions(soon(3), soon(4))
    log_in(client, "citizen")
    response = client_request.get_response("citizen_sessions.session_ics", session_id=first.id)
    day = first.starts_at.astimezone(COPENHAGEN).date().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="traening-{day}.ics"'
    (before,) = events(parse(response))
    assert (str(before["UID"]), int(before["SEQUENCE"]), str(before["STATUS"])) == (first.ics_uid, 0, "CONFIRMED")

    client_request.post("citizen_sessions.cancel", _data={"reason": "Tandlæge"}, session_id=first.id)
    (after,) = events(parse(client_request.get_response("citizen_sessions.session_ics", session_id=first.id)))
    assert str(after["UID"]) == first.ics_uid
    assert int(after["SEQUENCE"]) == 1
    assert str(after["STATUS"]) == "CANCELLED"
    assert "Tandlæge" not in after.to_ical().decode()


def test_a_therapist_cancellation_and_its_replacement_are_told_apart(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    (session,) = karens_sessions(soon(3))
    assert services.cancel_by_therapist(session, "Sygdom")
    replacement = services.book(
        session.course, session.therapist_account_id, [soon(5)], 45, Place(SessionKind.HOME), session.id
    )[0]
    db.session.commit()
    log_in(client, "citizen")
    by_uid = {str(e["UID"]): e for e in events(parse(client_request.get_response("citizen_sessions.all_ics")))}
    assert (int(by_uid[session.ics_uid]["SEQUENCE"]), str(by_uid[session.ics_uid]["STATUS"])) == (1, "CANCELLED")
    assert (int(by_uid[replacement.ics_uid]["SEQUENCE"]), str(by_uid[replacement.ics_uid]["STATUS"])) == (
        0,
        "CONFIRMED",
    )
    assert str(by_uid[replacement.ics_uid]["LOCATION"]) == "Hjemme hos dig"


def test_someone_elses_session_file_is_not_found(client: FlaskClient, client_request: ClientRequest) -> None:
    other = factories.course(factories.a_person(7))
    (session,) = services.book(other, factories.therapist_account().id, [soon(3)], 60, Place(SessionKind.HOME))
    db.session.commit()
    log_in(client, "citizen")
    client_request.get_response("citizen_sessions.session_ics", _expected_status=404, session_id=session.id)


# The subscription link


def feed_url(html: BeautifulSoup) -> str:
    field = html.select_one("input#feed-url")
    assert field is not None
    return field["value"]


def make_link(browser: ClientRequest) -> str:
    browser.post("citizen_sessions.subscription_create")
    return feed_url(browser.get("citizen_sessions.subscription"))


def test_without_a_link_the_page_offers_to_make_one(client: FlaskClient, client_request: ClientRequest) -> None:
    log_in(client, "citizen")
    html = client_request.get("citizen_sessions.subscription")
    assert html.select_one("input#feed-url") is None
    buttons = [button.get_text(strip=True) for button in html.select("main form button")]
    assert buttons == ["Lav link"]


def test_the_link_serves_the_persons_sessions_without_a_login(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    made = karens_sessions(soon(-40), soon(-3), soon(3))
    log_in(client, "citizen")
    url = make_link(client_request)
    match = re.fullmatch(r"http://portal\.test/kalender/([A-Za-z0-9_-]{43})\.ics", url)
    assert match, url
    (feed,) = db.session.scalars(sa.select(CalendarFeed)).all()
    assert feed.token_hash == feeds.token_hash(match.group(1)) and match.group(1) not in feed.token_hash

    anonymous = ClientRequest(app.test_client())
    response = anonymous.get_response("calendar_feed.feed", token=match.group(1))
    assert response.headers["Cache-Control"] == "no-store"
    calendar = parse(response)
    # The last 30 days and everything ahead.
    assert {str(event["UID"]) for event in events(calendar)} == {made[1].ics_uid, made[2].ics_uid}
    body = response.get_data(as_text=True)
    digits = persona("citizen").cpr.replace("-", "")
    assert digits[:6] not in body and digits not in body
    assert "Karen" not in body and "Testesen" not in body
    assert made[0].course.goals == GOALS
    assert GOALS not in body and "hofte" not in body


def test_a_link_with_no_sessions_yet_serves_an_empty_calendar_and_an_unknown_one_is_not_found(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    # The link and its sessions come in one statement: a link with none must still be found.
    log_in(client, "citizen")
    token = make_link(client_request).rsplit("/", 1)[1].removesuffix(".ics")
    anonymous = ClientRequest(app.test_client())
    calendar = parse(anonymous.get_response("calendar_feed.feed", token=token))
    assert events(calendar) == [] and [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Copenhagen"]
    anonymous.get_response(
        "calendar_feed.feed", _expected_status=404, token=token[:-1] + ("A" if token[-1] != "A" else "B")
    )


def test_a_new_link_stops_the_old_one_and_deleting_stops_both(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    karens_sessions(soon(3))
    log_in(client, "citizen")
    old = make_link(client_request).removeprefix("http://portal.test")
    anonymous = app.test_client()
    assert anonymous.get(old).status_code == 200
    html = client_request.get("citizen_sessions.subscription")
    assert [b.get_text(strip=True) for b in html.select("main form button")] == ["Lav nyt link", "Slet link"]

    new = make_link(client_request).removeprefix("http://portal.test")
    assert new != old
    assert anonymous.get(old).status_code == 404
    assert anonymous.get(new).status_code == 200

    client_request.post("citizen_sessions.subscription_revoke")
    assert anonymous.get(new).status_code == 404
    assert client_request.get("citizen_sessions.subscription").select_one("input#feed-url") is None
    revoked = db.session.scalars(sa.select(CalendarFeed.revoked_at)).all()
    assert len(revoked) == 2 and all(revoked)


def test_an_unknown_token_is_not_found(client_request: ClientRequest) -> None:
    client_request.get_response("calendar_feed.feed", _expected_status=404, token="not-a-token")


def test_a_relative_with_the_see_scope_gets_a_link_of_their_own_that_ends_with_the_fuldmagt(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    made_sessions = karens_sessions(soon(3))
    given = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=str(Scope.SEE)
    )
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=given.id)
    url = make_link(client_request).removeprefix("http://portal.test")
    anonymous = app.test_client()
    (event,) = events(parse(anonymous.get(url)))
    assert str(event["UID"]) == made_sessions[0].ics_uid
    fetched = db.session.scalars(sa.select(AccessLog).where(AccessLog.action == "calendar_feed.feed")).all()
    assert [(row.acting_as, row.delegation_id, row.actor_name) for row in fetched] == [
        ("relative", given.id, "Mette Testesen")
    ]
    db.session.execute(sa.update(Delegation).where(Delegation.id == given.id).values(revoked_at=clock.utcnow()))
    db.session.commit()
    assert anonymous.get(url).status_code == 404


def test_a_relative_without_the_see_scope_gets_no_calendar(client: FlaskClient, client_request: ClientRequest) -> None:
    karens_sessions(soon(3))
    given = factories.delegation(
        factories.person_for("citizen"), factories.person_for("relative"), scopes=str(Scope.APPLY)
    )
    db.session.commit()
    log_in(client, "relative")
    client_request.post("delegations.act_for", delegation_id=given.id)
    # Each is refused in words, and Mette keeps acting for Karen.
    client_request.get("citizen_sessions.subscription", _expected_status=403)
    client_request.get_response("citizen_sessions.all_ics", _expected_status=403)
    client_request.get("citizen_sessions.month_view", _expected_status=403)
    client_request.post("citizen_sessions.subscription_create", _expected_status=403)
    assert db.session.scalars(sa.select(CalendarFeed)).all() == []


def test_the_citizens_page_does_not_show_a_relatives_link(client: FlaskClient, client_request: ClientRequest) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    feeds.create(mette.id, karen.id)
    db.session.commit()
    log_in(client, "citizen")
    assert client_request.get("citizen_sessions.subscription").select_one("input#feed-url") is None


def test_the_data_export_lists_the_links_but_never_the_token(app: Flask) -> None:
    karen, mette = factories.person_for("citizen"), factories.person_for("relative")
    _own, own_token = feeds.create(karen.id, karen.id)
    _theirs, their_token = feeds.create(mette.id, karen.id)
    feeds.revoke(mette.id, karen.id)
    db.session.commit()
    links = export(karen)["calendar_links"]
    assert [(link["calendar_of"], link["made_by"], bool(link["revoked"])) for link in links] == [
        ("Karen Testesen", "Karen Testesen", False),
        ("Karen Testesen", "Mette Testesen", True),
    ]
    text = repr(export(karen))
    assert own_token not in text and their_token not in text
    assert [link["made_by"] for link in export(mette)["calendar_links"]] == ["Mette Testesen"]


def test_making_a_link_needs_a_csrf_token(csrf_app: Flask) -> None:
    browser = ClientRequest(csrf_app.test_client())
    log_in(browser.client, "citizen")
    browser.post("citizen_sessions.subscription_create", _expected_status=400)
    assert db.session.scalars(sa.select(CalendarFeed)).all() == []
