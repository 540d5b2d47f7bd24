"""The local MitID-style OpenID provider for demo and tests, built on oidc-provider-mock.

The mock brings discovery, JWKS, signed ID tokens, userinfo, end_session and one-click users. What the portal
must check and the mock does not do is added here through Flask hooks on the mock's own app:

- PKCE: the authorization request must carry an S256 code_challenge, and the token request the matching
  code_verifier. The mock's code store has no place for the challenge, so it is kept here, by code.
- Personas with MitID claims (CPR, NSIS level, MitID Erhverv CVR and organisation, staff roles), written in
  the claim names of the configured broker profile, or (`--claim-style acr`) with the level in the standard
  `acr` claim and the name in `name`, as many brokers send them.
- A login screen in Danish that lists the personas of the login entry being used.
- For tests: a persona of a test's own, known to the provider while the test runs (`LocalProvider.knowing`).
- For tests only: a switch that tampers with the next ID token, to prove the portal checks signatures.

Run it with `python -m devtools.idp --port 5001`.
"""

from __future__ import annotations

import argparse
import hmac
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from flask import Flask, Response, jsonify, render_template, request
from werkzeug.serving import BaseWSGIServer, make_server

from devtools.personas import PERSONAS, Persona
from portal.auth.broker import Assurance, BrokerProfile, load_broker_profile, load_broker_profile_file
from portal.config import DEFAULT_CLIENT_IDS

# The provider speaks plain http on loopback; Authlib refuses that unless told it is a development setup.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

# Which personas the login screen shows, by the client id of the login entry.
KIND_BY_CLIENT = {
    "traeningsportal-borger": "citizen",
    "traeningsportal-laege": "gp",
    "traeningsportal-medarbejder": "staff",
}
CLAIM_STYLES = ("profile", "acr")
AUTHORIZE_ENDPOINT = "oidc-provider-mock.authorize"
TOKEN_ENDPOINT = "oidc-provider-mock.issue_token"  # noqa: S105 (an endpoint name, not a secret)


def _import_the_signing_key_once() -> None:
    """The mock turns its private JWK back into a key object for every ID token it signs, and cryptography checks an
    RSA private key on each import (some 40 ms: half of a login in the tests). Hand Authlib the imported key instead;
    it signs with a key object as given. Keyed by the JWK object, so a provider with another key gets its own."""
    from joserfc.jwk import import_key
    from oidc_provider_mock import _app

    original = _app.OpenIDCode.get_jwt_config
    if getattr(original, "imports_once", False):
        return
    imported: dict[int, tuple[Any, Any]] = {}

    def get_jwt_config(self: Any, grant: Any, client: Any = None) -> dict[str, Any]:
        config: dict[str, Any] = original(self, grant, client)
        jwk = _app.storage.jwk
        if id(jwk) not in imported:
            # The JWK is kept with its key, so its id cannot be reused by another while the entry lives.
            imported[id(jwk)] = (jwk, import_key(config["key"]))
        config["key"] = imported[id(jwk)][1]
        return config

    get_jwt_config.imports_once = True  # type: ignore[attr-defined]
    _app.OpenIDCode.get_jwt_config = get_jwt_config


_import_the_signing_key_once()


def claims_for(
    persona: Persona, broker: BrokerProfile, staff_roles_claim: str = "roles", claim_style: str = "profile"
) -> dict[str, object]:
    """The persona's claims as the broker sends them.

    claim_style "profile" writes each fact in the profile's first claim name and the level in its first assurance
    claim (for NemLog-in, the separate OIO claim); "acr" writes the name in `name` and the level in the standard
    `acr` claim, as many brokers in front of NemLog-in do. The staff login always sends `acr`, where the profile has
    one, as a workplace login speaks plain OpenID Connect.
    """
    if claim_style not in CLAIM_STYLES:
        raise ValueError(f"claim_style must be one of {', '.join(CLAIM_STYLES)}, not {claim_style!r}")
    names = {key: claim_names[0] for key, claim_names in broker.claims.items()}
    level = Assurance.named(persona.assurance)
    if persona.kind == "staff":
        claims: dict[str, object] = {
            "name": persona.name,
            "given_name": persona.given_name,
            "family_name": persona.family_name,
            staff_roles_claim: list(persona.roles),
        }
        if persona.email:
            claims["email"] = persona.email
        claims.update(_assurance_claim(broker, level, "acr"))
    else:
        if claim_style == "acr":
            claims = {"name": persona.name, **_assurance_claim(broker, level, "acr", strict=True)}
        else:
            claims = {
                names["full_name"]: persona.name,
                names["given_name"]: persona.given_name,
                names["family_name"]: persona.family_name,
                **_assurance_claim(broker, level),
            }
        if persona.kind == "citizen":
            claims[names["person_uuid"]] = persona.sub
            if persona.cpr:
                claims[names["cpr"]] = persona.cpr
        else:
            claims[names["professional_uuid"]] = persona.sub
            claims[names["cvr"]] = persona.cvr
            claims[names["organisation_name"]] = persona.organisation_name
            if persona.email:
                claims[names["email"]] = persona.email
    claims.update(persona.extra)
    return claims


def _assurance_claim(
    broker: BrokerProfile, level: Assurance, claim: str | None = None, strict: bool = False
) -> dict[str, str]:
    """The level in the named claim if the profile reads it there, else in the profile's first assurance claim."""
    sources = [source for source in broker.assurance if source.claim == claim] or (
        [] if strict else [broker.assurance[0]]
    )
    if not sources:
        raise ValueError(f"The broker profile {broker.name!r} reads no assurance from the {claim!r} claim")
    value = next(value for value, meant in sources[0].values.items() if meant == level)
    return {sources[0].claim: value}


