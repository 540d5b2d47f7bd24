"""The vendored DKFDS stylesheet asks only for font files we ship, so no page triggers a 404 for a font."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "portal" / "static" / "dkfds" / "css" / "dkfds-borgerdk.min.css"
VENDOR_SCRIPT = ROOT / "scripts" / "vendor-dkfds.sh"

# The regular weight's @font-face as DKFDS 11.2.0 ships it: eot and woff are tried before woff2.
UPSTREAM_REGULAR = (
    "@font-face{font-display:swap;font-family:IBM Plex Sans;font-style:normal;font-weight:400;"
    "src:url(../fonts/IBMPlexSans/complete/eot/IBMPlexSans-Regular.eot),"
    'url(../fonts/IBMPlexSans/complete/woff/IBMPlexSans-Regular.woff) format("woff"),'
    'url(../fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2) format("woff2"),'
    'url(../fonts/IBMPlexSans/complete/ttf/IBMPlexSans-Regular.ttf) format("truet ype")}'
)


def _rewriter():
    spec = importlib.util.spec_from_file_location("dkfds_woff2_only", ROOT / "scripts" / "dkfds_woff2_only.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.woff2_only


def _font_urls(css: str) -> list[str]:
    faces = re.findall(r"@font-face\{[^}]*\}", css)
    return [url.strip("\"'") for face in faces for url in re.findall(r"url\(([^)]*)\)", face)]


def test_every_font_the_vendored_stylesheet_asks_for_is_shipped() -> None:
    urls = _font_urls(CSS.read_text(encoding="utf-8"))
    # Eight styles, each as IBM's six split files.
    assert len(urls) == 48
    missing = [url for url in urls if not (CSS.parent / url).resolve().is_file()]
    assert missing == []


def test_a_danish_page_needs_only_the_latin1_file_of_each_weight() -> None:
    faces = re.findall(r"@font-face\{[^}]*IBMPlexSans[^}]*\}", CSS.read_text(encoding="utf-8"))
    latin1 = [face for face in faces if "-Latin1.woff2" in face]
    assert len(latin1) == 8
    danish = {ord(c) for c in "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ0123456789 .,:;!?()–“”’§%é"}
    for face in latin1:
        covered = set()
        for part in re.search(r"unicode-range:([^;}]*)", face).group(1).split(","):
            first, _, last = part.removeprefix("U+").partition("-")
            covered |= set(range(int(first, 16), int(last or first, 16) + 1))
        assert danish <= covered
    # Of faces sharing a character, the last declared wins: each style's Latin1 comes after its other files.
    for style in ("Regular", "Bold"):
        order = [face for face in faces if f"IBMPlexSans-{style}-" in face]
        assert "-Latin1.woff2" in order[-1]
    assert all((CSS.parent / url).resolve().stat().st_size < 20_000 for url in _font_urls("".join(latin1)))


def test_the_rewrite_keeps_only_the_woff2_source_of_each_font() -> None:
    rewritten = _rewriter()(UPSTREAM_REGULAR)
    assert _font_urls(rewritten) == ["../fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2"]
    assert rewritten.startswith("@font-face{font-display:swap;font-family:IBM Plex Sans;font-style:normal;")


def test_a_font_face_without_woff2_is_left_alone() -> None:
    system = '@font-face{font-family:system;src:local("Ubuntu Light"),local("Tahoma")}'
    assert _rewriter()(system) == system


def test_refreshing_the_vendored_files_applies_the_rewrite() -> None:
    script = VENDOR_SCRIPT.read_text(encoding="utf-8")
    assert 'scripts/dkfds_woff2_only.py" "$dest/css/dkfds-borgerdk.min.css"' in script
