"""Tenants, their settings and languages, resolution from the URL, RLS and bundles."""

from __future__ import annotations

from flask import Flask

from kaari.core.domains import register_blueprints


def init_app(app: Flask) -> None:
    from kaari.tenancy import routing, settings, views

    routing.init_app(app)
    settings.register_settings(settings.tenancy_settings)
    register_blueprints(app, views.directory, views.public)
