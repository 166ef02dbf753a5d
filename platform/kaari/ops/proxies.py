"""Behind an ingress or load balancer: trust exactly `PROXY_HOPS` proxies for the
client address, scheme and host (rate limits and the audit log need the real
client address; redirects need https). With 0, forwarded headers are ignored, so
nobody can fake an address by sending them to a bare server."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = app.config["PROXY_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
