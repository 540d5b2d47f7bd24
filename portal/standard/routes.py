"""The public pages of the quality standard, "Kan jeg få træning?" and "Var siden nyttig?"."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.auth.access import public
from portal.models import Role
from portal.municipalities import Text
from portal.public_forms import public_form
from portal.standard import check, services
from portal.standard.forms import QUESTION_FORMS, YES, FeedbackForm
from portal.standard.lix import page_lix

bp = Blueprint("standard", __name__)

# The small navigation beside every page: endpoint and link text.
NAVIGATION = (
    ("standard.about", _l("About training")),
    ("standard.check_start", _l("Can I get training?")),
    ("standard.offers", _l("Training offers")),
    ("standard.service_goals", _l("What you can expect from us")),
    ("standard.absence", _l("If you cannot come")),
    ("standard.complaints", _l("Complain about a decision")),
    ("standard.centres", _l("Training centres")),
)
# Pages that belong under a navigation entry without being it.
NAVIGATION_PARENTS = {
    "standard.offer": "standard.offers",
    "standard.check_question": "standard.check_start",
    "standard.check_result": "standard.check_start",
}
# The check's state travels in addresses: the answer to fill in again, and the question a result page came from.
ANSWER, FROM = "svar", "fra"
RESULT_TEMPLATES = {
    check.APPLY: "standard/check-result-apply.html",
    check.PLAN: "standard/check-result-plan.html",
    check.ELSEWHERE: "standard/check-result-elsewhere.html",
    check.CONTACT: "standard/check-result-contact.html",
}


@bp.app_template_filter("local")
def local(text: Text | None) -> str:
    return services.local(text)


def is_staff() -> bool:
    return current_user.is_authenticated and current_user.has_role(Role.VISITATOR, Role.THERAPIST, Role.ADMIN)


def render_page(template: str, **context: Any) -> str:
    """Every page of the standard: the navigation, "Var siden nyttig?" and, for staff, the page's LIX in Danish.

    For the LIX the page is rendered a second time in Danish, so words must be made in the templates (through
    `services`), not in the view: words made in the view would stay in the visitor's language.
    """
    endpoint = request.endpoint or ""
    context.setdefault("back", None)
    context["navigation"] = NAVIGATION
    context["navigation_current"] = NAVIGATION_PARENTS.get(endpoint, endpoint)
    context["page_key"] = (
        services.page_key(endpoint, request.view_args or {}) if endpoint in services.FEEDBACK_PAGES else None
    )
    context["feedback_thanked"] = services.THANKS in request.args
    context["lix_score"] = None
    context["services"] = services
    if is_staff():
        with force_locale("da"):
            context["lix_score"] = round(page_lix(render_template(template, **context)))
    return render_template(template, **context)


@bp.get("/om-traening")
@public
def about() -> ResponseReturnValue:
    return render_page("standard/about.html")


@bp.get("/kan-jeg-faa-traening")
@public
def check_start() -> ResponseReturnValue:
    return render_page("standard/check-start.html", first=check.FIRST)


@bp.route("/kan-jeg-faa-traening/<question>", methods=["GET", "POST"])
@public
@public_form
def check_question(question: str) -> ResponseReturnValue:
    if question not in QUESTION_FORMS:
        abort(404)
    form_class = QUESTION_FORMS[question]
    # The earlier answer comes back in the back link's address, and fills the form only on GET: a POST without an
    # answer must not pass on an old one.
    form = form_class() if request.method == "POST" else form_class(data={"answer": request.args.get(ANSWER)})
    if form.validate_on_submit():
        step = check.BY_SLUG[question].next[form.answer.data]
        if check.is_result(step):
            came_from: dict[str, Any] = {FROM: question}
            return redirect(url_for(".check_result", result=step, **came_from), code=303)
        return redirect(url_for(".check_question", question=step), code=303)
    previous = check.previous_question(question)
    return render_page("standard/check-question.html", form=form, back=_back_to(previous, question))


@bp.get("/kan-jeg-faa-traening/svar/<result>")
@public
def check_result(result: str) -> ResponseReturnValue:
    if result not in RESULT_TEMPLATES:
        abort(404)
    return render_page(RESULT_TEMPLATES[result], back=_back_to(request.args.get(FROM), result))


def _back_to(question: str | None, step: str) -> str:
    """The question that led to `step`, with the answer given there; the start when the address does not say."""
    answer = check.answer_towards(question, step) if question else None
    if answer is None:
        return url_for(".check_start")
    given: dict[str, Any] = {ANSWER: answer}
    return url_for(".check_question", question=question, **given)


@bp.get("/tilbud")
@public
def offers() -> ResponseReturnValue:
    return render_page("standard/offers.html", groups=services.groups_with_offers())


@bp.get("/tilbud/<offer_id>")
@public
def offer(offer_id: str) -> ResponseReturnValue:
    found = services.profile().offer(offer_id)
    if found is None:
        abort(404)
    group = services.profile().group(found.group)
    return render_page(
        "standard/offer.html",
        offer=found,
        group=group,
        centres=services.centres_for(group),
        back=url_for(".offers"),
    )


@bp.get("/det-kan-du-forvente")
@public
def service_goals() -> ResponseReturnValue:
    return render_page("standard/service-goals.html")


@bp.get("/hvis-du-er-forhindret")
@public
def absence() -> ResponseReturnValue:
    return render_page("standard/absence.html")


@bp.get("/klag")
@public
def complaints() -> ResponseReturnValue:
    return render_page("standard/complaints.html")


@bp.get("/traeningscentre")
@public
def centres() -> ResponseReturnValue:
    return render_page("standard/centres.html")


@bp.post("/var-siden-nyttig")
@public
@public_form
def feedback() -> ResponseReturnValue:
    form = FeedbackForm()
    if not form.validate_on_submit():
        abort(400)
    services.record_feedback(form.page.data, form.helpful.data == YES, services.language())
    # The thanks travels in the address, not in a flashed message: a flash would open a session for the visitor.
    return redirect(f"{services.page_url(form.page.data)}?{services.THANKS}#feedback", code=303)
