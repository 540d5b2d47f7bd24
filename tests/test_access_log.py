"""The access log: append-only from the app's side, newest first, paginated."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal.access_log.guard import AppendOnlyError
from portal.access_log.services import PAGE_SIZE
from portal.database import utcnow
from portal.extensions import db
from portal.models import AccessLog
from tests import factories
from tests.conftest import ClientRequest
from tests.oidc_flow import log_in
from tests.paths import path


@pytest.fixture
def entry(app: Flask) -> AccessLog:
    karen = factories.person_for("citizen")
    row = AccessLog(actor_name="Someone", subject_person_id=karen.id, acting_as="staff", action="staff.citizen")
    db.session.add(row)
    db.session.commit()
    return row


def test_a_row_cannot_be_changed(entry: AccessLog) -> None:
    entry.actor_name = "Someone else"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_a_row_cannot_be_deleted(entry: AccessLog) -> None:
    db.session.delete(entry)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_bulk_updates_and_deletes_are_refused(entry: AccessLog) -> None:
    with pytest.raises(AppendOnlyError):
        db.session.execute(sa.update(AccessLog).values(actor_name="x"))
    with pytest.raises(AppendOnlyError):
        db.session.execute(sa.delete(AccessLog))
    db.session.rollback()
    assert db.session.scalar(sa.select(AccessLog.actor_name)) == "Someone"


def test_the_log_reads_newest_first_and_in_pages(app: Flask, client: FlaskClient) -> None:
    karen = factories.person_for("citizen")
    start = utcnow() - timedelta(days=30)
    for number in range(PAGE_SIZE + 5):
        db.session.add(
            AccessLog(
                at=start + timedelta(hours=number),
                actor_name=f"Medarbejder {number:02d}",
                subject_person_id=karen.id,
                acting_as="staff",
                action="staff.citizen",
            )
        )
    db.session.commit()
    log_in(client, "citizen")
    first = ClientRequest(client).get_response("access_log.mine").get_data(as_text=True)
    # Karen's own login is the newest entry; the oldest staff visits are on page 2.
    assert first.index("Loggede ind") < first.index(f"Medarbejder {PAGE_SIZE + 4:02d}")
    assert "Medarbejder 00" not in first
    assert f'href="{path("access_log.mine", side=2)}"' in first
    second = ClientRequest(client).get_response("access_log.mine", side=2).get_data(as_text=True)
    assert "Medarbejder 00" in second
    assert f'href="{path("access_log.mine", side=1)}"' in second
