"""Træningsportalen: the Flask application factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

import portal.access_log.guard  # noqa: F401  (refuses changes to the access log)
from portal import (
    api,
    cli,
    database,
    errors,
    forms,
    hosts,
    i18n,
    municipalities,
    public_forms,
    rate_limits,
    requests,
    security_headers,
    static_files,
    urls,
)
from portal.auth import oidc
from portal.auth import setup as auth_setup
from portal.config import Config, config_from_environment
from portal.extensions import babel, csrf, db, login_manager
from portal.municipalities import national


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_from_environment() if config is None or isinstance(config, Mapping) else config)
    if isinstance(config, Mapping):
        app.config.update(config)
    app.config["PROFILE"] = municipalities.load(app.config["MUNICIPALITY"])
    # The law under every profile: the same file for every municipality, read once per process.
    app.config["NATIONAL"] = national.shipped()
    logging.getLogger("portal").setLevel(app.config.get("LOG_LEVEL", "INFO"))
    # First of all hooks: a request for a host the portal does not answer to goes no further.
    hosts.init_app(app)

    database.init_app(app, db)
    # Before the CSRF check, so posts refused for a missing token count against the caller too.
    rate_limits.init_app(app)
    csrf.init_app(app)
    public_forms.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    # Whitespace inside {% trans %} blocks is collapsed, so catalogue entries read as plain sentences.
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.add_template_filter(forms.plain, "plain")
    urls.init_app(app)

    # Before any route is added: each `<int:...>` is compiled with the converter registered at that moment.
    app.url_map.converters["int"] = urls.IdConverter
    auth_setup.init_app(app)
    _register_blueprints(app)
    api.init_app(app)
    i18n.init_app(app)
    requests.init_app(app)
    errors.init_app(app)
    security_headers.init_app(app, form_targets=oidc.provider_origins(app))
    cli.init_app(app)
    # Last, so it runs first of the answer's hooks; none after it changes the body it compresses.
    static_files.init_app(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.applications.answers import bp as case_questions_bp
    from portal.applications.routes import bp as applications_bp
    from portal.auth.routes import bp as auth_bp
    from portal.delegations.routes import bp as delegations_bp
    from portal.health import bp as health_bp
    from portal.main.routes import bp as main_bp
    from portal.messages.routes import bp as messages_bp
    from portal.my_data.access_log import bp as access_log_bp
    from portal.my_data.routes import bp as my_data_bp
    from portal.overview.routes import bp as overview_bp
    from portal.pages.routes import bp as pages_bp
    from portal.plans.routes import bp as plans_bp
    from portal.preferences.routes import bp as preferences_bp
    from portal.programs.exercise_page_routes import bp as exercise_page_bp
    from portal.programs.offline_routes import bp as offline_bp
    from portal.programs.routes import bp as programs_bp
    from portal.programs.train_routes import bp as train_bp
    from portal.referrals.routes import bp as referrals_bp
    from portal.referrals.routes import gp_bp
    from portal.sessions.routes import citizen_bp as citizen_sessions_bp
    from portal.sessions.routes import feed_bp as calendar_feed_bp
    from portal.staff.cases.routes import bp as cases_bp
    from portal.staff.courses.routes import bp as staff_sessions_bp
    from portal.staff.exercises.routes import bp as exercises_bp
    from portal.staff.helper import bp as helper_bp
    from portal.staff.plans import bp as staff_plans_bp
    from portal.staff.program_builder.routes import bp as program_builder_bp
    from portal.staff.routes import bp as staff_bp
    from portal.staff.teams.routes import bp as staff_teams_bp
    from portal.standard.routes import bp as standard_bp

    for blueprint in (
        main_bp,
        pages_bp,
        health_bp,
        i18n.bp,
        auth_bp,
        overview_bp,
        delegations_bp,
        access_log_bp,
        applications_bp,
        messages_bp,
        my_data_bp,
        gp_bp,
        referrals_bp,
        staff_bp,
        cases_bp,
        case_questions_bp,
        exercises_bp,
        staff_sessions_bp,
        citizen_sessions_bp,
        preferences_bp,
        calendar_feed_bp,
        staff_teams_bp,
        programs_bp,
        train_bp,
        helper_bp,
        exercise_page_bp,
        offline_bp,
        program_builder_bp,
        staff_plans_bp,
        plans_bp,
    ):
        app.register_blueprint(blueprint)
    app.register_blueprint(standard_bp)
