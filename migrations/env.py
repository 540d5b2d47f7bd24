"""Alembic environment: runs against the connection the portal hands over, or a URL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

import portal.models  # noqa: F401  (registers every table on the metadata)
from portal.database import Base

config = context.config
target_metadata = Base.metadata


def run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run(conn)
