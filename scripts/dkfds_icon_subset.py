"""Writes the icon sprite the pages load: only the DKFDS symbols the templates use, out of the 151 in the package.

The whole sprite is 16 KB compressed on every first visit for a handful of icons. The names are read from the
templates (`icon("lock")`) and from the alert kinds (`components/alerts.html`), so a new icon in a template is in the
next sprite; a test fails when the sprite in the tree is not the one this script writes.

Usage: python scripts/dkfds_icon_subset.py [FULL_SPRITE] [OUT]   (defaults: the vendored sprite, portal-icons.svg)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "portal" / "templates"
FULL = ROOT / "portal" / "static" / "dkfds" / "img" / "all-svg-icons.svg"
OUT = ROOT / "portal" / "static" / "dkfds" / "img" / "portal-icons.svg"

ICON_CALL = re.compile(r"""\bicon\(\s*["']([a-z0-9-]+)["']""")
ALERT_KINDS = re.compile(r"""set labels = \{([^}]*)\}""")
SYMBOL = re.compile(r"""<symbol\b[^>]*\bid="([^"]+)"[^>]*>.*?</symbol>""", re.DOTALL)
HEAD = '<svg xmlns="http://www.w3.org/2000/svg">'


def used_names(templates: Path = TEMPLATES) -> set[str]:
    names: set[str] = set()
    for template in templates.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        names.update(ICON_CALL.findall(text))
        for labels in ALERT_KINDS.findall(text):
            names.update(re.findall(r'"([a-z]+)":', labels))
    return names


def subset(full_sprite: str, names: set[str]) -> str:
    symbols = {match.group(1): match.group(0) for match in SYMBOL.finditer(full_sprite)}
    missing = sorted(names - set(symbols))
    if missing:
        raise SystemExit(f"the templates use icons the DKFDS sprite lacks: {', '.join(missing)}")
    return HEAD + "".join(symbols[name] for name in sorted(names)) + "</svg>\n"


def main(argv: list[str]) -> int:
    full = Path(argv[1]) if len(argv) > 1 else FULL
    out = Path(argv[2]) if len(argv) > 2 else OUT
    out.write_text(subset(full.read_text(encoding="utf-8"), used_names()), encoding="utf-8")
    print(f"{out.name}: {len(used_names())} icons")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
