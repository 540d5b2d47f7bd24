"""The shipped exercise drawings: inlined into the program PDF (WeasyPrint fetches nothing, so the drawing must be
part of the document itself), and the start position that goes with each."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

DRAWINGS = Path(__file__).resolve().parent.parent / "static" / "exercises"
_PROLOGUE = re.compile(r"^\s*<\?xml[^>]*>\s*")


@lru_cache(maxsize=128)
def _read(name: str) -> str:
    path = (DRAWINGS / name).resolve()
    # Only a file directly in the drawings folder: the name comes from the database.
    if path.parent != DRAWINGS or path.suffix != ".svg" or not path.is_file():
        return ""
    return _PROLOGUE.sub("", path.read_text(encoding="utf-8"))


def inline_svg(name: str | None) -> Markup:
    # Our own shipped drawings, read from the package's static folder, never text from a user.
    return Markup(_read(name)) if name else Markup("")  # noqa: S704


@lru_cache(maxsize=256)
def start_drawing(name: str | None) -> str | None:
    """The start position that goes with a shipped drawing (`<slug>.svg` shows the end position, `<slug>-start.svg`
    where the movement begins), or None where the library has only the one."""
    if not name or not name.endswith(".svg"):
        return None
    start = name.removesuffix(".svg") + "-start.svg"
    return start if _read(start) else None
