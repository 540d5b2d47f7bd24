"""Lists catalogue entries that still need a translation; exits 1 if there are any."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.translations_check import missing_translations

if __name__ == "__main__":
    missing = missing_translations()
    for language, ids in missing.items():
        for msgid in ids:
            print(f"{language}: {msgid}")
    sys.exit(1 if any(missing.values()) else 0)
