"""`flask --app portal api-clients create|list|rotate|revoke|forget-keys`: the systems that may call the API."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal.api import services
from portal.api.oauth import SCOPES
from portal.extensions import db

api_clients_cli = AppGroup("api-clients", help="Systems that call the case-system API (OAuth 2.0 clients).")


@api_clients_cli.command("create")
@click.option("--name", required=True, help='The name the citizen reads, e.g. "Norddjurs Kommunes omsorgssystem".')
@click.option("--scope", "scopes", multiple=True, type=click.Choice(SCOPES), required=True)
@click.option("--jwks", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Public keys (JWK set).")
@click.option("--client-id", default=None, help="A chosen client id; a random one otherwise.")
def create(name: str, scopes: tuple[str, ...], jwks: Path | None, client_id: str | None) -> None:
    """A new client. Its secret is printed once and kept only as a hash; with --jwks it signs instead (RFC 7523)."""
    keys = json.loads(jwks.read_text()) if jwks else None
    try:
        client, secret = services.create_client(
            name, current_app.config["MUNICIPALITY"], list(scopes), jwks=keys, client_id=client_id
        )
    except services.ClientError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"client_id: {client.client_id}")
    if secret:
        click.echo(f"client_secret: {secret}")


@api_clients_cli.command("list")
def list_clients() -> None:
    for client in services.clients():
        state = "revoked" if client.revoked_at else "active"
        click.echo(f"{client.client_id}\t{state}\t{client.auth_method}\t{client.scopes}\t{client.display_name}")


@api_clients_cli.command("rotate")
@click.argument("client_id")
def rotate(client_id: str) -> None:
    """A new secret; the old one and its tokens stop working."""
    try:
        secret = services.rotate(client_id)
    except services.ClientError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"client_secret: {secret}")


@api_clients_cli.command("revoke")
@click.argument("client_id")
def revoke(client_id: str) -> None:
    try:
        services.revoke(client_id)
    except services.ClientError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"revoked: {client_id}")


@api_clients_cli.command("forget-keys")
def forget_keys() -> None:
    """Deletes the remembered answers to POSTs older than a day (run daily, as with the other jobs)."""
    forgotten = services.forget_old_keys()
    db.session.commit()
    click.echo(f"forgotten: {forgotten}")
