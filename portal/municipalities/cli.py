"""`flask profile check NAME`: validate a municipality profile and list what it still lacks before going live."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from portal.municipalities.loader import ProfileError, load, load_file

profile_cli = AppGroup("profile", help="Municipality profiles.")


@profile_cli.command("check")
@click.argument("name")
def check(name: str) -> None:
    """Check the profile NAME (e.g. rodovre, or a new file like ./aarhus.toml) and list what to fill in."""
    try:
        # A path lets a new municipality check its file before it is added to the portal.
        profile = load_file(Path(name)) if name.endswith(".toml") else load(name)
    except ProfileError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{profile.slug}.toml ({profile.name}) is valid.")
    if not profile.to_fill:
        click.echo("Nothing is left to fill in.")
        return
    click.echo(f"To fill in before going live ({len(profile.to_fill)}):")
    for path in profile.to_fill:
        click.echo(f"  - {path}")
