"""Our own stylesheets parse: one missing brace silently turns every later rule into a nested rule browsers drop."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parent.parent / "portal" / "static" / "css"


@pytest.mark.parametrize("sheet", sorted(path.name for path in CSS.glob("*.css")))
def test_no_rule_opens_inside_another_rule(sheet: str) -> None:
    text = re.sub(r"/\*.*?\*/", "", (CSS / sheet).read_text(encoding="utf-8"), flags=re.S)
    # Each open block: "@" for @media, @page and the like, which may hold rules; "rule" for a plain rule.
    open_blocks: list[str] = []
    selector = ""
    for character in text:
        if character == "{":
            kind = "@" if selector.strip().startswith("@") else "rule"
            # @page's margin boxes (@bottom-right) sit inside @page; a plain rule never sits inside a rule.
            assert not (kind == "rule" and open_blocks and open_blocks[-1] == "rule"), (sheet, selector.strip())
            open_blocks.append(kind)
            selector = ""
        elif character == "}":
            assert open_blocks, (sheet, "a } without its {")
            open_blocks.pop()
            selector = ""
        elif character == ";":
            selector = ""
        else:
            selector += character
    assert open_blocks == [], sheet
