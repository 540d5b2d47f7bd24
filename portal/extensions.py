"""Extension instances only; they are bound to the app in create_app."""

from flask_babel import Babel
from flask_login import LoginManager
from flask_wtf import CSRFProtect

from portal.database import db
from portal.rate_limits import limiter

__all__ = ["babel", "csrf", "db", "limiter", "login_manager"]

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
