"""The letters' words, from each municipality's profile, on fixed dates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from babel.dates import format_date
from flask import Flask

from portal.applications import decision_letters as letters
from portal.applications import decisions as services
from portal.extensions import db
from portal.models import Application, ApplicationSource, Person
from portal.municipalities import load
from tests.cases import factories

KAREN = Person(given_name="Karen", family_name="Testesen", birth_date=date(1944, 3, 15))


def case(**values: object) -> Application:
    made = Application(**{"case_number": "TR-2026-00042", "source": "citizen", "deadlines": {}, **values})
    made.person = KAREN
    return made


def danish(day: date) -> str:
    return format_date(day, "full", locale="da")


def test_a_naestved_refusal_gives_the_last_day_to_complain_four_weeks_after_the_decision(app: Flask) -> None:
    # Decided Monday 2 March 2026 at 15.00 in Copenhagen.
    letter = letters.refusal(case(), load("naestved"), "Du kan selv træne.", datetime(2026, 3, 2, 14, tzinfo=UTC))
    assert letter.kind == "application.rejected"
    assert letter.subject == "Afgørelse i din sag TR-2026-00042: Du får ikke træning"
    paragraphs = letter.body.split("\n\n")
    assert paragraphs[0] == "Kære Karen Testesen"
    assert "Begrundelse: Du kan selv træne." in paragraphs
    assert "Send din klage til Center for Sundhed og Ældre, Myndighed, Rådmandshaven 20, 4700 Næstved." in paragraphs
    assert "Du kan også klage digitalt på borger.dk, mit.dk." in paragraphs
    assert "Vi skal have din klage senest mandag den 30. marts 2026." in paragraphs
    assert (
        "Det er 4 uger fra den dag, du fik dette brev. Vi sender det med Digital Post. Du har fået det den dag, det "
        "kommer i din digitale postkasse."
    ) in paragraphs
    assert any(p.startswith("Du kan klage over vores afgørelse.") for p in paragraphs)
    assert "Vi ser på sagen igen inden for 4 uger." in paragraphs
    assert "Afgørelsen bygger på serviceloven § 86." in paragraphs


def test_the_complaint_deadline_counts_from_the_decision_day_in_copenhagen(app: Flask) -> None:
    # 23.30 UTC on 2 March is already 3 March in Copenhagen.
    letter = letters.refusal(case(), load("naestved"), "Nej.", datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    assert "Vi skal have din klage senest tirsdag den 31. marts 2026." in letter.body


@pytest.mark.parametrize("slug", ["hjorring", "norddjurs", "rodovre"])
def test_without_a_complaint_text_in_the_profile_the_letter_gives_the_law_s_route_and_date(
    app: Flask, slug: str
) -> None:
    profile = load(slug)
    letter = letters.refusal(case(), profile, "Nej.", datetime(2026, 3, 2, 14, tzinfo=UTC))
    paragraphs = letter.body.split("\n\n")
    assert "Vi skal have din klage senest mandag den 30. marts 2026." in paragraphs
    assert paragraphs[paragraphs.index("Sådan klager du") + 1].startswith("Du sender din klage til kommunen.")
    assert "sender vi din klage videre til Ankestyrelsen" in letter.body
    assert any(p.startswith(f"Send din klage til {profile.contact.unit}") for p in paragraphs)


@pytest.mark.parametrize("slug", ["hjorring", "naestved", "norddjurs", "rodovre"])
def test_every_decision_letter_carries_the_complaint_route_and_the_last_day(app: Flask, slug: str) -> None:
    profile = load(slug)
    decided = datetime(2026, 3, 5, 12, tzinfo=UTC)
    offer = next(offer for offer in profile.offers if "sundhedsloven-140" not in offer.legal_basis)
    for letter in (
        letters.refusal(case(), profile, "Nej.", decided),
        letters.grant(case(), profile, offer, 5, "Gå igen.", decided),
        letters.grant(case(), profile, offer, 5, "Gå igen.", decided, shortfall="Færre gange end ønsket."),
    ):
        # Four weeks is Maundy Thursday; the closed days of Easter move the last day to Tuesday 7 April.
        assert "Vi skal have din klage senest tirsdag den 7. april 2026." in letter.body
        assert "så har du til og med den næste hverdag" in letter.body.lower()
        assert "Ankestyrelsen" in letter.body
        assert letter.body.count("Sådan klager du") == 1
        assert "Er du ikke enig i afgørelsen, kan du klage." not in letter.body


def test_a_grant_letter_names_the_offer_the_sessions_the_goals_and_the_law(app: Flask) -> None:
    profile = load("norddjurs")
    tv2 = profile.offer("tv2")
    letter = letters.grant(case(), profile, tv2, 24, "Klare trapperne.", datetime(2026, 3, 2, 14, tzinfo=UTC))
    assert letter.subject == "Afgørelse i din sag TR-2026-00042: Du får træning"
    assert "Du får tilbuddet Vedligeholdende træning 2 (TV2)." in letter.body
    assert "Du får 24 træningsgange." in letter.body
    assert "Målene for din træning: Klare trapperne." in letter.body
    assert "Afgørelsen bygger på serviceloven § 86, stk. 2." in letter.body
    assert letters.grant(case(), profile, tv2, 1, "x", datetime(2026, 3, 2, tzinfo=UTC)).body.count(
        "Du får 1 træningsgang."
    )


def test_a_referral_is_called_a_referral(app: Flask) -> None:
    letter = letters.acknowledgement(case(source=ApplicationSource.GP), load("hjorring"))
    assert "Vi har fået henvisningen til træning fra din læge. Vi er gået i gang med den." in letter.body
    assert "Vi kontakter dig, når vi ved mere." in letter.body  # nothing dated is left to promise


@pytest.mark.parametrize("municipality", ["rodovre"])
def test_rodovres_days_are_given_in_both_readings(app: Flask) -> None:
    # Rødovre says "5 dage" and "14 dage" without saying which days: Maundy Thursday 2026 shows the difference.
    application = factories.application(factories.person("Karen"), datetime(2026, 4, 2, 9, tzinfo=UTC))
    message = services.acknowledge(application, app.config["PROFILE"], datetime(2026, 4, 3, 9, tzinfo=UTC))
    db.session.commit()
    start = application.deadlines["opstart"]
    assert start.ambiguous and start.alternative != start.due
    due, alternative = danish(start.due), danish(start.alternative)
    assert (
        f"Din træning begynder senest {due}. Standarden siger ikke, om weekender og helligdage tæller med. Tæller man "
        f"kun hverdage, er datoen {alternative}."
    ) in message.body
    # Contact was the promise the acknowledgement kept, so it is not promised again.
    assert "Vi kontakter dig senest" not in message.body


def test_a_grant_letter_says_in_words_what_an_offer_code_means(app: Flask) -> None:
    profile = load("norddjurs")
    letter = letters.grant(case(), profile, profile.offer("tus"), 3, "x", datetime(2026, 3, 2, 14, tzinfo=UTC))
    paragraphs = letter.body.split("\n\n")
    offer = paragraphs.index("Du får tilbuddet Terapeutisk undersøgelse og vurdering (TUS).")
    assert paragraphs[offer + 1] == "En terapeut undersøger dig. Så finder vi ud af, hvilken træning du har brug for."


def test_a_grant_letter_says_once_that_you_can_complain_and_then_how(app: Flask) -> None:
    profile = load("norddjurs")
    letter = letters.grant(case(), profile, profile.offer("tg1"), 3, "x", datetime(2026, 3, 2, 14, tzinfo=UTC))
    assert "Er du ikke enig i afgørelsen" not in letter.body
    assert letter.body.count("Sådan klager du") == 1


def test_the_talk_letter_says_what_an_assessment_talk_is(app: Flask) -> None:
    letter = letters.assessment_talk(case(), load("hjorring"), datetime(2026, 6, 17, 8, 30, tzinfo=UTC), "Centret")
    assert (
        "Vi har booket en visitationssamtale med dig onsdag den 17. juni 2026 kl. 10.30. Det er en samtale om din "
        "træning." in letter.body
    )


def test_a_letter_ends_with_the_greeting_and_the_sender_on_lines_of_their_own(app: Flask) -> None:
    letter = letters.acknowledgement(case(), load("norddjurs"))
    assert letter.body.endswith("\n\nVenlig hilsen\nSundhed og Træning\nNorddjurs Kommune")


@pytest.mark.parametrize(
    ("slug", "ask"),
    [
        (
            "norddjurs",
            "Har du spørgsmål? Så ring til os på 89 59 30 11. Vores telefontid: Alle hverdage kl. 8.00-9.00.",
        ),
        (
            "naestved",
            "Har du spørgsmål? Så kontakt Center for Sundhed og Ældre, Myndighed, Rådmandshaven 20, 4700 Næstved.",
        ),
    ],
)
def test_a_letter_says_call_us_where_the_profile_gives_a_phone_number(app: Flask, slug: str, ask: str) -> None:
    assert ask in letters.acknowledgement(case(), load(slug)).body.split("\n\n")
