"""The flow of "Kan jeg få træning?": which question follows which answer, and where each path ends.

One question per page. The answers live in the server-side session under one key, so they survive the
back link and a page reload without JavaScript; nothing is written to the database.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass

SESSION_KEY = "eligibility_check"

# Where a path ends. The values are the last part of the result page's address, never a question's.
APPLY = "du-kan-soege"
PLAN = "du-skal-ikke-soege"
ELSEWHERE = "andre-tilbud"
CONTACT = "kontakt-os"
RESULTS = (APPLY, PLAN, ELSEWHERE, CONTACT)

YES, NO, DONT_KNOW = "ja", "nej", "ved-ikke"


@dataclass(frozen=True)
class Question:
    slug: str
    # answer -> the next question's slug, or one of RESULTS
    next: Mapping[str, str]


# The plan comes first: with a genoptræningsplan nobody needs to apply, whatever else is true.
QUESTIONS = (
    Question("genoptraeningsplan", {YES: PLAN, NO: "hverdag", DONT_KNOW: CONTACT}),
    Question("hverdag", {YES: "vederlagsfri-fysioterapi", NO: ELSEWHERE}),
    Question("vederlagsfri-fysioterapi", {YES: ELSEWHERE, NO: "egen-traening"}),
    Question("egen-traening", {YES: ELSEWHERE, NO: APPLY}),
)
BY_SLUG = {question.slug: question for question in QUESTIONS}
FIRST = QUESTIONS[0].slug


def is_result(step: str) -> bool:
    return step in RESULTS


def previous_question(slug: str) -> str | None:
    return next((question.slug for question in QUESTIONS if slug in question.next.values()), None)


def answers(session: Mapping[str, object]) -> dict[str, str]:
    stored = session.get(SESSION_KEY)
    return dict(stored) if isinstance(stored, dict) else {}


def remember(session: MutableMapping[str, object], slug: str, answer: str) -> None:
    # A new dict, so the session notices the change; "last" is the question a result page goes back to.
    session[SESSION_KEY] = {**answers(session), slug: answer, "last": slug}


def last_question(session: Mapping[str, object]) -> str | None:
    last = answers(session).get("last")
    return last if last in BY_SLUG else None
