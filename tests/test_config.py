from __future__ import annotations

import pytest
from flask import Flask

from devtools.idp import LocalIdP, oidc_logins
from portal import create_app
from portal.config import BenchConfig, ProductionConfig, config_from_environment
from portal.extensions import db
from portal.migrate import upgrade


def test_production_refuses_to_start_without_its_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SECRET_KEY", "CPR_ENCRYPTION_KEY", "CPR_HASH_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/portal")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig()


def test_production_refuses_to_start_without_a_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("CPR_ENCRYPTION_KEY", "y" * 44)
    monkeypatch.setenv("CPR_HASH_KEY", "z" * 40)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        ProductionConfig()


def production_environment(monkeypatch: pytest.MonkeyPatch, issuer: str = "https://broker.example") -> None:
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("CPR_ENCRYPTION_KEY", "c" * 44)
    monkeypatch.setenv("CPR_HASH_KEY", "h" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://db/portal")
    monkeypatch.setenv("TRUSTED_HOSTS", "traening.kommune.example")
    for kind in ("CITIZEN", "GP", "STAFF"):
        monkeypatch.setenv(f"OIDC_{kind}_ISSUER", issuer)
        monkeypatch.setenv(f"OIDC_{kind}_CLIENT_ID", f"portal-{kind.lower()}")
        monkeypatch.setenv(f"OIDC_{kind}_CLIENT_SECRET", "secret")


def test_production_takes_its_secrets_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    config = ProductionConfig()
    assert config.OIDC_LOGINS["citizen"] == {
        "issuer": "https://broker.example",
        "client_id": "portal-citizen",
        "client_secret": "secret",
    }
    assert config.SECRET_KEY == "s" * 40
    assert config.SESSION_COOKIE_SECURE is True


def test_an_unknown_environment_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_ENV", "staging-ish")
    with pytest.raises(RuntimeError, match="PORTAL_ENV"):
        config_from_environment()


def test_the_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_ENV", "development")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.sqlite")
    assert config_from_environment().SQLALCHEMY_DATABASE_URI == "sqlite:///elsewhere.sqlite"


def test_the_municipality_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("PORTAL_MUNICIPALITY", "rodovre")
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'portal.sqlite'}"})
    with app.app_context():
        upgrade(db.engine)
    assert app.config["PROFILE"].name == "Rødovre Kommune"
    # An app of its own, with no SERVER_NAME to build addresses from outside a request: the front page by address.
    assert "Rødovre Kommune" in app.test_client().get("/").get_data(as_text=True)


def test_an_unknown_municipality_is_refused_with_the_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTAL_MUNICIPALITY", "atlantis")
    with pytest.raises(ValueError, match="norddjurs"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_production_needs_its_login_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    monkeypatch.delenv("OIDC_GP_CLIENT_SECRET")
    with pytest.raises(RuntimeError, match="OIDC_GP_CLIENT_SECRET"):
        ProductionConfig()


@pytest.mark.parametrize("issuer", ["http://127.0.0.1:5001", "http://localhost:5001/", "http://[::1]:5001"])
def test_production_refuses_to_start_against_the_local_test_provider(
    monkeypatch: pytest.MonkeyPatch, issuer: str
) -> None:
    production_environment(monkeypatch, issuer)
    with pytest.raises(RuntimeError, match="local test provider"):
        ProductionConfig()


def test_production_refuses_to_start_without_trusted_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    monkeypatch.setenv("TRUSTED_HOSTS", " ")
    with pytest.raises(RuntimeError, match="TRUSTED_HOSTS"):
        ProductionConfig()


def test_trusted_hosts_and_proxy_hops_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUSTED_HOSTS", "Traening.Kommune.example, .intern.example")
    monkeypatch.setenv("PROXY_HOPS", "2")
    config = config_from_environment()
    assert config.TRUSTED_HOSTS == ["traening.kommune.example", ".intern.example"]
    assert config.PROXY_HOPS == 2


def test_without_the_variables_no_host_is_pinned_and_no_proxy_believed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUSTED_HOSTS", raising=False)
    monkeypatch.delenv("PROXY_HOPS", raising=False)
    config = config_from_environment()
    assert (config.TRUSTED_HOSTS, config.PROXY_HOPS) == (None, 0)


@pytest.mark.parametrize("hops", ["-1", "one", "1.5"])
def test_a_proxy_hop_count_that_is_not_a_count_is_refused(monkeypatch: pytest.MonkeyPatch, hops: str) -> None:
    monkeypatch.setenv("PROXY_HOPS", hops)
    with pytest.raises(RuntimeError, match="PROXY_HOPS"):
        config_from_environment()


def test_the_staff_login_needs_substantial_assurance_unless_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STAFF_ASSURANCE", raising=False)
    assert config_from_environment().STAFF_ASSURANCE == "substantial"
    monkeypatch.setenv("STAFF_ASSURANCE", "High")
    assert config_from_environment().STAFF_ASSURANCE == "high"
    monkeypatch.setenv("STAFF_ASSURANCE", "two-factor")
    with pytest.raises(RuntimeError, match="STAFF_ASSURANCE must be one of low, substantial, high"):
        config_from_environment()


def test_production_refuses_a_staff_login_below_substantial(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    monkeypatch.setenv("STAFF_ASSURANCE", "low")
    with pytest.raises(RuntimeError, match="STAFF_ASSURANCE"):
        ProductionConfig()


def test_production_names_the_session_cookie_for_this_host_only(
    app: Flask, idp: LocalIdP, monkeypatch: pytest.MonkeyPatch
) -> None:
    production_environment(monkeypatch)
    monkeypatch.setenv("PORTAL_ENV", "production")
    portal = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SQLALCHEMY_ENGINE_OPTIONS": app.config["SQLALCHEMY_ENGINE_OPTIONS"],
            "OIDC_LOGINS": oidc_logins(idp.url),
        }
    )
    response = portal.test_client().get("/log-ind/mitid", base_url="https://traening.kommune.example")
    with portal.app_context():
        db.engine.dispose()
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    # The browser keeps a __Host- cookie only when it is Secure, for Path=/ and without a Domain.
    assert cookie.startswith("__Host-portal_session=")
    assert "; Secure" in cookie
    assert "; Path=/" in cookie
    assert "domain=" not in cookie.lower()


def test_the_bench_configuration_is_production_but_logs_in_through_the_local_provider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production_environment(monkeypatch, issuer="http://127.0.0.1:5182")
    with pytest.raises(RuntimeError, match="local test provider"):
        ProductionConfig()
    monkeypatch.setenv("PORTAL_ENV", "bench")
    config = config_from_environment()
    assert isinstance(config, BenchConfig)
    assert config.OIDC_LOGINS["staff"]["issuer"] == "http://127.0.0.1:5182"
    assert (config.SESSION_COOKIE_SECURE, config.SESSION_COOKIE_NAME) == (True, "__Host-portal_session")
    assert config.TRUSTED_HOSTS == ["traening.kommune.example"]


def test_the_bench_configuration_refuses_a_real_login_provider(monkeypatch: pytest.MonkeyPatch) -> None:
    production_environment(monkeypatch)
    with pytest.raises(RuntimeError, match="local test provider only"):
        BenchConfig()
