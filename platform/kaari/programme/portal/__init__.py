"""The participant portal: every page a participant opens with their emailed link (the
link and session handling itself is participants' portal_access)."""

from __future__ import annotations

from flask import Flask

from kaari.core.domains import register_blueprints


def init_app(app: Flask) -> None:
    from kaari.programme.portal import views

    register_blueprints(app, views.bp)
