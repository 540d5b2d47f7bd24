"""LIX on texts counted by hand, and the text of a page as the gate and the staff note read it."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.standard.lix import Readability, is_long, lix, main_text, readability, sentences, words

# Serviceloven § 86, stk. 1, as the seeds quote it: 20 words, 1 sentence, 9 words longer than 6 letters
# (kommunalbestyrelsen, tilbyde, genoptræning, afhjælpning, funktionsnedsættelse, forårsaget, behandles,
# tilknytning, sygehusindlæggelse). LIX = 20 / 1 + 100 * 9 / 20 = 65.
LAW = (
    "Kommunalbestyrelsen skal tilbyde genoptræning til afhjælpning af fysisk funktionsnedsættelse forårsaget af "
    "sygdom, der ikke behandles i tilknytning til en sygehusindlæggelse."
)
# The portal's own words for the same: 36 words, 3 sentences, 2 long (svækket, indlagt).
# LIX = 36 / 3 + 100 * 2 / 36 = 17.56.
PLAIN = (
    "Det er for dig, som er blevet svækket af en sygdom, og som ikke har været indlagt for den. "
    "Målet er, at du kan det samme som før. Eller så meget af det, som du kan."
)


def test_a_short_easy_text() -> None:
    assert readability("Jeg har en hund. Den hedder Fido.") == Readability(words=7, sentences=2, long_words=0)
    assert lix("Jeg har en hund. Den hedder Fido.") == pytest.approx(3.5)


def test_the_law_as_quoted_in_the_seeds_scores_65() -> None:
    assert readability(LAW) == Readability(words=20, sentences=1, long_words=9)
    assert lix(LAW) == pytest.approx(65.0)


def test_the_same_rule_in_plain_danish_scores_under_20() -> None:
    assert readability(PLAIN) == Readability(words=36, sentences=3, long_words=2)
    assert lix(PLAIN) == pytest.approx(36 / 3 + 200 / 36)


@pytest.mark.parametrize(
    ("word", "long"),
    [
        ("træning", True), ("hverdag", True), ("sygdom", False), ("e-mail", False), ("TG1-forløb", True),
        # Digits are not letters: a case number, a time span or a masked CPR number is never long.
        ("2026-00012", False), ("8.00-9.00", False), ("010190-xxxx", False), ("20260315", False),
    ],
)  # fmt: skip
def test_a_long_word_has_more_than_six_letters(word: str, long: bool) -> None:
    assert is_long(word) is long


def test_compounds_with_hyphens_and_numbers_with_points_are_one_word() -> None:
    assert words("Ring kl. 8.00-9.00 på 89 59 30 11 om TG1-forløb, e-mail og § 140.") == [
        "Ring", "kl", "8.00-9.00", "på", "89", "59", "30", "11", "om", "TG1-forløb", "e-mail", "og", "140",
    ]  # fmt: skip


def test_sentences_end_at_full_stop_question_exclamation_and_colon() -> None:
    assert sentences("Har du spørgsmål? Ring til os: Vi svarer hurtigt! Tak.") == [
        "Har du spørgsmål?",
        "Ring til os:",
        "Vi svarer hurtigt!",
        "Tak.",
    ]


def test_abbreviations_and_times_do_not_end_a_sentence() -> None:
    assert sentences("Ring kl. 8.00 til os. Vi taler evt. med din læge. Fx om TG2.") == [
        "Ring kl. 8.00 til os.",
        "Vi taler evt. med din læge.",
        "Fx om TG2.",
    ]


def test_each_line_is_a_block_that_ends_a_sentence() -> None:
    assert sentences("Sådan melder du afbud\nRing til os\n\nSkriv til os.") == [
        "Sådan melder du afbud",
        "Ring til os",
        "Skriv til os.",
    ]


def test_signs_are_not_words_and_a_text_without_words_scores_nothing() -> None:
    assert lix("") == 0.0
    assert readability("§ – 12:") == Readability(words=1, sentences=1, long_words=0)


PAGE = """<!doctype html><html><head><title>Ikke med</title><script>var x = "ikke med";</script></head>
<body><header><p>Heller ikke med</p></header>
<main id="main-content">
  <h1>Det kan du forvente af os</h1>
  <p>Du får et brev. Det sker
     inden for <strong>3 hverdage</strong>.</p>
  <ul><li>Første punkt</li><li>Andet punkt<br>på to linjer</li></ul>
  <svg><use href="#x"/></svg>
  <p class="lix-note" data-lix-skip>Til medarbejdere: LIX 20.</p>
  <nav aria-label="Om træning"><ul><li><a href="/">Navigation tæller ikke med</a></li></ul></nav>
  <button>Ja<span class="sr-only"> siden var nyttig</span></button>
</main>
<footer><p>Sidefod</p></footer></body></html>"""


def test_the_main_text_has_one_block_per_line_without_navigation_and_staff_notes() -> None:
    assert main_text(PAGE).splitlines() == [
        "Det kan du forvente af os",
        "Du får et brev. Det sker inden for 3 hverdage.",
        "Første punkt",
        "Andet punkt",
        "på to linjer",
        "Ja siden var nyttig",
    ]


def test_the_main_text_has_the_same_words_as_the_browser_shows_in_main() -> None:
    soup = BeautifulSoup(PAGE, "html.parser")
    main = soup.main
    for skipped in main.select("nav, [data-lix-skip]"):
        skipped.decompose()
    assert words(main_text(PAGE)) == words(main.get_text(" "))


@pytest.mark.parametrize(
    "block",
    [
        "<table><caption>Tider</caption><tr><th>Dag</th><td>{}</td></tr></table>",
        "<ul><li>Dag</li><li>{}</li></ul>",
        "<label for='x'>Dag</label><input id='x'><span>{}</span>",
        "<fieldset><legend>Dag</legend>{}</fieldset>",
        "<button>Dag</button>{}",
        "<details><summary>Dag</summary>{}</details>",
        "<dl><dt>Dag</dt><dd>{}</dd></dl>",
        "<figure><img alt=''>Dag</figure>{}",
        "<pre>Dag</pre>{}",
        "<select><option>Dag</option></select>{}",
    ],
)
def test_the_end_of_each_kind_of_block_ends_a_sentence(block: str) -> None:
    text = main_text(f"<main>{block.format('Mandag')}</main>")
    assert sentences(text)[-2:] == ["Dag", "Mandag"]
