"""What the citizen reads from the builder is plain Danish: the preview and the message at the issue."""

from __future__ import annotations

import sqlalchemy as sa
from flask.testing import FlaskClient

from portal.exercises.services import load_library
from portal.extensions import db
from portal.models import EndNote, Exercise, Message
from portal.programs import builder as services
from portal.standard.lix import lix, page_lix
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.program_builder.helpers import karens_course, program_with

LIMIT = 35


def test_the_preview_and_the_message_are_plain_danish(client: FlaskClient, client_request: ClientRequest) -> None:
    load_library()
    course = karens_course()
    exercises = db.session.scalars(sa.select(Exercise).order_by(Exercise.id).limit(3)).all()
    program = program_with(course, *exercises)
    therapist = factories.therapist_account()
    services.set_introduction(program, "Træn lidt hver dag. Så holder du fast i det, du har nået.")
    services.save_end_note(
        course, "Du går nu til Brugsen med stok.", "Træn videre hjemme. Prøv holdtræning.", therapist.id
    )
    db.session.commit()
    log_in(client, "therapist")
    preview = client_request.get_response("program_builder.preview", course_id=course.id).get_data(as_text=True)
    services.issue(course, program, db.session.scalar(sa.select(EndNote)))
    message = db.session.scalar(sa.select(Message))
    assert page_lix(preview) <= LIMIT
    assert lix(message.body) <= LIMIT
