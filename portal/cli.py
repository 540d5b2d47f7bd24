"""Command-line tools: `flask db ...` for migrations, `flask demo load` for the demo data, the workers."""

from __future__ import annotations

import click
from alembic import command
from flask import Flask
from flask.cli import AppGroup

from portal.extensions import db
from portal.municipalities.cli import profile_cli

db_cli = AppGroup("db", help="Database migrations (Alembic).")
sessions_cli = AppGroup("sessions", help="Login sessions, and reminders of training sessions.")
outbox_cli = AppGroup("outbox", help="Letters and notices on their way out.")
demo_cli = AppGroup("demo", help="Demo data for the configured municipality.")
exercises_cli = AppGroup("exercises", help="The exercise library.")
programs_cli = AppGroup("programs", help="Self-training programs.")
plans_cli = AppGroup("plans", help="Genoptræningsplaner from the hospitals (sundhedsloven § 140).")


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    from portal.migrate import upgrade

    upgrade(db.engine, revision)
    click.echo(f"Database migrated to {revision}.")


@db_cli.command("revision")
@click.option("-m", "--message", required=True)
def db_revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    from portal.migrate import alembic_config

    with db.engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)


@demo_cli.command("load")
def demo_load() -> None:
    """Load (or refresh) the demo data; safe to run again."""
    from portal.demo import load_demo_data

    summary = load_demo_data()
    db.session.commit()
    click.echo(summary)


@exercises_cli.command("load")
def exercises_load() -> None:
    """Add the starter exercises that are missing; safe to run again, and it keeps what staff changed."""
    from portal.exercises.services import load_library

    created, total = load_library()
    db.session.commit()
    click.echo(f"Exercise library loaded: {created} new of {total} exercises.")


@sessions_cli.command("purge")
def sessions_purge() -> None:
    """Delete sessions that have timed out (the database store; Redis forgets them by itself)."""
    from datetime import timedelta

    from flask import current_app

    from portal.database import utcnow
    from portal.web_sessions import DatabaseStore

    store = current_app.extensions["session_store"]
    if not isinstance(store, DatabaseStore):
        click.echo("Sessions are kept in Redis, which removes them when they expire.")
        return
    now = utcnow()
    removed = store.purge(
        idle_before=now - timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]),
        created_before=now - timedelta(minutes=current_app.config["SESSION_ABSOLUTE_MINUTES"]),
    )
    click.echo(f"Removed {removed} sessions that had timed out.")


@sessions_cli.command("remind")
@click.option("--loop", is_flag=True, help="Keep sending until stopped, instead of one round.")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between rounds with --loop.")
def sessions_remind(loop: bool, interval: float) -> None:
    """Send the day-before reminders that are due; each session gets one, however many run at once."""
    import time

    from portal.sessions.reminders import send_reminders

    while True:
        sent = send_reminders()
        db.session.commit()
        click.echo(f"Sent {sent} reminders.")
        if not loop:
            return
        time.sleep(interval)


@outbox_cli.command("deliver")
@click.option("--loop", is_flag=True, help="Keep delivering until stopped, instead of one round.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between rounds with --loop.")
@click.option("--batch", default=50, show_default=True, help="Deliveries per round.")
def outbox_deliver(loop: bool, interval: float, batch: int) -> None:
    """Send what is due in the outbox; safe to run in several processes at once."""
    import time

    from flask import current_app

    from portal.outbox.delivery import adapters_for, deliver_batch

    adapters = adapters_for(current_app)
    while True:
        report = deliver_batch(adapters, batch=batch)
        click.echo(f"Sent {report.sent}, to retry {report.retried}, given up {report.failed}.")
        if not loop:
            return
        time.sleep(interval)


@programs_cli.command("remind")
def programs_remind() -> None:
    """Send today's program reminders on the weekdays citizens chose; at most one per program a day. Before them,
    the follow-ups of reminders that led to no logged day, for those who chose one."""
    from portal.clock import today
    from portal.programs.follow_up import send_follow_ups
    from portal.programs.reminders import send_reminders

    # Follow-ups first: a new reminder today would take the place of the one they follow up.
    followed = send_follow_ups(today())
    sent = send_reminders(today())
    click.echo(f"Sent {sent} program reminders.")
    click.echo(f"Sent {followed} follow-ups of earlier reminders.")


@programs_cli.command("links")
def programs_links() -> None:
    """Give the QR codes of each person's newest program their links, for programs issued before the codes came."""
    from portal.extensions import db
    from portal.programs.links import mint_for_newest_programs

    made = mint_for_newest_programs()
    db.session.commit()
    click.echo(f"Made {made} exercise links.")


@plans_cli.command("check")
@click.option("--loop", is_flag=True, help="Keep checking until stopped, instead of one round.")
@click.option("--interval", default=300.0, show_default=True, help="Seconds between rounds with --loop.")
def plans_check(loop: bool, interval: float) -> None:
    """Send the letter about free choice for each plan whose start is late; each plan gets one, however many run."""
    import time

    from portal.plans.free_choice import send_due

    while True:
        sent = send_due()
        db.session.commit()
        click.echo(f"Sent {sent} letters about free choice.")
        if not loop:
            return
        time.sleep(interval)


def init_app(app: Flask) -> None:
    app.cli.add_command(db_cli)
    app.cli.add_command(sessions_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(exercises_cli)
    app.cli.add_command(programs_cli)
    app.cli.add_command(plans_cli)
    app.cli.add_command(profile_cli)
