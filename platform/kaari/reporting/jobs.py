"""The nightly refresh of the aggregate rows that national reporting reads."""

from __future__ import annotations

from sqlalchemy import text

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.jobs import job_context
from kaari.reporting.facts import refresh_facts
from kaari.reporting.rollup import refresh_national_facts
from kaari.tenancy.recurring import each_tenant


def refresh_all_facts(year: int | None = None) -> int:
    """This year's and last year's facts (or one given year's) of every organisation
    that reports nationally: late entries, such as outcomes, still change last year's
    figures. Each organisation is committed on its own, then the national rollup is
    rebuilt; returns the rows written."""
    this_year = utcnow().year
    years = (year,) if year else (this_year, this_year - 1)
    written = 0
    for _app, tenant in each_tenant():
        if tenant.national_reporting:
            written += sum(refresh_facts(tenant.id, each) for each in years)
    refresh_national_facts()  # so the national pages follow at once
    return written


def refresh_planner_statistics() -> bool:
    """Keep SQLite's query planner informed: without statistics the report queries
    of a large register choose poor plans (bench/reporting.py saw seconds become
    milliseconds). PostgreSQL's autovacuum does this by itself. Returns whether it ran."""
    with job_context():
        if db.session.get_bind().dialect.name != "sqlite":
            return False
        db.session.execute(text("ANALYZE"))
        db.session.commit()
    return True
