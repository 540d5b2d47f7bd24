"""What the course list and the staff console both show: the therapist's "Nye afbud"."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from portal.access_log import services as access_log
from portal.models import Role
from portal.sessions import notices
from portal.staff.courses.forms import SeenForm


def new_cancellations() -> dict[str, Any]:
    """The therapist's "Nye afbud", for the course list and the console."""
    if not current_user.has_role(Role.THERAPIST):
        return {"new": None}
    new = notices.new_cancellations(current_user.account_id)
    access_log.record_reads(current_user, [notice.person_id for notice in new.notices], "staff")
    return {"new": new, "seen_form": SeenForm()}
