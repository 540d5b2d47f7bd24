"""Rewrites the vendored DKFDS stylesheet so each IBM Plex Sans face is served as IBM's own split files.

DKFDS points each weight at the "complete" woff2 file (some 57 KB, every script IBM Plex covers). The same package
ships IBM's split files per script (Latin1, Latin2, Latin3, Pi, Cyrillic, Greek), which are IBM's own releases, not
modified fonts. Each face becomes one @font-face per split file with the `unicode-range` of the characters that file
holds (read from its character map), so a browser fetches only the files a page's text needs: a Danish page needs
only Latin1 (some 17 KB a weight). Latin1 is declared last, so it wins where two files share a character.

vendor-dkfds.sh runs this after dkfds_woff2_only.py, with the folder of the split woff2 files it copied.
It needs fontTools (the PDFs' WeasyPrint brings it): .venv/bin/python scripts/dkfds_split_fonts.py CSS FOLDER
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

COMPLETE = re.compile(
    r"url\(\.\./fonts/IBMPlexSans/complete/woff2/IBMPlexSans-([A-Za-z]+)\.woff2\)\s*format\([\"']woff2[\"']\)"
)
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")
# Latin1 last: of two faces whose ranges share a character, the one declared last is used.
SCRIPTS = ("Cyrillic", "Greek", "Pi", "Latin3", "Latin2", "Latin1")
SPLIT_URL = "../fonts/IBMPlexSans/split/woff2/IBMPlexSans-{style}-{script}.woff2"


def unicode_range(path: Path) -> str:
    """The characters a font file maps, as CSS unicode-range (U+20-7E,U+A0-FF,...)."""
    from fontTools.ttLib import TTFont

    with TTFont(path) as font:
        points = sorted(font.getBestCmap())
    spans: list[tuple[int, int]] = []
    for point in points:
        if spans and point == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], point)
        else:
            spans.append((point, point))
    return ",".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in spans)


def split_faces(css: str, folder: Path) -> str:
    def one_face(face: re.Match[str]) -> str:
        found = COMPLETE.search(face.group(0))
        if found is None:
            return face.group(0)
        style = found.group(1)
        faces = []
        for script in SCRIPTS:
            file = folder / f"IBMPlexSans-{style}-{script}.woff2"
            if not file.is_file():
                continue
            url = SPLIT_URL.format(style=style, script=script)
            body = face.group(0)[: found.start()] + f'url({url}) format("woff2")' + face.group(0)[found.end() :]
            faces.append(body[:-1] + f";unicode-range:{unicode_range(file)}}}")
        return "".join(faces) or face.group(0)

    return FONT_FACE.sub(one_face, css)


def main() -> None:
    path, folder = Path(sys.argv[1]), Path(sys.argv[2])
    path.write_text(split_faces(path.read_text(encoding="utf-8"), folder), encoding="utf-8")


if __name__ == "__main__":
    main()
