"""Påmindelser og kontakt: the citizen (or a relative who may change contact details) chooses how and when we remind."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth import acting
from portal.auth.access import public, roles_required
from portal.auth.policy import Action
from portal.models import Role
from portal.preferences import services
from portal.preferences.forms import NO, YES, ConfirmEmailForm, PreferencesForm
from portal.public_forms import public_form

bp = Blueprint("preferences", __name__, url_prefix="/paamindelser-og-kontakt")


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def edit() -> ResponseReturnValue:
    # Contact details are a scope of their own: handling sessions or seeing them does not open them.
    person = acting.person_for(Action.MANAGE_CONTACT)
    form = PreferencesForm()
    if form.validate_on_submit():
        preference = services.save_choices(
            person.id,
            reminders=form.reminders.data == YES,
            channels=form.chosen_channels,
            reminder_hour=int(form.reminder_hour.data),
            phone=form.phone_number,
            program_follow_up=form.program_follow_up.data,
        )
        # A new address gets its link now; the page then says it waits for the link to be followed.
        services.change_email(
            preference, form.email.data, current_user.account_id, current_user.display_name, _confirm_link
        )
        flash(_("Your choices are saved."))
        return redirect(url_for("preferences.edit"), code=303)
    saved = services.preference_of(person.id)
    waiting = services.pending_email(saved)
    if not form.is_submitted():
        choices = services.current_choices(saved)
        form.reminders.data = YES if choices["reminders"] else NO
        form.channels.data = [str(channel) for channel in choices["channels"]]
        form.reminder_hour.data = str(choices["reminder_hour"])
        form.email.data = waiting or choices["email"] or ""
        form.phone.data = choices["phone"] or ""
        form.program_follow_up.data = choices["program_follow_up"]
    return render_template(
        "preferences/edit.html", form=form, person=person, waiting=waiting, confirmed=saved.email if saved else None
    )


def _confirm_link(token: str) -> str:
    # The portal's configured address, not the one this request came in on: the link must lead to the real portal.
    return current_app.config["PORTAL_URL"] + url_for("preferences.confirm_email", token=token)


@bp.route("/bekraeft-e-mail/<token>", methods=["GET", "POST"])
@public
@public_form
def confirm_email(token: str) -> ResponseReturnValue:
    # Whoever has the link may confirm: it reached the new address, which is what is being proved. No login, and so
    # no session: the page names nothing but the address.
    preference = services.waiting_for(token)
    if preference is None:
        return render_template("preferences/confirm-email-invalid.html"), 404
    form = ConfirmEmailForm()
    if form.validate_on_submit():
        services.confirm_email(token)
        return redirect(url_for("preferences.email_confirmed"), code=303)
    return render_template("preferences/confirm-email.html", form=form, address=preference.pending_email)


@bp.get("/e-mail-bekraeftet")
@public
def email_confirmed() -> ResponseReturnValue:
    return render_template("preferences/email-confirmed.html")
