"""Every message a form gives is in the user's language, names the field or says what to do, and fits the field.

WTForms' own messages are English and name no field ("Field cannot be longer than 2000 characters."): they reached
the Danish pages on the application, the reasons, the log note, the fuldmagt and the staff forms.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from babel.dates import format_date
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from flask_babel.speaklater import LazyString
from werkzeug.datastructures import MultiDict
from wtforms import RadioField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import Optional

import portal
from portal.clock import COPENHAGEN, clock_set_to, today
from portal.extensions import db
from portal.fields import DateInputField, as_typed
from portal.forms import PortalForm
from portal.validators import CprNumber, MaxLength
from tests import world
from tests.conftest import ClientRequest
from tests.world import log_in_as

# Validators that make their own message in the user's language, or give none.
OWN_MESSAGES = (MaxLength, CprNumber, Optional)


def portal_forms() -> list[type[PortalForm]]:
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        importlib.import_module(module.name)
    found, waiting = [], [PortalForm]
    while waiting:
        for form in waiting.pop().__subclasses__():
            waiting.append(form)
            if form.__module__.startswith("portal."):
                found.append(form)
    return found


def unbound_fields(form: type[PortalForm]) -> dict[str, UnboundField]:
    return {name: value for name in dir(form) if isinstance(value := getattr(form, name, None), UnboundField)}


def validators_of(field: UnboundField) -> list[Any]:
    return list(field.kwargs.get("validators") or (field.args[1] if len(field.args) > 1 else []))


def test_every_validator_of_every_form_has_a_message_in_the_users_language() -> None:
    without = [
        f"{form.__module__}.{form.__name__}.{name}: {type(validator).__name__}"
        for form in portal_forms()
        for name, field in unbound_fields(form).items()
        for validator in validators_of(field)
        if not isinstance(validator, OWN_MESSAGES) and not isinstance(getattr(validator, "message", None), LazyString)
    ]
    assert without == []


def test_every_text_area_has_a_length_limit_it_can_say() -> None:
    unlimited = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in portal_forms()
        for name, field in unbound_fields(form).items()
        if field.field_class is TextAreaField and not any(isinstance(v, MaxLength) for v in validators_of(field))
    ]
    assert portal_forms() and unlimited == []


def test_a_choice_the_page_did_not_offer_is_refused_in_danish(app: Flask) -> None:
    """A page kept open while the choices changed (an exercise taken out of the program) sends one."""

    class Choices(PortalForm):
        class Meta:
            csrf = False

        day = SelectMultipleField("Dag", choices=[SelectChoice("1", "Mandag")])
        days = SelectMultipleField("Dage", choices=[SelectChoice("1", "Mandag")])
        items = SelectMultipleField("Øvelser", coerce=int, choices=[SelectChoice(1, "Rejse sig")])
        level = RadioField("Niveau", coerce=int, choices=[SelectChoice(1, "Let")])

    sent = MultiDict([("day", "8"), ("days", "8"), ("days", "9"), ("items", "x"), ("level", "x")])
    with app.test_request_context(method="POST", data=sent):
        form = Choices()
        form.validate()
    assert form.errors["day"] == ["'8' kan ikke vælges her."]
    assert form.errors["days"][0].endswith("' kan ikke vælges her.")
    assert form.errors["items"] == ["Vælg blandt mulighederne."]
    assert form.errors["level"] == ["Vælg en af mulighederne."]


def errors(response: Any) -> dict[str, str]:
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return {
        tag["id"].removesuffix("-error"): tag.get_text(strip=True).removeprefix("Fejl:").strip()
        for tag in page.select(".form-error-message")
    }


def label_of(browser: ClientRequest, endpoint: str, values: dict[str, Any], field: str) -> str:
    page = browser.get(endpoint, **values)
    textarea = page.select_one(f"#{field}")
    assert textarea["maxlength"]
    hint = page.select_one(f"#{field}-hint").get_text()
    assert f"Du kan skrive op til {textarea['maxlength']} tegn." in hint
    label = page.select_one(f"label[for={field}]")
    for optional in label.select(".weight-normal"):  # "(frivilligt)", which is no part of the field's name
        optional.decompose()
    return label.get_text(strip=True)


def values_for(app: Flask, endpoint: str, found: world.World, **fixed: Any) -> dict[str, Any]:
    """The endpoint's arguments: those given, and each id it names from what was made."""
    (rule,) = app.url_map.iter_rules(endpoint)
    return {**{name: found.ids[name][0] for name in rule.arguments if name not in fixed}, **fixed}