class LocalProvider:
    def __init__(
        self,
        broker: str = "nemlogin",
        personas: Sequence[Persona] = PERSONAS,
        token_max_age: timedelta = timedelta(hours=1),
        staff_roles_claim: str = "roles",
        claim_style: str = "profile",
        broker_file: str | None = None,
    ) -> None:
        self.broker = load_broker_profile_file(broker_file) if broker_file else load_broker_profile(broker)
        self.personas = {persona.sub: persona for persona in personas}
        self.staff_roles_claim = staff_roles_claim
        self.claim_style = claim_style
        self.challenges: dict[str, str] = {}
        self.tamper_next_id_token = False
        # Imported here: the mock imports Authlib modules that Authlib has deprecated, and only this needs it.

        self.app = Flask(__name__, template_folder="templates")
        oidc_provider_mock.init_app(
            self.app,
            require_nonce=True,
            access_token_max_age=token_max_age,
            user_claims=[
                oidc_provider_mock.User(sub=p.sub, claims=claims_for(p, self.broker, staff_roles_claim, claim_style))
                for p in personas
            ],
        )
        # The mock switches on Werkzeug's interactive debugger; nobody on loopback should get a console from it.
        self.app.debug = False
        self.app.wsgi_app = self.app.wsgi_app.app  # type: ignore[attr-defined]
        self.app.before_request(self._check_pkce)
        self.app.after_request(self._after)
        self.app.context_processor(self._template_context)

    @contextmanager
    def knowing(self, persona: Persona) -> Iterator[Persona]:
        """The persona logs in like those the provider started with while the block runs, and is gone afterwards:
        a test can log in a citizen of its own through the real login, and the next test's screen does not list them.

        The claims go in through the mock's own `PUT /users/<sub>`; afterwards they are emptied the same way (the
        mock has no delete), so the subject would come back to the portal without a CPR number and be refused."""
        self._set_claims(persona.sub, claims_for(persona, self.broker, self.staff_roles_claim, self.claim_style))
        # Replaced, not changed in place: the provider's thread may be listing the personas for a login screen.
        self.personas = {**self.personas, persona.sub: persona}
        try:
            yield persona
        finally:
            self.personas = {sub: known for sub, known in self.personas.items() if sub != persona.sub}
            self._set_claims(persona.sub, {})

    def _set_claims(self, sub: str, claims: dict[str, object]) -> None:
        answer = self.app.test_client().put(f"/users/{sub}", json=claims)
        if answer.status_code != 204:
            raise RuntimeError(f"The provider did not take the claims of {sub!r}: {answer.status_code}")

    def _template_context(self) -> dict[str, object]:
        kind = KIND_BY_CLIENT.get(request.args.get("client_id", ""))
        shown = [p for p in self.personas.values() if kind is None or p.kind == kind]
        return {"personas": shown}

    def _check_pkce(self) -> Response | tuple[Response, int] | None:
        if request.endpoint == AUTHORIZE_ENDPOINT and (
            request.args.get("code_challenge_method") != "S256" or not request.args.get("code_challenge")
        ):
            return render_template("pkce_required.html"), 400
        if request.endpoint == TOKEN_ENDPOINT and request.form.get("grant_type") == "authorization_code":
            challenge = self.challenges.pop(request.form.get("code", ""), None)
            verifier = request.form.get("code_verifier", "")
            if not (challenge and verifier and hmac.compare_digest(create_s256_code_challenge(verifier), challenge)):
                return jsonify(error="invalid_grant", error_description="PKCE code_verifier does not match"), 400
        return None

    def _after(self, response: Response) -> Response:
        if request.endpoint == AUTHORIZE_ENDPOINT and request.method == "POST" and response.location:
            code = parse_qs(urlsplit(response.location).query).get("code", [None])[0]
            if code:
                self.challenges[code] = request.args["code_challenge"]
        if request.endpoint == TOKEN_ENDPOINT and self.tamper_next_id_token and response.is_json:
            self.tamper_next_id_token = False
            body = response.get_json()
            header, payload, signature = body["id_token"].split(".")
            # A changed signature: the token no longer matches the provider's key.
            body["id_token"] = ".".join([header, payload, signature[::-1]])
            response.set_data(self.app.json.dumps(body))
        return response


@dataclass
class LocalIdP:
    """A running provider and where it answers."""

    provider: LocalProvider
    url: str


def oidc_logins(issuer: str) -> dict[str, dict[str, str]]:
    """Portal configuration that sends all three login entries to one local provider."""
    return {
        kind: {"issuer": issuer, "client_id": client_id, "client_secret": "local-development-secret"}
        for kind, client_id in DEFAULT_CLIENT_IDS.items()
    }


@contextmanager
def running(provider: LocalProvider, host: str = "127.0.0.1", port: int = 0) -> Iterator[BaseWSGIServer]:
    """The provider on a background thread, for tests."""
    server = make_server(host, port, provider.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description="Local MitID-style OpenID provider (demo and tests only)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("IDP_PORT", "5001")))
    parser.add_argument("--broker", default=os.environ.get("BROKER_PROFILE", "nemlogin"))
    parser.add_argument("--broker-file", default=os.environ.get("BROKER_PROFILE_FILE") or None)
    parser.add_argument(
        "--claim-style",
        choices=CLAIM_STYLES,
        default=os.environ.get("IDP_CLAIM_STYLE", "profile"),
        help="profile: the profile's own claim names; acr: the level in the standard acr claim, the name in name",
    )
    args = parser.parse_args()
    provider = LocalProvider(broker=args.broker, broker_file=args.broker_file, claim_style=args.claim_style)
    server = make_server(args.host, args.port, provider.app, threaded=True)
    print(f"  Local MitID test provider runs at http://{args.host}:{args.port}/")
    server.serve_forever()


if __name__ == "__main__":
    main()
