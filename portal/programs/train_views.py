"""The "Træn nu" pages, one exercise at a time, shared by two sides of the portal.

The citizen's side (the citizen, or a relative acting for them) finds them under /mit-traeningsprogram; a home-care
helper logged in as staff finds the same pages under /medarbejder. Each side's routes find the person their own way
and hand a `Trainee` here; the views read and change the program only through it, so both sides get the same pages
and the same rules. Every view follows the portal's shape: form, validate, service, redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from portal import clock
from portal.auth.policy import Action, may
from portal.database import utcnow
from portal.forms import PortalForm
from portal.models import Exercise, Person, Program, TrainingRun
from portal.programs import services, training
from portal.programs.forms import RatingForm, SetForm
from portal.programs.labels import session_dose
from portal.programs.pictures import start_drawing
from portal.programs.services import Logger


def logger_for(action: Action, person: Person) -> Logger:
    """The caller as the log will name them, acting as the policy says they do for the person."""
    acting_as = may(current_user, action, person.id).acting_as
    return Logger(current_user.account_id, current_user.display_name, acting_as)


@dataclass(frozen=True)
class Trainee:
    """Whose program the pages show, and where this side of the portal keeps them.

    `blueprint` names the side's routes (each side has the endpoints start, begin, step, set_done and finish) and
    `url_values` what else their addresses hold; `logger` is who the day will be logged by. `done_url` says where
    to go when the day is logged (given the program id), for example the progress chart where the caller may see
    it; the start of "Træn nu" otherwise.
    """

    person: Person
    blueprint: str
    logger: Logger
    url_values: dict[str, Any] = field(default_factory=dict)
    done_url: Callable[[int], str] | None = None
    # Where this side gets a picture staff uploaded for an exercise (a route taking exercise_id).
    picture_endpoint: str = "programs.image"

    def url(self, endpoint: str, **values: Any) -> str:
        return url_for(f"{self.blueprint}.{endpoint}", **self.url_values, **values)

    def picture_url(self, exercise: Exercise) -> str | None:
        if not exercise.image_mime:
            return None
        return url_for(self.picture_endpoint, exercise_id=exercise.id, v=int(exercise.updated_at.timestamp()))

    def after_finish(self, program_id: int) -> str:
        if self.done_url is not None:
            return self.done_url(program_id)
        return self.url("start", program_id=program_id)


def _lang() -> str:
    return str(get_locale())


def _program_and_run(trainee: Trainee, program_id: int) -> tuple[Program, TrainingRun | None]:
    found = training.program_with_run(trainee.person.id, program_id)
    if found is None or not found[0].items:
        abort(404)
    return found


def start_page(trainee: Trainee, program_id: int) -> ResponseReturnValue:
    program, run = _program_and_run(trainee, program_id)
    today = clock.today()
    steps = training.steps(program, run, today)
    in_progress = any(step.done for step in steps)
    # A session from an earlier day that was never rated: offered to be logged for its own day.
    left_over = run if run is not None and run.day < today and training.done_items(program, run) else None
    return render_template(
        "programs/train/start.html",
        trainee=trainee,
        program=program,
        steps=steps,
        resume=next((step for step in steps if not step.finished), steps[-1]) if in_progress else None,
        left_over=left_over,
        form=PortalForm(),
        session_dose=session_dose,
        lang=_lang(),
    )


def begin(trainee: Trainee, program_id: int) -> ResponseReturnValue:
    program, _run = _program_and_run(trainee, program_id)
    if PortalForm().validate_on_submit():
        training.start(program, clock.today())
    return redirect(trainee.url("step", program_id=program.id, number=1), code=303)


def step_page(trainee: Trainee, program_id: int, number: int) -> ResponseReturnValue:
    program, run = _program_and_run(trainee, program_id)
    today = clock.today()
    current = training.step(program, run, today, number)
    if current is None:
        abort(404)
    todays_run = run if run is not None and run.day == today else None
    return render_template(
        "programs/train/step.html",
        trainee=trainee,
        program=program,
        step=current,
        count=len(program.items),
        rest_left=training.rest_left(todays_run, current.item, utcnow()),
        form=SetForm(data={"done": current.done}),
        dose=session_dose(current.item),
        picture_url=trainee.picture_url(current.item.exercise),
        start_drawing=start_drawing,
        lang=_lang(),
    )


def set_done(trainee: Trainee, program_id: int, number: int) -> ResponseReturnValue:
    program, run = _program_and_run(trainee, program_id)
    today = clock.today()
    current = training.step(program, run, today, number)
    if current is None:
        abort(404)
    form = SetForm()
    if form.validate_on_submit():
        training.record_set(program, run, current.item.id, form.done.data, today)
    return redirect(trainee.url("step", program_id=program.id, number=number) + "#saet", code=303)


def finish(trainee: Trainee, program_id: int) -> ResponseReturnValue:
    program, run = _program_and_run(trainee, program_id)
    done = training.done_items(program, run)
    form = RatingForm()
    key = services.clean_key(form.idempotency_key.data) if form.is_submitted() else None
    if key is not None and services.submitted(program.id, key) is not None:
        # The same answers sent again (a phone resending what it saved offline): they are logged already.
        flash(_("Your training day is logged."))
        return redirect(trainee.after_finish(program.id), code=303)
    if run is not None and done and form.validate_on_submit():
        _entry, updated = training.finish(program, run, form.effort.data, form.pain.data, trainee.logger, key)
        if updated:
            flash(_("The day was already logged. We have updated it with your new answers."))
        else:
            flash(_("Your training day is logged."))
        return redirect(trainee.after_finish(program.id), code=303)
    return render_template(
        "programs/train/finish.html",
        trainee=trainee,
        program=program,
        done=done,
        day=run.day if run is not None else clock.today(),
        today=clock.today(),
        form=form,
        lang=_lang(),
    )