# (who, endpoint, its fixed arguments, the long text field, its limit)
LONG_TEXTS = [
    ("citizen", "applications.question", {"slug": "hvad-er-sket"}, "what_changed", 2000),
    ("citizen", "citizen_sessions.absence", {}, "reason", 1000),
    ("citizen", "programs.log", {}, "note", 1000),
    ("citizen", "citizen_sessions.cancel", {}, "reason", 1000),
    ("gp", "gp.new_referral", {}, "reason", 3000),
    ("visitator", "cases.refuse", {}, "reason", 4000),
    ("therapist", "staff_sessions.cancel", {}, "reason", 1000),
]


@pytest.mark.parametrize(("walker", "endpoint", "fixed", "field", "limit"), LONG_TEXTS)
def test_a_text_over_its_limit_is_refused_in_danish_naming_the_field_and_kept(
    app: Flask, walker: str, endpoint: str, fixed: dict[str, Any], field: str, limit: int
) -> None:
    found = world.build("Tekst")
    db.session.commit()
    browser = ClientRequest(app.test_client())
    log_in_as(browser.client, walker, found)
    values = values_for(app, endpoint, found, **fixed)
    label = label_of(browser, endpoint, values, field)
    response = browser.post(endpoint, _data={field: "å" * (limit + 1)}, _expected_status=200, **values)
    assert errors(response)[field] == f"Skriv højst {limit} tegn i »{label}«. Du har skrevet {limit + 1}."
    kept = BeautifulSoup(response.get_data(as_text=True), "html.parser").select_one(f"#{field}").get_text()
    assert kept == "å" * (limit + 1)


def test_the_fuldmagt_name_over_its_limit_is_refused_in_danish(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in_as(client, "citizen", world.World())
    response = client_request.post("delegations.grant", _data={"name": "M" * 201}, _expected_status=200)
    assert errors(response)["name"] == "Skriv højst 200 tegn i »Den pårørendes fulde navn«. Du har skrevet 201."


# CPR numbers ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("walker", "endpoint"),
    [("citizen", "delegations.grant"), ("visitator", "staff.find_citizen"), ("gp", "gp.new_referral")],
)
def test_ten_digits_that_are_no_date_are_told_so_on_every_cpr_field(app: Flask, walker: str, endpoint: str) -> None:
    browser = ClientRequest(app.test_client())
    log_in_as(browser.client, walker, world.World())
    assert errors(browser.post(endpoint, _data={"cpr_number": "1234567890"}, _expected_status=200))["cpr_number"] == (
        "De første 6 cifre i CPR-nummeret er ikke en rigtig dato. Tjek nummeret"
    )
    assert errors(browser.post(endpoint, _data={"cpr_number": "123456789"}, _expected_status=200))["cpr_number"] == (
        "Skriv CPR-nummeret med 10 cifre, for eksempel 010203-1234"
    )


def test_the_staff_fuldmagt_form_tells_the_same(app: Flask) -> None:
    found = world.build("Tekst")
    db.session.commit()
    browser = ClientRequest(app.test_client())
    log_in_as(browser.client, "visitator", found)
    response = browser.post(
        "staff.register_paper",
        _data={"cpr_number": "1234567890"},
        _expected_status=200,
        person_id=found.ids["person_id"][0],
    )
    assert errors(response)["cpr_number"] == "De første 6 cifre i CPR-nummeret er ikke en rigtig dato. Tjek nummeret"


# Dates -------------------------------------------------------------------------------------------------------------


def date_fields(name: str, day: date) -> dict[str, str]:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month), f"{name}-year": str(day.year)}


def long_date(day: date) -> str:
    return format_date(day, "long", locale="da")


def test_since_when_takes_neither_1850_nor_a_day_to_come(
    app: Flask, client: FlaskClient, client_request: ClientRequest
) -> None:
    log_in_as(client, "citizen", world.World())
    client_request.post("applications.begin")
    twenty_years_ago = today().replace(year=today().year - 20)
    since = {"slug": "siden-hvornaar"}
    response = client_request.post(
        "applications.question", _data=date_fields("since", date(1850, 1, 1)), _expected_status=200, **since
    )
    assert errors(response)["since"] == f"Datoen skal være tidligst {long_date(twenty_years_ago)}"
    response = client_request.post(
        "applications.question", _data=date_fields("since", today() + timedelta(days=1)), _expected_status=200, **since
    )
    assert errors(response)["since"] == "Datoen kan ikke være en dag, der ikke er kommet endnu"
    client_request.post("applications.question", _data=date_fields("since", today() - timedelta(days=3)), **since)


