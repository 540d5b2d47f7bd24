"""Which strings the code and templates use that a catalogue does not translate. Used by a test and `make`."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "portal" / "translations"
METHODS = [("portal/**.py", "python"), ("portal/templates/**.html", "jinja2")]
OPTIONS = {"portal/templates/**.html": {"trimmed": "true"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None, "pgettext": ((1, "c"), 2)}


def used_msgids() -> set[str]:
    found: set[str] = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def missing_translations(languages: tuple[str, ...] = ("da", "en")) -> dict[str, list[str]]:
    used = used_msgids()
    missing: dict[str, list[str]] = {}
    for language in languages:
        with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalogue = read_po(handle)
        translated = {
            (m.id[0] if isinstance(m.id, tuple) else m.id)
            for m in catalogue
            if m.id and not m.fuzzy and (all(m.string) if isinstance(m.string, tuple) else m.string)
        }
        missing[language] = sorted(used - translated)
    return missing
