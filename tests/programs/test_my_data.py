"""Hent mine data (HTML): the programs, the training log and the end notes are in the download."""

from __future__ import annotations

from flask.testing import FlaskClient

from portal.clock import today
from portal.database import utcnow
from portal.extensions import db
from portal.models import EndNote, TrainingLogEntry
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in


def test_the_html_download_holds_programs_training_days_and_end_notes(
    client: FlaskClient, client_request: ClientRequest
) -> None:
    karen = factories.person_for("citizen")
    program = factories.a_program(karen, exercises=[factories.exercise("Tåhævning")], reminder_weekdays="0,3")
    db.session.add(
        TrainingLogEntry(
            program_id=program.id, day=today(), effort=6, pain=2, note="Gik fint", items=list(program.items)
        )
    )
    db.session.add(
        EndNote(
            course_id=program.course_id,
            author_account_id=program.author_account_id,
            goals_reached="Karen går til Brugsen uden stok.",
            recommendation="Fortsæt med programmet.",
            issued_at=utcnow(),
        )
    )
    db.session.commit()
    log_in(client, "citizen")
    page = " ".join(client_request.get_response("my_data.download", fmt="html").get_data(as_text=True).split())
    for expected in (
        "Træningsprogrammer",
        "Tåhævning",
        "Påmindelser: Mandag, Torsdag",
        "Gik fint",
        "Karen går til Brugsen uden stok.",
        "Fortsæt med programmet.",
    ):
        assert expected in page, expected
