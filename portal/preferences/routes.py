"""Påmindelser og kontakt: the citizen (or a relative who may change contact details) chooses how and when we remind."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from portal.auth import acting
from portal.auth.access import roles_required
from portal.auth.policy import Action
from portal.models import Role
from portal.preferences import services
from portal.preferences.forms import NO, YES, PreferencesForm

bp = Blueprint("preferences", __name__, url_prefix="/paamindelser-og-kontakt")


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.CITIZEN)
def edit() -> ResponseReturnValue:
    # Contact details are a scope of their own: handling sessions or seeing them does not open them.
    person = acting.person_for(Action.MANAGE_CONTACT)
    form = PreferencesForm()
    if form.validate_on_submit():
        services.save_preference(
            person.id,
            reminders=form.reminders.data == YES,
            channels=form.chosen_channels,
            reminder_hour=int(form.reminder_hour.data),
            email=form.email.data,
            phone=form.phone_number,
            program_follow_up=form.program_follow_up.data,
        )
        flash(_("Your choices are saved."))
        return redirect(url_for("preferences.edit"), code=303)
    if not form.is_submitted():
        saved = services.current_choices(services.preference_of(person.id))
        form.reminders.data = YES if saved["reminders"] else NO
        form.channels.data = [str(channel) for channel in saved["channels"]]
        form.reminder_hour.data = str(saved["reminder_hour"])
        form.email.data = saved["email"] or ""
        form.phone.data = saved["phone"] or ""
        form.program_follow_up.data = saved["program_follow_up"]
    return render_template("preferences/edit.html", form=form, person=person)
