"""The DKFDS form macros: errors next to the field, a summary on top that links to them, answers kept."""

from __future__ import annotations

from datetime import date

from bs4 import BeautifulSoup
from flask import Flask, render_template_string
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.clock import today
from portal.fields import DateInputField, as_typed
from portal.forms import PortalForm

PAGE = """
{% from "components/forms.html" import error_summary, text_field, textarea, radio_group, checkboxes, checkbox,
   date_field, button %}
{% from "components/alerts.html" import alert %}
{{ error_summary(form) }}
{{ text_field(form.phone, hint="8 cifre") }}
{{ textarea(form.story) }}
{{ radio_group(form.transport) }}
{{ checkboxes(form.aids) }}
{{ checkbox(form.consent) }}
{{ date_field(form.since) }}
{{ button("Fortsæt") }}
{% call alert("warning", "Bemærk") %}<p>Tekst</p>{% endcall %}
"""


class ExampleForm(PortalForm):
    class Meta:
        csrf = False

    phone = StringField("Telefon", validators=[DataRequired("Skriv dit telefonnummer med 8 cifre")])
    story = TextAreaField("Hvad er sket?", validators=[Length(max=10, message="Skriv højst 10 tegn")])
    transport = RadioField(
        "Kan du selv komme til træning?", choices=[SelectChoice("yes", "Ja"), SelectChoice("no", "Nej")]
    )
    aids = SelectMultipleField(
        "Hjælpemidler", choices=[SelectChoice("rollator", "Rollator"), SelectChoice("stok", "Stok")]
    )
    consent = BooleanField("Jeg giver lov")
    since = DateInputField("Siden hvornår?")


def render(app: Flask, data: dict) -> BeautifulSoup:
    with app.test_request_context(method="POST", data=MultiDict(data)):
        form = ExampleForm()
        form.validate()
        return BeautifulSoup(render_template_string(PAGE, form=form), "html.parser")


def test_errors_show_in_a_summary_that_links_to_each_field(app: Flask) -> None:
    page = render(
        app, {"story": "x" * 20, "transport": "no", "since-day": "31", "since-month": "2", "since-year": "2024"}
    )
    summary = page.select_one("[data-module=error-summary]")
    links = {a["href"]: a.get_text() for a in summary.select("a")}
    assert links == {
        "#phone": "Skriv dit telefonnummer med 8 cifre",
        "#story": "Skriv højst 10 tegn",
        "#since-day": f"Skriv en rigtig dato, for eksempel {as_typed(today())}.",
    }


def test_each_error_stands_next_to_its_field_and_is_announced(app: Flask) -> None:
    page = render(app, {"story": "x" * 20})
    phone = page.select_one("#phone")
    assert phone["aria-invalid"] == "true"
    assert phone["aria-describedby"] == "phone-hint phone-error"
    assert "Skriv dit telefonnummer med 8 cifre" in page.select_one("#phone-error").get_text()
    assert "form-error" in phone.find_parent("div")["class"]


def test_the_users_answers_stay_after_an_error(app: Flask) -> None:
    page = render(
        app,
        {
            "story": "x" * 20,
            "transport": "no",
            "aids": ["stok"],
            "consent": "y",
            "since-day": "31",
            "since-month": "2",
            "since-year": "2024",
        },
    )
    assert page.select_one("#story").get_text() == "x" * 20
    assert page.select_one("input[name=transport][value=no]").has_attr("checked")
    assert not page.select_one("input[name=transport][value=yes]").has_attr("checked")
    assert page.select_one("input[name=aids][value=stok]").has_attr("checked")
    assert page.select_one("#consent").has_attr("checked")
    assert [page.select_one(f"#since-{part}")["value"] for part in ("day", "month", "year")] == ["31", "2", "2024"]


def test_no_summary_when_all_is_well(app: Flask) -> None:
    page = render(app, {"phone": "12345678", "transport": "yes"})
    assert page.select_one("[data-module=error-summary]") is None
    assert page.select_one("#phone")["value"] == "12345678"


