"""Kaari: a multi-tenant platform for career-mentoring networks."""

from __future__ import annotations

from flask import Flask

from kaari import db, errors, i18n, storage
from kaari.config import PROJECT_ROOT, check_config, load_config
from kaari.extensions import babel, csrf, limiter, login_manager
from kaari.ops import logs, proxies, static_files
from kaari.web import IdConverter, KaariRequest


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

    babel.init_app(app, locale_selector=i18n.select_language)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.session_protection = None  # server-side sessions do this job
    i18n.init_app(app)
    errors.init_app(app)
    logs.init_app(app)
    static_files.init_app(app)
    proxies.init_app(app)
    _register_domains(app)

    from kaari.cli import register_commands

    register_commands(app)
    return app


def _register_domains(app: Flask) -> None:
    # Imported here so that models and event listeners load with the app.
    from kaari import security
    from kaari.accounts import access, mailing  # noqa: F401 (staff audience, mail checks)
    from kaari.accounts import views as accounts
    from kaari.dashboard import views as dashboard
    from kaari.intake import (
        form_bundle,  # noqa: F401 (the [forms] bundle section)
        form_editor,
    )
    from kaari.intake import views as intake
    from kaari.mail import jobs as mail_jobs  # noqa: F401 (registers the outbox sweep)
    from kaari.mail import views as mail
    from kaari.matching import bundle as matching_bundle  # noqa: F401 ([matching] section)
    from kaari.matching import jobs as matching_jobs  # noqa: F401 (pair reminders)
    from kaari.matching import views as matching
    from kaari.materials import bundle as materials_bundle  # noqa: F401 ([materials] section)
    from kaari.materials import portal_views as materials_portal
    from kaari.materials import views as materials
    from kaari.ops import health
    from kaari.participants import mailing as participants_mailing  # noqa: F401 (audience)
    from kaari.participants import request_views as data_requests
    from kaari.participants import retention  # noqa: F401 (the daily retention job)
    from kaari.participants import views as participants
    from kaari.platform_admin import views as platform_admin
    from kaari.programme import event_views as programme_events
    from kaari.programme import (
        follow_ups,  # noqa: F401 (follow-up questions after the arc)
        outcome_views,
    )
    from kaari.programme import jobs as programme_jobs  # noqa: F401 (meeting reminders)
    from kaari.programme import portal_views as portal
    from kaari.programme import report_views as programme_reports
    from kaari.programme import survey_views as surveys
    from kaari.programme import views as programme
    from kaari.reporting import jobs as reporting_jobs  # noqa: F401 (nightly facts)
    from kaari.reporting import national_views
    from kaari.reporting import rollup as reporting_rollup  # noqa: F401 (hourly rebuild)
    from kaari.reporting import views as reporting
    from kaari.tenancy import routing
    from kaari.tenancy import views as tenancy

    routing.init_app(app)
    access.init_app(app)
    security.init_app(app)
    for blueprint in (
        health.bp,
        tenancy.directory,
        tenancy.public,
        accounts.bp,
        accounts.tenant_bp,
        accounts.staff_bp,
        dashboard.bp,
        mail.bp,
        mail.public,
        intake.bp,
        intake.partners_bp,
        form_editor.bp,
        matching.bp,
        matching.public,
        participants.bp,
        participants.public,
        data_requests.bp,
        data_requests.public,
        platform_admin.bp,
        programme.bp,
        programme.public,
        portal.bp,
        programme_events.bp,
        programme_reports.bp,
        outcome_views.bp,
        outcome_views.public,
        surveys.bp,
        surveys.public,
        materials.bp,
        materials_portal.bp,
        reporting.bp,
        national_views.bp,
    ):
        app.register_blueprint(blueprint)
