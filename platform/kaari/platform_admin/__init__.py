"""`/platform/`: organisations, their first admins, offboarding."""

from __future__ import annotations

from flask import Flask

from kaari.domains import register_blueprints


def init_app(app: Flask) -> None:
    from kaari.platform_admin import views

    register_blueprints(app, views.bp)
