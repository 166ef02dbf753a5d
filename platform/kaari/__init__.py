"""Kaari: a multi-tenant platform for career-mentoring networks."""

from __future__ import annotations

import importlib

from flask import Flask

from kaari import errors
from kaari.core import db, domains, formats, i18n, security, storage
from kaari.core.config import PROJECT_ROOT, check_config, load_config
from kaari.core.extensions import babel, csrf, limiter, login_manager
from kaari.core.web import IdConverter, KaariRequest
from kaari.ops import logs, proxies, static_files

# The domains in layer order, lowest first: a domain may import those before it, and
# `create_app` calls each one's `init_app` in this order (docs/ARCHITECTURE.md).
DOMAINS = (
    "taxonomy",
    "tenancy",
    "privacy",
    "audit",
    "mail",
    "accounts",
    "participants",
    "intake",
    "matching",
    "programme",
    "materials",
    "reporting",
    "dashboard",
    "platform_admin",
    "ops",
)


def create_app(config: dict | None = None) -> Flask:
    """Build the app from environment variables, with `config` overriding them."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=load_config()["INSTANCE_DIR"],
    )
    app.config.update(load_config())
    app.config.update(config or {})
    check_config(app.config)
    app.url_map.converters["id"] = IdConverter
    app.request_class = KaariRequest

    db.init_engines(app)
    storage.for_app(app)  # a STORAGE_URL that names no store stops the start here
    app.teardown_appcontext(lambda _exc: db.session.remove())

    babel.init_app(
        app, locale_selector=i18n.select_language, timezone_selector=i18n.select_timezone
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # server-side sessions do this job
    i18n.init_app(app)
    formats.init_app(app)
    errors.init_app(app)
    logs.init_app(app)
    static_files.init_app(app)
    proxies.init_app(app)
    security.init_app(app)
    _init_domains(app)

    from kaari.cli import register_commands

    register_commands(app)
    return app


def _init_domains(app: Flask) -> None:
    """Each domain's face registers what the domain owns, in layer order."""
    for name in DOMAINS:
        module = importlib.import_module(f"kaari.{name}")
        with domains.registering(name):
            module.init_app(app)
    app.jinja_env.globals["staff_menu"] = domains.staff_menu
