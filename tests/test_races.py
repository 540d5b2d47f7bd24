"""Two requests making the same thing at once: the database's constraints decide, the loser gets the winner's row.

Each change runs in its own thread, app context and connection, as two requests would. To make the race certain
rather than lucky, the real lookup each service does first is wrapped so that every thread waits, after looking
and finding nothing, until all have looked; only then do they write. The wrapped function still runs as it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from portal import cpr, people
from portal.applications import services as applications
from portal.auth.broker import Assurance
from portal.auth.user import SessionUser
from portal.clock import today
from portal.delegations import services as delegations
from portal.extensions import db
from portal.models import (
    Application,
    ApplicationSource,
    ApplicationStatus,
    CalendarFeed,
    Delegation,
    Person,
    Role,
    Scope,
)
from portal.referrals import services as referrals
from portal.sessions import feeds
from tests import conftest, factories

NEW_CPR = "0102031234"


def wait_after_first_call(monkeypatch: pytest.MonkeyPatch, module: Any, name: str, barrier: threading.Barrier) -> None:
    """Each thread's first call of module.name returns only when every thread has made it."""
    real = getattr(module, name)
    waited = threading.local()

    def first_call_waits(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait()
        return result

    monkeypatch.setattr(module, name, first_call_waits)


def at_once(app: Flask, barrier: threading.Barrier, change: Callable[[], Any]) -> list[Any]:
    """Runs `change` in as many threads as the barrier has parties, each committing its own work."""
    results: dict[int, Any] = {}
    errors: list[BaseException] = []

    def worker(number: int) -> None:
        try:
            with app.app_context():
                results[number] = change()
                db.session.commit()
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(barrier.parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return [results[n] for n in range(barrier.parties)]


def count(model: Any, *where: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def only_on_postgresql(test_database: conftest.TestDatabase) -> None:
    # SQLite lets one writer in at a time, so there the second writer waits and never races.
    if test_database.backend != "postgresql":
        pytest.skip("SQLite has one writer at a time; this race is PostgreSQL's (set TEST_DATABASE_URL)")


def test_two_requests_meeting_a_new_cpr_number_make_one_person(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    barrier = threading.Barrier(2, timeout=30)
    wait_after_first_call(monkeypatch, people, "find_by_cpr", barrier)

    made = at_once(app, barrier, lambda: people.find_or_create(NEW_CPR, "Ny", "Person").id)

    assert made[0] == made[1]
    assert count(Person, Person.cpr_hash == cpr.lookup_hash(NEW_CPR)) == 1


def test_two_starts_of_an_application_at_once_make_one_draft(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    karen = factories.person_for("citizen")
    account_id = factories.account_for(karen).id
    karen_id = karen.id
    db.session.commit()
    barrier = threading.Barrier(2, timeout=30)
    wait_after_first_call(monkeypatch, applications, "draft_for", barrier)

    made = at_once(
        app, barrier, lambda: applications.start_draft(karen_id, ApplicationSource.CITIZEN, account_id, None).id
    )

    assert made[0] == made[1]
    assert count(Application, Application.person_id == karen_id, Application.status == ApplicationStatus.DRAFT) == 1


def test_the_database_refuses_a_second_draft_of_one_person(app: Flask) -> None:
    karen = factories.person_for("citizen")
    account_id = factories.account_for(karen).id
    applications.start_draft(karen.id, ApplicationSource.CITIZEN, account_id, None)
    second = Application(
        person_id=karen.id,
        source=ApplicationSource.CITIZEN,
        status=ApplicationStatus.DRAFT,
        created_by_account_id=account_id,
        answers={},
    )
    db.session.add(second)
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_a_referral_is_sent_beside_the_citizens_own_draft(app: Flask) -> None:
    karen = factories.person_for("citizen")
    draft = applications.start_draft(karen.id, ApplicationSource.CITIZEN, factories.account_for(karen).id, None)
    gp = factories.gp_account()
    doctor = SessionUser(gp.id, gp.display_name, frozenset({Role.GP}), "gp", Assurance.SUBSTANTIAL, None, "Klinik")
    form = referrals.draft_from("token", "1503441236", "Karen Testesen", {"reason": "x", "diagnosis": "y"})
    sent = referrals.send(doctor, form, app.config["PROFILE"])
    db.session.commit()
    assert (draft.status, sent.status) == (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)
    assert sent.person_id == karen.id


def test_two_calendar_links_made_at_once_leave_one_live_link(
    app: Flask, test_database: conftest.TestDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_on_postgresql(test_database)
    karen_id = factories.person_for("citizen").id
    db.session.commit()
    barrier = threading.Barrier(2, timeout=30)
    wait_after_first_call(monkeypatch, feeds, "revoke", barrier)

    made = at_once(app, barrier, lambda: feeds.create(karen_id, karen_id)[1])

    assert made[0] == made[1]  # the loser hands back the winner's link
    live = (CalendarFeed.holder_person_id == karen_id, CalendarFeed.revoked_at.is_(None))
    assert count(CalendarFeed, *live) == 1


def test_the_database_refuses_a_second_live_calendar_link(app: Flask) -> None:
    karen = factories.person_for("citizen")
    feeds.create(karen.id, karen.id)
    db.session.add(
        CalendarFeed(person_id=karen.id, holder_person_id=karen.id, token_hash="x" * 64, token_encrypted="x")
    )
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_two_fuldmagt_offers_to_one_new_cpr_number_at_once_make_one(app: Flask) -> None:
    karen = factories.person_for("citizen")
    account = factories.account_for(karen)
    roles = frozenset({Role.CITIZEN})
    user = SessionUser(account.id, "Karen Testesen", roles, "citizen", Assurance.SUBSTANTIAL, karen.id)
    karen_id = karen.id
    db.session.commit()
    barrier = threading.Barrier(2, timeout=30)

    def offer() -> str:
        citizen = db.session.get(Person, karen_id)
        barrier.wait()
        try:
            delegations.grant(user, citizen, NEW_CPR, "Ny Person", [Scope.SEE], None, today())
        except delegations.GrantRefused:
            return "refused"
        return "offered"

    assert sorted(at_once(app, barrier, offer)) == ["offered", "refused"]
    assert count(Delegation, Delegation.grantor_person_id == karen_id) == 1
    assert count(Person, Person.cpr_hash == cpr.lookup_hash(NEW_CPR)) == 0
