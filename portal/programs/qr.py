"""QR codes for the printed program, made here with segno: nothing is fetched from anywhere to draw them.

The print view gets each code as inline SVG (sharp at any size, no extra request), the PDF as a PNG data: URI, since
WeasyPrint is never pointed at a URL. Both carry the same address, which the sheet also prints in letters.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno
from flask import url_for
from markupsafe import Markup, escape

# The quiet zone around a code, in modules: the standard's four, so any phone camera finds it.
BORDER = 4


@dataclass(frozen=True)
class ExerciseCode:
    url: str
    svg: Markup
    png: str


def code_for(token: str, label: str) -> ExerciseCode:
    """The code that opens the exercise's public page; `label` names it for screen readers."""
    url = url_for("exercise_page.show", token=token, _external=True)
    code = segno.make(url, error="m")
    svg = code.svg_inline(scale=1, border=BORDER, omitsize=True, svgclass="exercise-qr-code", lineclass=None)
    # segno's own output holds only our address, which is escaped for the attribute we add.
    labelled = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1)
    return ExerciseCode(url=url, svg=Markup(labelled), png=code.png_data_uri(scale=8, border=BORDER))  # noqa: S704


def codes_for(tokens: dict[int, str], label: str) -> dict[int, ExerciseCode]:
    return {item_id: code_for(token, label) for item_id, token in tokens.items()}