def test_date_hints_and_messages_give_an_example_the_field_takes(app: Flask) -> None:
    found = world.build("Tekst")
    db.session.commit()
    ahead, back = as_typed(today() + timedelta(days=14)), as_typed(today() - timedelta(days=30))
    citizen, therapist = ClientRequest(app.test_client()), ClientRequest(app.test_client())
    log_in_as(citizen.client, "citizen", found)
    log_in_as(therapist.client, "therapist", found)
    pages = {
        "first_day": (therapist, "staff_sessions.book", {"course_id": found.ids["course_id"][0]}),
        "first": (citizen, "citizen_sessions.absence", {}),
        "last": (citizen, "citizen_sessions.absence", {}),
        "since": (citizen, "applications.question", {"slug": "siden-hvornaar"}),
    }
    examples = {"first_day": ahead, "first": ahead, "last": ahead, "since": back}
    for field, (browser, endpoint, values) in pages.items():
        page = browser.get(endpoint, **values)
        assert page.select_one(f"#{field}-hint").get_text().startswith(f"For eksempel {examples[field]}.")
        wrong = {f"{field}-day": "31", f"{field}-month": "2", f"{field}-year": "2027"}
        response = browser.post(endpoint, _data=wrong, _expected_status=200, **values)
        assert errors(response)[field] == f"Skriv en rigtig dato, for eksempel {examples[field]}."
    assert "1944" not in str(errors(response))


def test_absence_is_told_from_today_and_at_most_a_year_ahead(app: Flask) -> None:
    found = world.build("Tekst")
    db.session.commit()
    browser = ClientRequest(app.test_client())
    log_in_as(browser.client, "citizen", found)
    year_ahead = today().replace(year=today().year + 1)
    far = {
        **date_fields("first", year_ahead + timedelta(days=1)),
        **date_fields("last", year_ahead + timedelta(days=2)),
    }
    response = browser.post("citizen_sessions.absence", _data=far, _expected_status=200)
    assert errors(response) == {
        "first": f"Datoen skal være senest {long_date(year_ahead)}",
        "last": f"Datoen skal være senest {long_date(year_ahead)}",
    }


def test_a_staff_booking_at_a_time_already_passed_today_is_refused(app: Flask) -> None:
    noon = datetime.combine(today(), time(12, 0), COPENHAGEN)
    form = {"kind": "individual", "where": "home", "minutes": "60", "count": "1", **date_fields("first_day", today())}
    # At noon from the login on, so the login does not time out when the clock moves.
    with clock_set_to(noon):
        found = world.build("Tekst")
        db.session.commit()
        browser = ClientRequest(app.test_client())
        log_in_as(browser.client, "therapist", found)
        course = {"course_id": found.ids["course_id"][0]}
        response = browser.post("staff_sessions.book", _data={**form, "at": "10.00"}, _expected_status=200, **course)
        assert errors(response) == {
            "at": "Tidspunktet er allerede gået i dag. Skriv et senere tidspunkt, eller vælg en senere dag"
        }
        assert "at" in errors(
            browser.post("staff_sessions.book", _data={**form, "at": "12.00"}, _expected_status=200, **course)
        )
        assert "at" not in errors(
            browser.post("staff_sessions.book", _data={**form, "at": "15.00"}, _expected_status=303, **course)
        )


def test_the_date_field_reads_only_digits_that_fit_its_boxes(app: Flask) -> None:
    class Since(PortalForm):
        class Meta:
            csrf = False

        since = DateInputField("Siden")

    for parts in [("99999999999999999999", "1", "2026"), ("1", "1", "99999999999999999999"), ("١", "1", "2026")]:
        data = dict(zip(("since-day", "since-month", "since-year"), parts, strict=True))
        with app.test_request_context(method="POST", data=data):
            form = Since()
            assert not form.validate()
            assert form.since.errors[0].startswith("Skriv en rigtig dato")
            assert form.since.parts["day"] == parts[0]
