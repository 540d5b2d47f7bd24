"""Where a request says it comes from: the proxies in front of the portal and the host names it answers to.

The portal builds absolute addresses (the OIDC redirect_uri, the logout return address) from the request's
scheme and Host. Behind a proxy the scheme arrives in X-Forwarded-Proto, which is believed only from as many
proxies as PROXY_HOPS says; the Host header itself must be one of TRUSTED_HOSTS (Flask's own check), so a
forged Host cannot send a login code to another site.
"""

from __future__ import annotations

from flask import Flask, abort, request
from flask.globals import request_ctx
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = app.config.get("PROXY_HOPS", 0)
    if hops:
        # The Host header is taken as the proxy passed it on, never from X-Forwarded-Host: one header fewer that a
        # client could forge through a proxy that does not overwrite it.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0)  # type: ignore[method-assign]

    @app.before_request
    def refuse_untrusted_host() -> None:
        if not isinstance(request.routing_exception, SecurityError):
            return
        # Flask found the Host untrusted before it could build URLs; the error page still needs relative links,
        # so it gets an adapter bound to a host the portal does answer to.
        trusted = app.config["TRUSTED_HOSTS"][0].lstrip(".")
        request_ctx.url_adapter = app.url_map.bind(trusted, url_scheme=request.scheme)
        abort(400)
