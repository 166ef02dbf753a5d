"""`/platform/`: organisations, their first admins, offboarding."""

from __future__ import annotations

from functools import partial

from flask import Flask

from kaari.core.domains import register_blueprints


def init_app(app: Flask) -> None:
    from kaari.platform_admin import views
    from kaari.platform_admin.settings import platform_setting
    from kaari.reporting.threshold import register_threshold_source

    register_blueprints(app, views.bp)
    register_threshold_source(partial(platform_setting, "disclosure_threshold"))
