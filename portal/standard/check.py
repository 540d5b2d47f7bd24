"""The flow of "Kan jeg få træning?": which question follows which answer, and where each path ends.

One question per page. Nothing is kept on the server, not even in a session: an anonymous visitor must leave no
state behind. Each answer decides the next page on its own, so the path itself says which answer led here; the back
link carries that answer in its address (`?svar=nej`), and the form is filled in with it again.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def answer_towards(slug: str, step: str) -> str | None:
    """The answer to question `slug` that leads to `step`, or None when no answer of it does."""
    question = BY_SLUG.get(slug)
    if question is None:
        return None
    return next((answer for answer, target in question.next.items() if target == step), None)
