"""The staff dashboard, the organisation's texts, logo, settings and controller details,
and the audit-log page."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints


def _exact(label: Any, endpoint: str, permission: str | None, group: str) -> NavEntry:
    """An entry that is the current page on its own endpoint only."""
    return NavEntry(label, endpoint, permission, group, current=(endpoint,))


def init_app(app: Flask) -> None:
    from kaari.dashboard import views

    register_blueprints(app, views.bp)
    add_navigation(
        app,
        _exact(_l("Today"), "dashboard.home", None, "today"),
        _exact(_l("Texts"), "dashboard.texts", "manage_settings", "organisation"),
        _exact(_l("Logo"), "dashboard.logo", "manage_settings", "organisation"),
        _exact(_l("Settings"), "dashboard.settings", "manage_settings", "organisation"),
        _exact(_l("Publication"), "dashboard.publication", "controller_settings", "organisation"),
        _exact(_l("Controller details"), "dashboard.controller", "controller_settings", "privacy"),
        _exact(_l("Audit log"), "dashboard.audit_log", "audit_log", "privacy"),
    )
