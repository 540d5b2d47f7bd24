"""Where the benchmark's database, portal, ceiling and login provider live, and the environment the portal runs in.

The load-sized database is `bench` (`bench_x2` for twice the data, and so on), never the test database. It
remembers what the generator made in its PostgreSQL comment: the scale, when, which rows the personas use, and the
keys its CPR numbers are encrypted and hashed with. The people are fictitious and the keys open nothing else, so
they live with the data, and any checkout can reuse the database.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
HOST = "127.0.0.1"
PORTAL_PORT = int(os.environ.get("BENCH_PORTAL_PORT", "5180"))
CEILING_PORT = int(os.environ.get("BENCH_CEILING_PORT", "5181"))
IDP_PORT = int(os.environ.get("BENCH_IDP_PORT", "5182"))
IDP_URL = f"http://{HOST}:{IDP_PORT}"
MUNICIPALITY = "norddjurs"
# Bumped when the generator makes different data, so an older database is filled again rather than reused.
GENERATOR_VERSION = 3


def database_url(scale: int = 1) -> str:
    """BENCH_DATABASE_URL, or `bench` on the local server (`bench_x2` for scale 2)."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    name = "bench" if scale == 1 else f"bench_x{scale}"
    return f"{SERVER}/{name}"


def check_bench_name(url: str | URL) -> str:
    """The database name, refused unless it is a bench database: the generator drops and fills it."""
    name = make_url(url).database or ""
    if not name.startswith("bench"):
        raise SystemExit(f"Refusing to fill {name!r}: the benchmark's database names start with 'bench'.")
    return name


@dataclass
class Meta:
    """What the generator wrote into the database's comment."""

    version: int
    scale: int
    generated_at: str
    cpr_encryption_key: str
    cpr_hash_key: str
    personas: dict[str, int]
    counts: dict[str, int]

    def to_json(self) -> str:
        return json.dumps(self.__dict__, sort_keys=True)


def _admin(url: str) -> sa.Engine:
    return sa.create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def read_meta(url: str) -> Meta | None:
    """The comment of the bench database, or None if it is missing or was not filled by this generator."""
    name = check_bench_name(url)
    engine = _admin(url)
    try:
        with engine.connect() as connection:
            comment = connection.scalar(
                sa.text("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = :name"),
                {"name": name},
            )
    finally:
        engine.dispose()
    if not comment:
        return None
    try:
        return Meta(**json.loads(comment))
    except (TypeError, ValueError):
        return None


def write_meta(url: str, meta: Meta) -> None:
    name = check_bench_name(url)
    engine = _admin(url)
    try:
        with engine.connect() as connection:
            quoted = connection.dialect.identifier_preparer.quote(name)
            literal = meta.to_json().replace("'", "''")
            connection.exec_driver_sql(f"COMMENT ON DATABASE {quoted} IS '{literal}'")
    finally:
        engine.dispose()


def environment(url: str, meta: Meta) -> dict[str, str]:
    """The portal's environment: production settings, but PORTAL_ENV=bench to log in through the local provider on
    loopback. A new SECRET_KEY each run: sessions do not outlive a run."""
    values: dict[str, Any] = {
        "PORTAL_ENV": "bench",
        "PORTAL_MUNICIPALITY": MUNICIPALITY,
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "CPR_ENCRYPTION_KEY": meta.cpr_encryption_key,
        "CPR_HASH_KEY": meta.cpr_hash_key,
        "TRUSTED_HOSTS": HOST,
        "LOCAL_IDP_URL": IDP_URL,
    }
    from portal.config import DEFAULT_CLIENT_IDS

    for kind, client_id in DEFAULT_CLIENT_IDS.items():
        prefix = f"OIDC_{kind.upper()}_"
        values[prefix + "ISSUER"] = IDP_URL
        values[prefix + "CLIENT_ID"] = client_id
        values[prefix + "CLIENT_SECRET"] = "local-development-secret"
    return {key: str(value) for key, value in values.items()}
