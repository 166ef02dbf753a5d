"""Operating the platform: health probes, structured logs, static files and the
configuration check that runs before a production start."""

from __future__ import annotations

from flask import Flask

from kaari.core.domains import register_blueprints


def init_app(app: Flask) -> None:
    """The health probes (logs, proxies and static files are plumbing `create_app` sets up)."""
    from kaari.ops import health

    register_blueprints(app, health.bp)
