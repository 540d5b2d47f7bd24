"""The demo follows the local provider's address: loaded with another IDP_PORT, its personas still log in to their
own data, not as strangers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from devtools.idp import LocalIdP, oidc_logins
from portal.demo import DEMO_GP_SUBJECT, DEMO_LOGINS, load_demo_data
from portal.extensions import db
from portal.models import Account
from tests import conftest
from tests.oidc_flow import log_in

ROOT = Path(__file__).resolve().parent.parent
EARLIER_PROVIDER = "http://127.0.0.1:5001"


def load_with_provider_at(app: Flask, test_database: conftest.TestDatabase, idp: LocalIdP, address: str) -> None:
    """`make demo` as it ran with another IDP_PORT: the same database and keys, the portal configured for `address`."""
    keys = {name: app.config[name] for name in ("SECRET_KEY", "CPR_ENCRYPTION_KEY", "CPR_HASH_KEY")}
    earlier = conftest.build_app(test_database, idp, OIDC_LOGINS=oidc_logins(address), **keys)
    with earlier.app_context():
        load_demo_data()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def referral_patients(client: FlaskClient) -> list[str]:
    page = conftest.ClientRequest(client).get("gp.referrals")
    return sorted(link.get_text() for link in page.select("table tbody tr td:first-child a"))


def courses_of(client: FlaskClient) -> list[str]:
    page = conftest.ClientRequest(client).get("staff_sessions.courses")
    return [link.get_text() for link in page.select("table tbody tr td:first-child a")]


def test_loaded_again_under_another_port_lise_and_torben_log_in_to_their_own_data(
    app: Flask, test_database: conftest.TestDatabase, idp: LocalIdP
) -> None:
    load_with_provider_at(app, test_database, idp, EARLIER_PROVIDER)
    load_demo_data()
    db.session.commit()
    lise, torben = app.test_client(), app.test_client()
    log_in(lise, "gp")
    log_in(torben, "therapist")
    assert referral_patients(lise) == ["Hans Henvisen", "Karen Testesen"]
    assert sorted(courses_of(torben)) == ["Bent Prøvesen", "Inge Ventesen", "Karen Testesen"]
    issuers = {account.issuer for account in db.session.scalars(sa.select(Account))}
    assert issuers == {idp.url}


def test_a_login_made_at_the_new_port_before_the_reload_gives_way_and_is_kept(
    app: Flask, client: FlaskClient, test_database: conftest.TestDatabase, idp: LocalIdP
) -> None:
    load_with_provider_at(app, test_database, idp, EARLIER_PROVIDER)
    # As it went before the fix: Lise logged in at the new port and met an empty list as a stranger.
    log_in(client, "gp")
    assert referral_patients(client) == []
    load_demo_data()
    db.session.commit()
    again = app.test_client()
    log_in(again, "gp")
    assert referral_patients(again) == ["Hans Henvisen", "Karen Testesen"]
    # Nothing is deleted: the stranger's account now sits under the old address.
    accounts = db.session.scalars(sa.select(Account).where(Account.subject == DEMO_GP_SUBJECT)).all()
    assert sorted(account.issuer for account in accounts) == sorted([idp.url, EARLIER_PROVIDER])


def test_moving_back_to_the_first_port_keeps_working(
    app: Flask, test_database: conftest.TestDatabase, idp: LocalIdP
) -> None:
    load_demo_data()
    db.session.commit()
    load_with_provider_at(app, test_database, idp, EARLIER_PROVIDER)
    load_demo_data()
    db.session.commit()
    staff = app.test_client()
    log_in(staff, "therapist")
    assert sorted(courses_of(staff)) == ["Bent Prøvesen", "Inge Ventesen", "Karen Testesen"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Account)) == len(DEMO_LOGINS)


def test_an_account_under_a_real_provider_is_never_moved(app: Flask, idp: LocalIdP) -> None:
    real = Account(issuer="https://broker.example", subject=DEMO_GP_SUBJECT, display_name="Lise Lægesen")
    db.session.add(real)
    db.session.commit()
    load_demo_data()
    db.session.commit()
    db.session.refresh(real)
    assert real.issuer == "https://broker.example"


def test_make_loads_the_demo_with_the_provider_address_make_run_starts() -> None:
    planned = subprocess.run(  # noqa: S603 (a fixed command line, no input)
        [shutil.which("make") or "/usr/bin/make", "--no-print-directory", "-n", "demo", "run", "IDP_PORT=5201"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"^LOCAL_IDP_URL=http://127\.0\.0\.1:5201 \S+flask --app portal demo load$", planned, re.M)
    assert "IDP_PORT=5201 scripts/run-demo.sh" in planned
    script = (ROOT / "scripts" / "run-demo.sh").read_text(encoding="utf-8")
    assert 'export LOCAL_IDP_URL="http://$HOST:$IDP_PORT"' in script
    assert '--host "$HOST" --port "$IDP_PORT"' in script
