"""Every page of the standard, for every municipality, in both languages: it renders, within budget, and the
Danish reads at LIX 35 or below. The facts a page shows come from the municipality's profile."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup
from flask import Flask, url_for

from portal.standard.lix import main_text, page_lix
from tests.standard.conftest import QueryCounter, client_for, standard_pages

MAX_HTML_BYTES = 30 * 1024
MAX_QUERIES = 6
MAX_LIX = 35


def get(app: Flask, endpoint: str, language: str = "da", **values: str) -> BeautifulSoup:
    with app.test_request_context():
        path = url_for(endpoint, **values)
    response = client_for(app, language).get(path)
    assert response.status_code == 200, (path, response.status_code)
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def text_of(page: BeautifulSoup) -> str:
    return " ".join(page.main.get_text(" ").split())


@pytest.mark.parametrize("language", ["da", "en"])
def test_every_page_renders_for_every_municipality_within_budget(municipal_app: Flask, language: str) -> None:
    client = client_for(municipal_app, language)
    pages = standard_pages(municipal_app)
    assert len(pages) >= 16
    for endpoint, values in pages:
        with municipal_app.test_request_context():
            path = url_for(endpoint, **values)
        with QueryCounter(municipal_app) as queries:
            response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert f'<html lang="{language}">' in html, path
        page = BeautifulSoup(html, "html.parser")
        assert len(page.find_all("h1")) == 1, path
        title = page.title.get_text()
        assert title.endswith(municipal_app.config["PROFILE"].name) and not title.startswith(" –"), path
        assert len(response.get_data()) < MAX_HTML_BYTES, path
        assert len(queries.statements) <= MAX_QUERIES, (path, queries.statements)


def test_every_danish_page_reads_at_lix_35_or_below(municipal_app: Flask) -> None:
    client = client_for(municipal_app, "da")
    scores = {}
    for endpoint, values in standard_pages(municipal_app):
        with municipal_app.test_request_context():
            path = url_for(endpoint, **values)
        html = client.get(path).get_data(as_text=True)
        assert len(main_text(html).split()) > 15, path
        scores[path] = round(page_lix(html), 1)
    assert {path: score for path, score in scores.items() if score > MAX_LIX} == {}


def test_the_english_pages_are_english(municipal_app: Flask) -> None:
    for endpoint, values in standard_pages(municipal_app):
        text = text_of(get(municipal_app, endpoint, "en", **values))
        for danish in ("Var siden nyttig", "Tilbage", "Kontakt os", "Det har vi ikke skrevet"):
            assert danish not in text, (endpoint, values, danish)


# The facts, read back from the pages ---------------------------------------------------------------------------


def test_norddjurs_tg2_gives_at_most_24_times_over_10_to_16_weeks(make_app: Callable[[str], Flask]) -> None:
    app = make_app("norddjurs")
    danish = text_of(get(app, "standard.offer", offer_id="tg2"))
    assert "Genoptræning 2 (TG2)" in danish
    assert "Hvor tit: 1½-2 timer om ugen." in danish
    assert "Hvor mange gange: Højst 24 gange." in danish
    assert "Hvor længe: 10-16 uger." in danish
    english = text_of(get(app, "standard.offer", "en", offer_id="tg2"))
    assert "How many times: At most 24 times." in english
    assert "How long: 10-16 weeks." in english


def test_norddjurs_catalogue_lists_every_code_with_its_facts(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("norddjurs"), "standard.offers")
    links = [a.get_text() for a in page.select("ul.offer-list a")]
    assert links[:9] == [
        "Terapeutisk undersøgelse og vurdering (TUS)",
        "Genoptræning 1 (TG1)",
        "Genoptræning 2 (TG2)",
        "Vedligeholdende træning 1 (TV1)",
        "Vedligeholdende træning 2 (TV2)",
        "Vedligeholdende træning 3 (TV3)",
        "Vedligeholdende træning og afklaring 1 (TVA1)",
        "Vedligeholdende træning og afklaring 2 (TVA2)",
        "Vedligeholdende træning og afklaring 3 (TVA3)",
    ]
    tg1 = page.find("a", string="Genoptræning 1 (TG1)").find_parent("li")
    assert " ".join(tg1.get_text(" ").split()) == "Genoptræning 1 (TG1) 1-1½ time om ugen. Højst 15 gange. 4-10 uger."


def test_norddjurs_codes_tus_and_tva_are_explained_in_words_where_they_appear(make_app: Callable[[str], Flask]) -> None:
    app = make_app("norddjurs")
    catalogue = get(app, "standard.offers")
    tva1 = catalogue.find("a", string="Vedligeholdende træning og afklaring 1 (TVA1)").find_parent("li")
    assert (
        "Du træner for at holde fast i det, du kan. Samtidig finder vi ud af, hvad du har brug for." in tva1.get_text()
    )
    for endpoint, values in (("standard.offer", {"offer_id": "tus"}), ("standard.about", {})):
        text = text_of(get(app, endpoint, **values))
        explained = "Terapeutisk undersøgelse og vurdering (TUS) En terapeut undersøger dig."
        assert explained in text, endpoint
    english = text_of(get(app, "standard.offer", "en", offer_id="tus"))
    assert "A therapist examines you. Then we find out which training you need." in english


def test_norddjurs_says_what_it_has_not_described(make_app: Callable[[str], Flask]) -> None:
    text = text_of(get(make_app("norddjurs"), "standard.offer", offer_id="tg1"))
    # No price and no transport rule in the catalogue: the page says so instead of guessing.
    costs = text.split("Hvad koster det?")[1].split("Kørsel")[0]
    assert costs.strip() == "Det har vi ikke skrevet om her. Kontakt os, hvis du vil vide mere."
    assert "Du skal være motiveret for at træne." in text
    assert "gratis" not in text.lower()


def test_rodovre_course_is_up_to_32_times_and_assessment_up_to_8(make_app: Callable[[str], Flask]) -> None:
    app = make_app("rodovre")
    assert "Hvor mange gange: Højst 32 gange." in text_of(get(app, "standard.offer", offer_id="traeningsforloeb"))
    assert "Hvor mange gange: Højst 8 gange." in text_of(get(app, "standard.offer", offer_id="vurdering"))
    assert "At most 32 times." in text_of(get(app, "standard.offer", "en", offer_id="traeningsforloeb"))


def test_hjorring_shows_its_general_offer_without_codes(make_app: Callable[[str], Flask]) -> None:
    app = make_app("hjorring")
    page = get(app, "standard.offers")
    assert [a.get_text() for a in page.select("ul.offer-list a")] == ["Genoptræning og vedligeholdende træning"]
    assert "Vi har ikke delt træningen op i faste tilbud." in text_of(page)
    offer = text_of(get(app, "standard.offer", offer_id="traening"))
    assert "Hvor længe: Op til 3 måneder." in offer
    assert "Træningen er gratis." in offer
    assert "Du eller dine pårørende kan ikke selv køre til træningen." in offer


def test_hjorring_letter_within_3_weekdays_on_the_timeline(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("hjorring"), "standard.service_goals")
    steps = [
        (step.select_one(".timeline-when").get_text(), step.select_one(".timeline-text").get_text())
        for step in page.select("ol.timeline > li")
    ]
    assert [when for when, _ in steps] == ["Inden for 3 hverdage", "Inden for 20 kalenderdage", "Inden for 4 uger"]
    assert steps[0][1].startswith("Du får et brev fra Træningsenheden.")
    assert "Hverdage er mandag til fredag." in text_of(page)
    english = get(make_app("hjorring"), "standard.service_goals", "en")
    assert english.select_one(".timeline-when").get_text() == "Within 3 weekdays"


def test_naestved_decision_within_10_weekdays_and_start_within_10_calendar_days(
    make_app: Callable[[str], Flask],
) -> None:
    page = get(make_app("naestved"), "standard.service_goals")
    assert [when.get_text() for when in page.select(".timeline-when")] == [
        "Inden for 10 hverdage",
        "Inden for 10 kalenderdage",
    ]


def test_rodovre_days_are_shown_as_the_standard_says_them(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("rodovre"), "standard.service_goals")
    assert [when.get_text() for when in page.select(".timeline-when")] == [
        "Inden for 5 dage",
        "Inden for 14 dage",
        "Inden for 7 dage",
    ]
    assert [label.get_text() for label in page.select(".timeline-applies")] == [
        "Hvis du ikke har en genoptræningsplan fra sygehuset",
        "Hvis du har en genoptræningsplan fra sygehuset",
    ]
    assert "om vi tæller alle dage eller kun hverdage" in text_of(page)


def test_norddjurs_without_service_goals_says_the_standard_names_none_and_how_to_ask(
    make_app: Callable[[str], Flask],
) -> None:
    page = get(make_app("norddjurs"), "standard.service_goals")
    assert page.select("ol.timeline") == []
    text = text_of(page)
    assert "Vi har ikke skrevet vores frister her endnu." not in text
    assert "Vores kvalitetsstandard nævner ingen frister for, hvornår du får svar" in text
    assert "Du kan altid spørge os, hvor længe du skal vente." in text
    assert "Retssikkerhedsloven § 3, stk. 2" in text
    assert "89 59 30 11" in text
    # The law's 7 days with a hospital plan hold in Norddjurs too.
    assert "senest 7 dage efter, du er kommet hjem" in text


def test_naestved_complaint_within_4_weeks_then_ankestyrelsen(make_app: Callable[[str], Flask]) -> None:
    text = text_of(get(make_app("naestved"), "standard.complaints"))
    assert "Frist: Du skal klage inden for 4 uger. Fristen regnes fra den dag, du får afgørelsen." in text
    assert "Send klagen til: Center for Sundhed og Ældre, Myndighed, Rådmandshaven 20, 4700 Næstved." in text
    assert "Du kan også klage på borger.dk eller mit.dk." in text
    assert "sender vi din klage videre til Ankestyrelsen" in text
    english = text_of(get(make_app("naestved"), "standard.complaints", "en"))
    assert "You must complain within 4 weeks." in english
    assert "You can also complain on borger.dk or mit.dk." in english


def test_naestved_s_former_complaint_body_is_replaced_and_the_page_says_why(make_app: Callable[[str], Flask]) -> None:
    text = text_of(get(make_app("naestved"), "standard.complaints"))
    assert "Send klagen til: Styrelsen for Patientklager." in text
    assert "Vores kvalitetsstandard nævner Styrelsen for Patientsikkerhed. Siden 1. juli 2018" in text
    assert "Islands Brygge 67" not in text


@pytest.mark.parametrize("slug", ["hjorring", "naestved", "norddjurs", "rodovre"])
def test_every_complaint_page_gives_both_routes_and_the_last_day_with_a_date(
    make_app: Callable[[str], Flask], slug: str
) -> None:
    app = make_app(slug)
    text = text_of(get(app, "standard.complaints"))
    # The suite's clock is Wednesday 10 June 2026: four weeks on is Wednesday 8 July.
    assert "Får du en afgørelse den 10. juni 2026, skal vi have din klage senest den 8. juli 2026." in text
    assert "Du skal klage inden for 4 uger." in text
    assert "Holder vi fast i afgørelsen, sender vi din klage videre til Ankestyrelsen." in text
    assert "Et brev i Digital Post har du fået den dag, det kommer i din digitale postkasse." in text
    assert "Retssikkerhedsloven § 60, § 66 og § 67" in text
    assert "Send klagen til: Styrelsen for Patientklager." in text
    assert "Du klager med et skema på borger.dk." in text
    assert "Klag senest 2 år efter, at du fandt ud af det. Og senest 5 år efter, at det skete." in text
    profile = app.config["PROFILE"]
    if not profile.complaints:
        assert f"Send klagen til: {profile.contact.unit}" in text


def test_absence_rules_come_from_the_profile(make_app: Callable[[str], Flask]) -> None:
    rodovre = text_of(get(make_app("rodovre"), "standard.absence"))
    assert "Udebliver du 2 gange: Så ser vi det som manglende motivation, og vi kan slutte dit forløb." in rodovre
    assert "Derfor aflyser vi som regel ikke dine træningstider." in rodovre
    naestved = text_of(get(make_app("naestved"), "standard.absence"))
    assert "Melder du afbud eller udebliver du flere gange, slutter vi dit forløb." in naestved
    assert "Må terapeuten aflyse, får du en ny træning i stedet." in naestved
    eksempel = text_of(get(make_app("eksempel"), "standard.absence"))
    assert "Meld afbud senest 24 timer før træningen." in eksempel
    assert "Meld afbud her på siden eller ring til os." in eksempel
    hjorring = text_of(get(make_app("hjorring"), "standard.absence"))
    assert "Vi har ikke skrevet her, hvad der så sker." in hjorring
    assert "timer før" not in hjorring


def test_norddjurs_centres_with_address_phone_hours_and_a_plain_map_link(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("norddjurs"), "standard.centres")
    assert [h2.get_text() for h2 in page.select("section.centre h2")] == [
        "Træningscenter Auning",
        "Træningscenter Posthaven",
        "Træningscenter Glesborg",
    ]
    auning = page.select_one("section#auning")
    assert "Elme Allé 6 8963 Auning" in text_of_tag(auning)
    assert "Telefon 89 59 30 11 Alle hverdage kl. 8.00-9.00" in text_of_tag(auning)
    map_link = auning.find("a", string="Se Træningscenter Auning på et kort")
    assert map_link["href"] == "https://www.openstreetmap.org/search?query=Elme+All%C3%A9+6%2C+8963+Auning"
    assert "Vi har ikke skrevet om adgangen her endnu." in text_of_tag(auning)
    glesborg = text_of_tag(page.select_one("section#glesborg"))
    assert "Genoptræning efter sundhedsloven § 140 (genoptræningsplan)" in glesborg
    assert page.find("iframe") is None and page.find("script", src=lambda src: "openstreetmap" in (src or "")) is None


def text_of_tag(tag: object) -> str:
    return " ".join(tag.get_text(" ").split())  # type: ignore[attr-defined]


def test_eksempel_centre_shows_its_accessibility(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("eksempel"), "standard.centres")
    assert "Der er niveaufri adgang og handicaptoilet." in text_of_tag(page.select_one("section#midtby"))
    assert "Telefon 99 99 99 98 Mandag til torsdag kl. 8-9" in text_of_tag(page.select_one("section#midtby"))


@pytest.mark.parametrize("municipality", ["hjorring", "naestved"])
def test_without_centres_the_page_points_to_the_contact(make_app: Callable[[str], Flask], municipality: str) -> None:
    app = make_app(municipality)
    page = get(app, "standard.centres")
    assert page.select("section.centre") == []
    assert "Vi har ikke skrevet vores træningssteder her endnu." in text_of(page)
    assert app.config["PROFILE"].contact.unit in text_of(page)


def test_rodovre_centre_without_address_has_no_map_link(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("rodovre"), "standard.centres")
    assert "Vi har ikke skrevet adressen her endnu." in text_of(page)
    assert page.select('a[href^="https://www.openstreetmap.org"]') == []


def test_about_training_names_the_municipality_and_links_its_offers(make_app: Callable[[str], Flask]) -> None:
    page = get(make_app("norddjurs"), "standard.about")
    assert page.h1.get_text() == "Træning i Norddjurs Kommune"
    assert [h2.get_text() for h2 in page.main.select("h2")][:3] == [
        "Genoptræning",
        "Vedligeholdende træning",
        "Træning efter sygehus",
    ]
    hrefs = [a["href"] for a in page.main.select("a")]
    assert "/tilbud/tg1" in hrefs and "/tilbud/tva3" in hrefs and "/tilbud/gop-hjem" in hrefs
    assert "/kan-jeg-faa-traening" in hrefs


def test_about_training_without_maintenance_offers_points_to_the_contact(make_app: Callable[[str], Flask]) -> None:
    text = text_of(get(make_app("rodovre"), "standard.about"))
    maintenance = text.split("Vedligeholdende træning")[1]
    assert maintenance.split("Træning efter")[0].strip().endswith("Kontakt os, hvis du vil vide mere om det.")


def test_unknown_offers_questions_and_results_are_not_found(make_app: Callable[[str], Flask]) -> None:
    client = client_for(make_app("hjorring"))
    for path in ("/tilbud/tg2", "/kan-jeg-faa-traening/alder", "/kan-jeg-faa-traening/svar/ja"):
        assert client.get(path).status_code == 404, path


def test_the_front_page_and_every_page_link_to_the_standard(make_app: Callable[[str], Flask]) -> None:
    app = make_app("naestved")
    front = get(app, "main.index")
    expected = {"/om-traening", "/kan-jeg-faa-traening", "/tilbud", "/det-kan-du-forvente", "/hvis-du-er-forhindret",
                "/klag", "/traeningscentre"}  # fmt: skip
    assert expected <= {a["href"] for a in front.select("main a")}
    nav = get(app, "standard.offer", offer_id="genoptraening").select_one("nav.standard-nav")
    assert {a["href"] for a in nav.select("a")} == expected
    assert nav.select_one('[aria-current="true"]')["href"] == "/tilbud"
    assert get(app, "standard.offers").select_one('nav.standard-nav [aria-current="page"]')["href"] == "/tilbud"


def test_a_municipality_without_an_address_has_no_empty_address_in_footer_or_privacy_notice(
    make_app: Callable[[str], Flask],
) -> None:
    app = make_app("hjorring")
    assert app.config["PROFILE"].contact.address == ()
    footer = get(app, "standard.about").select_one("footer section")
    assert [p.get_text(" ", strip=True) for p in footer.select("p")] == [
        "Telefon 72 33 58 50 Hverdage kl. 8-9",
        "traeningsenhed@hjoerring.dk",
    ]
    privacy = text_of(get(app, "pages.privacy"))
    assert "Hjørring Kommune har ansvaret for dine oplysninger (dataansvarlig)." in privacy
    assert "Adresse" not in privacy
    assert "Address" not in text_of(get(app, "pages.privacy", "en"))
