"""The staff reports page read from a cache row, so the page does not grow with the
register.

Counting the tables is a pass over every person, pair and group of the network (about
0.6 s at 20,000 people). The page instead reads the tables of its period and language
as they were counted (`ReportCache`) and says when that was. A row is counted again:
- when it is from an earlier day than today (the figures are at most a day old);
- when a coordinator asks for it on the page;
- every night, for this year and last year in each language read (other periods are
  dropped once stale and counted again when next asked for).
The figures are exactly the live ones of the moment they were counted.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from flask_babel import force_locale
from markupsafe import Markup
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from kaari.core import db
from kaari.core.db import utcnow
from kaari.reporting.indicators import Period
from kaari.reporting.models import ReportCache
from kaari.reporting.services import build_tables
from kaari.reporting.tables import Table
from kaari.tenancy.models import Tenant
from kaari.tenancy.recurring import each_tenant


def _row(period: Period, language: str) -> ReportCache | None:
    return db.session.scalar(
        select(ReportCache).where(
            ReportCache.period_start == period.start,
            ReportCache.period_end == period.end,
            ReportCache.language == language,
        )
    )


def _tables(stored: list[dict]) -> list[Table]:
    # The charts are our own SVG, escaped when drawn (charts.py), stored as drawn.
    return [Table(**(t | {"chart": Markup(t["chart"]) if t["chart"] else None})) for t in stored]  # noqa: S704


def _stored(tables: list[Table]) -> list[dict]:
    return [asdict(t) | {"chart": str(t.chart) if t.chart is not None else None} for t in tables]


def _keep(period: Period, language: str, tables: list[dict]) -> ReportCache:
    row = _row(period, language)
    if row is not None:
        row.tables, row.computed_at = tables, utcnow()
        return row
    row = ReportCache(
        period_start=period.start, period_end=period.end, language=language, tables=tables
    )
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:  # another request kept the same period meanwhile
        return _keep(period, language, tables)
    return row


def count_again(tenant: Tenant, period: Period, language: str) -> ReportCache:
    """Count the period's tables now and keep them (call inside the language's
    locale; the caller commits)."""
    return _keep(period, language, _stored(build_tables(tenant, period, language)))


def report_tables(tenant: Tenant, period: Period, language: str) -> tuple[list[Table], datetime]:
    """The period's tables and when they were counted: today's count, or a fresh one
    (call inside the language's locale; the caller commits)."""
    row = _row(period, language)
    if row is None or row.computed_at.date() < utcnow().date():
        row = count_again(tenant, period, language)
    return _tables(row.tables), row.computed_at


def refresh_report_caches() -> int:
    """The nightly recount: this year's and last year's rows of every network in each
    language read, and stale rows of other periods dropped. Returns rows counted."""
    counted = 0
    for _app, tenant in each_tenant():
        this_year = utcnow().year
        years = {Period.year(this_year), Period.year(this_year - 1)}
        for row in list(db.session.scalars(select(ReportCache))):
            period = Period(row.period_start, row.period_end)
            if period in years:
                with force_locale(row.language):
                    count_again(tenant, period, row.language)
                counted += 1
            elif row.computed_at.date() < utcnow().date():
                db.session.execute(delete(ReportCache).where(ReportCache.id == row.id))
    return counted
