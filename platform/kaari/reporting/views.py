"""The organisation's own reports for staff (`/<slug>/staff/reports`): a page with
every table and chart for a chosen period, each table as CSV, and the yearly PDF.

Reading these pages writes no audit entry: every figure is a count over groups of
people, and no table names, contacts or describes a person.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from flask import Response, abort, g, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from kaari.accounts.access import permission_required
from kaari.core import db, formats
from kaari.core.db import utcnow
from kaari.core.i18n import document_language, select_language
from kaari.participants.export import neutralise
from kaari.reporting import cache
from kaari.reporting.indicators import Period
from kaari.reporting.services import year_pdf
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("reports", __name__, "/staff/reports")
FIRST_YEAR = 2000


def _year(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and FIRST_YEAR <= int(text) <= 2100 else None


def _chosen_period() -> tuple[Period, str, dict[str, str]]:
    """The period of the query arguments: the first and last day when given, both
    included and written as 1.1.2026 (a bad one gives an error and the year instead),
    else the year (this year by default)."""
    typed = {key: request.args.get(key, "").strip() for key in ("year", "from", "to")}
    year = _year(typed["year"]) or utcnow().year
    if not (typed["from"] or typed["to"]):
        return Period.year(year), "", typed
    try:
        first, last = formats.parse_day(typed["from"]), formats.parse_day(typed["to"])
    except ValueError:
        return Period.year(year), _("Write both days as 31.1.2026."), typed
    if first.year < FIRST_YEAR or last < first:
        return Period.year(year), _("The last day cannot come before the first."), typed
    return Period(first, last + timedelta(days=1)), "", typed


def _tables():
    period, error, typed = _chosen_period()
    tables, counted_at = cache.report_tables(g.tenant, period, select_language())
    db.session.commit()  # a fresh count is kept for the next reader
    return period, error, typed, tables, counted_at


@bp.route("/")
@permission_required("tenant_reports")
def page():
    period, error, typed, tables, counted_at = _tables()
    this_year = utcnow().year
    return render_template(
        "reporting/page.html",
        period=period,
        error=error,
        typed=typed,
        tables=tables,
        counted_at=counted_at,
        years=range(this_year, this_year - 10, -1),
    )


@bp.route("/count", methods=["POST"])
@permission_required("tenant_reports")
def count_again():
    """Count the chosen period's figures now rather than wait for the night."""
    period, _error, typed = _chosen_period()
    cache.count_again(g.tenant, period, select_language())
    db.session.commit()
    kept = {key: value for key, value in typed.items() if value}
    return redirect(url_for("reports.page", **kept))


@bp.route("/<name>.csv")
@permission_required("tenant_reports")
def table_csv(name: str):
    period, _error, _typed, tables, _counted_at = _tables()
    table = next((table for table in tables if table.key == name), None)
    if table is None:
        abort(404)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(buffer)
    for row in [table.header, *table.rows]:
        writer.writerow([neutralise(cell) for cell in row])
    filename = f"{g.tenant.slug}-{name}-{period.start}-{period.last_day}.csv"
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/year.pdf")
@permission_required("tenant_reports")
def year_report():
    year = _year(request.args.get("year")) or utcnow().year
    language = document_language()
    with force_locale(language):
        tables, _counted_at = cache.report_tables(g.tenant, Period.year(year), language)
        content = year_pdf(g.tenant, year, language, tables)
    db.session.commit()
    return Response(
        content,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{g.tenant.slug}-{year}-{language}.pdf"'
        },
    )