def test_the_date_field_reads_a_real_date(app: Flask) -> None:
    with app.test_request_context(method="POST", data={"since-day": "5", "since-month": "6", "since-year": "2026"}):
        form = ExampleForm()
        form.validate()
        assert form.since.data == date(2026, 6, 5)
        assert form.since.errors == []


def test_radio_groups_and_checkboxes_have_a_legend(app: Flask) -> None:
    page = render(app, {})
    legends = [legend.get_text(strip=True) for legend in page.select("fieldset legend")]
    assert legends == ["Kan du selv komme til træning?", "Hjælpemidler", "Siden hvornår?"]


def test_the_alert_carries_its_kind_and_content(app: Flask) -> None:
    page = render(app, {})
    alert = page.select_one(".alert-warning")
    assert alert["role"] == "alert"
    assert alert.select_one(".alert-heading").get_text() == "Bemærk"
    assert alert.select_one("svg")["aria-label"] == "Advarsel"


def test_built_in_messages_are_in_danish_too(app: Flask) -> None:
    class Bare(PortalForm):
        class Meta:
            csrf = False

        name = StringField("Navn", validators=[DataRequired()])
        choice = RadioField("Valg", choices=[SelectChoice("a", "A")])

    with app.test_request_context(method="POST", data={}):
        form = Bare()
        form.validate()
        assert form.errors == {"name": ["Feltet skal udfyldes."], "choice": ["Vælg en af mulighederne."]}


def test_the_summary_links_a_group_to_its_first_option(app: Flask) -> None:
    page = render(app, {"phone": "12345678"})
    assert [a["href"] for a in page.select("[data-module=error-summary] a")] == ["#transport-0"]
    assert page.select_one("#transport-0") is not None


# Escaping ------------------------------------------------------------------------------------------------------------

MARKUP = '<meta http-equiv="refresh" content="0;url=https://evil.example/"><b>x</b>'


def markup_in(html: str) -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    return [str(tag) for tag in page.select("meta[http-equiv]") + page.find_all("b", string="x")]


class TrustForm(PortalForm):
    class Meta:
        csrf = False

    team = RadioField(_l("Team"), choices=[])
    centre = SelectField(_l("Centre"), choices=[])
    note = TextAreaField(_l("Note"))


COMPONENTS = """
{% from "components/forms.html" import radio_group, select, textarea, error_summary %}
{{ error_summary(form) }}{{ radio_group(form.team) }}{{ select(form.centre) }}{{ textarea(form.note, hint=hint) }}
"""


def test_the_form_components_escape_labels_options_hints_and_messages_unless_they_are_markup(app: Flask) -> None:
    with app.test_request_context(method="POST", data=MultiDict({"team": "nope"})):
        form = TrustForm()
        # A lazy string formatted with someone's text: the way the team name once came through.
        form.team.choices = [SelectChoice("1", _l("%(name)s, 8 places", name=MARKUP))]
        form.centre.choices = [SelectChoice("a", MARKUP), SelectChoice("b", Markup("<em>trusted</em>"))]
        form.note.label.text = _l("%(name)s", name=MARKUP)
        form.validate()
        form.team.errors = [_l("%(name)s is full", name=MARKUP)]
        html = render_template_string(COMPONENTS, form=form, hint=_l("%(name)s", name=MARKUP))
    page = BeautifulSoup(html, "html.parser")
    assert markup_in(html) == []
    assert page.select_one("label[for=team-0]").get_text() == f"{MARKUP}, 8 places"
    assert page.select_one("#centre option[value=a]").get_text() == MARKUP
    assert page.select_one("label[for=note]").get_text() == MARKUP
    assert page.select_one("#note-hint").get_text() == MARKUP
    assert page.select_one("#team-error").get_text(strip=True).endswith(f"{MARKUP} is full")
    # Markup is the way to say a label is trusted: it stays markup.
    assert page.select_one("#centre option[value=b] em").get_text() == "trusted"
