"""Configuration: one class per environment; secrets come only from the environment.

PORTAL_ENV picks the class (development, test, production). In development and test a missing secret is
generated once and kept under instance/, so restarts keep sessions and encrypted data readable.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"

# The secrets the app cannot run without; production refuses to start if any is missing.
REQUIRED_SECRETS = ("SECRET_KEY", "CPR_ENCRYPTION_KEY", "CPR_HASH_KEY")

# What the rate limits guard (portal/rate_limits.py); each can be set in the environment.
RATE_LIMITS = (
    "RATE_LIMIT_LOGIN",
    "RATE_LIMIT_ANONYMOUS_POST",
    "RATE_LIMIT_CPR_ENTRY",
    "RATE_LIMIT_PDF",
    "RATE_LIMIT_API",
)
DEFAULT_RATE_LIMITS = {
    "RATE_LIMIT_LOGIN": "60 per minute;600 per hour",
    "RATE_LIMIT_ANONYMOUS_POST": "60 per minute;600 per hour",
    "RATE_LIMIT_CPR_ENTRY": "20 per 10 minutes;200 per day",
    "RATE_LIMIT_PDF": "20 per minute;200 per hour",
    # Each case-system client's own count, whatever the address (an integration platform serves many).
    "RATE_LIMIT_API": "600 per minute;20000 per hour",
}

SMTP_SECURITY_CHOICES = ("starttls", "ssl", "none")

# The three login entries: MitID (citizens and relatives), MitID Erhverv (GPs) and the municipality's staff IdP.
LOGIN_KINDS = ("citizen", "gp", "staff")
LOCAL_IDP_URL = "http://127.0.0.1:5001"
DEFAULT_CLIENT_IDS = {
    "citizen": "traeningsportal-borger",
    "gp": "traeningsportal-laege",
    "staff": "traeningsportal-medarbejder",
}
DEFAULT_STAFF_ROLE_VALUES = {"visitator": "visitator", "therapist": "therapist", "admin": "admin", "helper": "helper"}
ASSURANCE_LEVELS = ("low", "substantial", "high")


def _oidc_login(kind: str) -> dict[str, str]:
    """OIDC_<KIND>_ISSUER, _CLIENT_ID and _CLIENT_SECRET; in development all point at the local provider."""
    prefix = f"OIDC_{kind.upper()}_"
    return {
        "issuer": os.environ.get(prefix + "ISSUER", os.environ.get("LOCAL_IDP_URL", LOCAL_IDP_URL)).rstrip("/"),
        "client_id": os.environ.get(prefix + "CLIENT_ID", DEFAULT_CLIENT_IDS[kind]),
        "client_secret": os.environ.get(prefix + "CLIENT_SECRET", "local-development-secret"),
    }


def _trusted_hosts() -> list[str] | None:
    """TRUSTED_HOSTS: the host names the portal answers to, comma-separated; a leading dot allows subdomains."""
    hosts = [host.strip().lower() for host in os.environ.get("TRUSTED_HOSTS", "").split(",") if host.strip()]
    return hosts or None


def _proxy_hops() -> int:
    raw = os.environ.get("PROXY_HOPS", "0").strip() or "0"
    if not raw.isdigit():
        raise RuntimeError(f"PROXY_HOPS must be the number of proxies in front of the portal (0 or more), not {raw!r}")
    return int(raw)


def _staff_assurance() -> str:
    level = os.environ.get("STAFF_ASSURANCE", "substantial").strip().lower()
    if level not in ASSURANCE_LEVELS:
        raise RuntimeError(f"STAFF_ASSURANCE must be one of {', '.join(ASSURANCE_LEVELS)}, not {level!r}")
    return level


def _dev_secret(name: str) -> str:
    """A per-checkout secret kept in instance/, so a dev restart does not lose sessions or data."""
    value = os.environ.get(name)
    if value:
        return value
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / f"{name.lower()}.secret"
    if not path.exists():
        path.write_text(_new_secret(name))
        path.chmod(0o600)
    return path.read_text().strip()


def _new_secret(name: str) -> str:
    if name == "CPR_ENCRYPTION_KEY":
        from cryptography.fernet import Fernet

        return Fernet.generate_key().decode()
    return secrets.token_urlsafe(48)


class Config:
    ENV_NAME = "base"
    BABEL_DEFAULT_LOCALE = "da"
    BABEL_DEFAULT_TIMEZONE = "Europe/Copenhagen"
    LANGUAGES = ("da", "en")
    LANGUAGE_COOKIE = "portal_lang"
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session; the session has its own timeouts
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "portal_session"
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    # How long the API answers a retried POST with the answer it gave (the key's answer is then forgotten).
    API_IDEMPOTENCY_HOURS = 24

    def __init__(self) -> None:
        # Read when the app is made, not when this module is imported, so the environment of the moment counts.
        self.MUNICIPALITY = os.environ.get("PORTAL_MUNICIPALITY", "norddjurs")
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.sqlite'}")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.REDIS_URL = os.environ.get("REDIS_URL")
        self.SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
        self.SESSION_ABSOLUTE_MINUTES = int(os.environ.get("SESSION_ABSOLUTE_MINUTES", str(8 * 60)))
        # A shipped profile by name, or a municipality's own file (which wins when both are set).
        self.BROKER_PROFILE = os.environ.get("BROKER_PROFILE", "nemlogin")
        self.BROKER_PROFILE_FILE = os.environ.get("BROKER_PROFILE_FILE") or None
        # The NSIS level the staff login asks for and refuses less than: staff reach every citizen's data.
        self.STAFF_ASSURANCE = _staff_assurance()
        # Unset (None) answers any Host header; production must name its hosts, or a forged Host would shape
        # the addresses the portal sends to the login provider.
        self.TRUSTED_HOSTS = _trusted_hosts()
        # How many proxies in front of the portal set X-Forwarded-For and -Proto; 0 believes no such header.
        self.PROXY_HOPS = _proxy_hops()
        # The staff IdP's claim that carries roles, and how its values map to the portal's roles.
        self.STAFF_ROLES_CLAIM = os.environ.get("STAFF_ROLES_CLAIM", "roles")
        self.STAFF_ROLE_VALUES = json.loads(os.environ.get("STAFF_ROLE_VALUES", json.dumps(DEFAULT_STAFF_ROLE_VALUES)))
        self.OIDC_LOGINS = {kind: _oidc_login(kind) for kind in LOGIN_KINDS}
        # Outgoing letters: SMTP in production; in demo and tests every channel writes files to a sink folder.
        self.SMTP_HOST = os.environ.get("SMTP_HOST")
        self.SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
        # How the connection to the mail server is encrypted: "starttls", "ssl" (SMTPS), or "none" (development
        # only; production refuses it).
        self.SMTP_SECURITY = os.environ.get("SMTP_SECURITY", "starttls")
        if self.SMTP_SECURITY not in SMTP_SECURITY_CHOICES:
            raise RuntimeError(f"SMTP_SECURITY must be one of {', '.join(SMTP_SECURITY_CHOICES)}.")
        self.SMTP_USERNAME = os.environ.get("SMTP_USERNAME")
        self.SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD")
        self.MAIL_SENDER = os.environ.get("MAIL_SENDER", "traeningsportalen@kommune.example")
        # The portal's own address, for the link in e-mail and SMS notices (they never carry the letter itself).
        self.PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:5000").rstrip("/")
        self.OUTBOX_SINK_DIR = os.environ.get("OUTBOX_SINK_DIR")
        # Rate limits in Flask-Limiter's notation, per account when logged in, else per client address.
        for name in RATE_LIMITS:
            setattr(self, name, os.environ.get(name, DEFAULT_RATE_LIMITS[name]))


class DevelopmentConfig(Config):
    ENV_NAME = "development"

    def __init__(self) -> None:
        super().__init__()
        for name in REQUIRED_SECRETS:
            setattr(self, name, _dev_secret(name))
        self.OUTBOX_SINK_DIR = self.OUTBOX_SINK_DIR or str(INSTANCE_DIR / "outbox")


class TestConfig(Config):
    ENV_NAME = "test"
    TESTING = True

    def __init__(self) -> None:
        from cryptography.fernet import Fernet

        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.SECRET_KEY = secrets.token_urlsafe(32)
        self.CPR_ENCRYPTION_KEY = Fernet.generate_key().decode()
        self.CPR_HASH_KEY = secrets.token_urlsafe(32)
        # The suite logs in hundreds of times a minute from one address; tests of the limits set small ones.
        for name in RATE_LIMITS:
            setattr(self, name, "10000 per minute")


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_SECURE = True
    # The __Host- prefix makes the browser refuse the cookie unless it is Secure, for Path=/ and without a Domain,
    # so no other host under the same domain can plant or overwrite the session cookie.
    SESSION_COOKIE_NAME = "__Host-portal_session"
    SESSION_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    PREFERRED_URL_SCHEME = "https"
    # Whether logins go through the local test provider (devtools/idp.py): never in production; see BenchConfig.
    LOCAL_LOGIN = False

    def __init__(self) -> None:
        super().__init__()
        missing = [name for name in REQUIRED_SECRETS if not os.environ.get(name)]
        if missing:
            raise RuntimeError("Production needs these environment variables: " + ", ".join(missing))
        for name in REQUIRED_SECRETS:
            setattr(self, name, os.environ[name])
        if "DATABASE_URL" not in os.environ:
            raise RuntimeError("Production needs DATABASE_URL (PostgreSQL).")
        if not self.TRUSTED_HOSTS:
            raise RuntimeError("Production needs TRUSTED_HOSTS: the host names the portal answers to, comma-separated.")
        if ASSURANCE_LEVELS.index(self.STAFF_ASSURANCE) < ASSURANCE_LEVELS.index("substantial"):
            raise RuntimeError("Production needs STAFF_ASSURANCE substantial or high: staff see every citizen's data.")
        for kind in LOGIN_KINDS:
            prefix = f"OIDC_{kind.upper()}_"
            missing = [
                prefix + part for part in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET") if not os.environ.get(prefix + part)
            ]
            if missing:
                raise RuntimeError("Production needs these environment variables: " + ", ".join(missing))
            local = _is_local(self.OIDC_LOGINS[kind]["issuer"])
            if local and not self.LOCAL_LOGIN:
                raise RuntimeError(f"Production cannot log in through the local test provider ({prefix}ISSUER).")
            if self.LOCAL_LOGIN and not local:
                raise RuntimeError(
                    f"The bench configuration logs in through the local test provider only ({prefix}ISSUER)."
                )
        if self.SMTP_HOST:
            if self.SMTP_SECURITY == "none":
                raise RuntimeError("Production sends e-mail only encrypted: set SMTP_SECURITY to starttls or ssl.")
            if "PORTAL_URL" not in os.environ:
                raise RuntimeError("Production needs PORTAL_URL for the link in e-mail notices.")


class BenchConfig(ProductionConfig):
    """For `make bench` only: production in every respect but the login, which goes through the local test provider
    on loopback, so the benchmark can log its personas in as a browser would. It refuses any other provider, so it
    cannot be pointed at a real broker; `make run` and deployments never name it."""

    ENV_NAME = "bench"
    LOCAL_LOGIN = True


def _is_local(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host in ("localhost", "::1") or host.startswith("127.") or url.rstrip("/") == LOCAL_IDP_URL


CONFIGS = {
    "development": DevelopmentConfig,
    "test": TestConfig,
    "production": ProductionConfig,
    "bench": BenchConfig,
}


def config_from_environment() -> Config:
    name = os.environ.get("PORTAL_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"PORTAL_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
