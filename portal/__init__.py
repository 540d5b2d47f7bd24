"""Træningsportalen: the Flask application factory."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask

from portal import cli, errors, i18n, municipalities, requests, security_headers
from portal.config import Config, config_from_environment
from portal.extensions import babel, csrf, db, login_manager


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_object(config_from_environment() if config is None or isinstance(config, Mapping) else config)
    if isinstance(config, Mapping):
        app.config.update(config)
    app.config["PROFILE"] = municipalities.load(app.config["MUNICIPALITY"])
    logging.getLogger("portal").setLevel(app.config.get("LOG_LEVEL", "INFO"))

    db.init_app(app)
    csrf.init_app(app)
    login_manager.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    # Whitespace inside {% trans %} blocks is collapsed, so catalogue entries read as plain sentences.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    _register_blueprints(app)
    i18n.init_app(app)
    requests.init_app(app)
    errors.init_app(app)
    security_headers.init_app(app)
    cli.init_app(app)
    _load_user_loader()
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.health import bp as health_bp
    from portal.main.routes import bp as main_bp
    from portal.pages.routes import bp as pages_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(pages_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(i18n.bp)


def _load_user_loader() -> None:
    from portal.models import Account

    @login_manager.user_loader
    def load_account(account_id: str) -> Account | None:
        return db.session.get(Account, int(account_id))
