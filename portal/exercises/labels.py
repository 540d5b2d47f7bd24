from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import BodyArea

AREA_LABELS = {
    BodyArea.LEGS: _l("Legs and hips"),
    BodyArea.BALANCE: _l("Balance"),
    BodyArea.ARMS_SHOULDERS: _l("Arms and shoulders"),
    BodyArea.HANDS: _l("Hands and wrists"),
    BodyArea.NECK_BACK: _l("Neck and back"),
    BodyArea.WHOLE_BODY: _l("Whole body and stamina"),
    BodyArea.BREATHING: _l("Breathing"),
}

LEVEL_LABELS = {
    1: _l("Level 1: easy"),
    2: _l("Level 2: medium"),
    3: _l("Level 3: hard"),
}
