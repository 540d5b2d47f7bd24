"""The OpenID Connect clients, one per login entry, talking to the provider over HTTP with discovery.

Authlib does the protocol work: PKCE (S256), state and nonce kept in the server-side session, the ID token's
signature checked against the provider's JWKS, and iss, aud and exp checked.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

from portal.auth.broker import Assurance, BrokerProfile, load_broker_profile, load_broker_profile_file

# The NSIS level the citizen and GP entries ask the broker for and refuse tokens below; the staff entry's level
# is configured (STAFF_ASSURANCE), as the municipality's staff login decides how it proves two factors.
REQUIRED_ASSURANCE = {"citizen": Assurance.SUBSTANTIAL, "gp": Assurance.SUBSTANTIAL}
# What each login entry asks for. The GP's work e-mail is where notices about referrals go; citizens are not asked
# for theirs here (they give contact details under "Påmindelser og kontakt").
SCOPES = {"gp": "openid profile email"}
DEFAULT_SCOPE = "openid profile"


def init_app(app: Flask) -> None:
    oauth = OAuth(app)
    for kind, login in app.config["OIDC_LOGINS"].items():
        oauth.register(
            name=kind,
            client_id=login["client_id"],
            client_secret=login["client_secret"],
            server_metadata_url=f"{login['issuer']}/.well-known/openid-configuration",
            client_kwargs={
                "scope": SCOPES.get(kind, DEFAULT_SCOPE),
                "code_challenge_method": "S256",
                "timeout": 10,
            },
        )
    app.extensions["portal_oauth"] = oauth
    own_file = app.config.get("BROKER_PROFILE_FILE")
    app.extensions["broker_profile"] = (
        load_broker_profile_file(own_file) if own_file else load_broker_profile(app.config["BROKER_PROFILE"])
    )


def client(kind: str) -> Any:  # Authlib's client classes carry no types
    return current_app.extensions["portal_oauth"].create_client(kind)


def broker() -> BrokerProfile:
    return current_app.extensions["broker_profile"]


def required_assurance(kind: str) -> Assurance:
    if kind == "staff":
        return Assurance.named(current_app.config["STAFF_ASSURANCE"])
    return REQUIRED_ASSURANCE[kind]


def provider_origins(app: Flask) -> list[str]:
    """Where the browser is sent to log in and out; the CSP lets forms lead there (logout posts, then redirects)."""
    origins = []
    for login in app.config["OIDC_LOGINS"].values():
        scheme, _, rest = login["issuer"].partition("://")
        origin = f"{scheme}://{rest.split('/', 1)[0]}"
        if origin not in origins:
            origins.append(origin)
    return origins
