"""Rewrites the vendored DKFDS stylesheet so each @font-face asks only for its woff2 file.

DKFDS lists eot, woff and ttf fallbacks beside woff2, and for the regular weight puts them first. We vendor only
the woff2 files (every browser we support reads them), so a browser trying the list in order fetched fallbacks
that are not there and got a 404 on every page. vendor-dkfds.sh runs this after each refresh.

Usage: python3 scripts/dkfds_woff2_only.py path/to/dkfds-borgerdk.min.css
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
SOURCE_LIST = re.compile(r"src:([^;}]*)")
WOFF2 = re.compile(r"url\([^)]*\.woff2\)\s*format\([\"']woff2[\"']\)")


def woff2_only(css: str) -> str:
    def one_face(face: re.Match[str]) -> str:
        def sources(found: re.Match[str]) -> str:
            woff2 = WOFF2.search(found.group(1))
            # A face without a woff2 file (e.g. local() system fonts) is left as it is.
            return f"src:{woff2.group(0)}" if woff2 else found.group(0)

        return SOURCE_LIST.sub(sources, face.group(0))

    return FONT_FACE.sub(one_face, css)


def main() -> None:
    path = Path(sys.argv[1])
    path.write_text(woff2_only(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
