"""The icon sprite the pages load holds exactly the DKFDS icons the templates use, as the script writes it."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from tests.conftest import ClientRequest

ROOT = Path(__file__).resolve().parent.parent
IMG = ROOT / "portal" / "static" / "dkfds" / "img"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dkfds_icon_subset", ROOT / "scripts" / "dkfds_icon_subset.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_sprite_in_the_tree_is_the_one_the_script_writes_from_the_templates() -> None:
    script = _script()
    names = script.used_names()
    # The header's icons and the four alert kinds, at least.
    assert {"lock", "language", "chevron-left", "info", "success", "warning", "error"} <= names
    written = script.subset((IMG / "all-svg-icons.svg").read_text(encoding="utf-8"), names)
    assert (IMG / "portal-icons.svg").read_text(encoding="utf-8") == written


def test_every_icon_a_page_asks_for_is_in_the_sprite(app, client) -> None:
    sprite = (IMG / "portal-icons.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol\b[^>]*\bid="([^"]+)"', sprite))
    page = ClientRequest(client).get_response("main.index").get_data(as_text=True)
    asked = re.findall(r'portal-icons\.svg(?:\?v=\w+)?#([a-z0-9-]+)"', page)
    assert asked and set(asked) <= symbols
    assert "all-svg-icons" not in page
