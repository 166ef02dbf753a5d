"""Reporting: an organisation's own figures, and national aggregates that never
show a person (small cells suppressed)."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.reporting import cache, jobs, national_views, rollup, views

    register_blueprints(app, views.bp, national_views.bp)
    add_recurring(jobs.refresh_all_facts, every=timedelta(days=1))
    add_recurring(cache.refresh_report_caches, every=timedelta(days=1))
    add_recurring(jobs.refresh_planner_statistics, every=timedelta(days=1))
    add_recurring(rollup.refresh_national_facts, every=rollup.REBUILD_EVERY)
    add_navigation(
        app,
        NavEntry(
            _l("Reports"), "reports.page", "tenant_reports", "reports", current=("reports.*",)
        ),
    )
