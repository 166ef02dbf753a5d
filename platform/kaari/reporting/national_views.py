"""National reporting at /national/ for national analysts: the dashboard, a CSV file
of each table and a yearly PDF, all from `national.national_report`."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import platform_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.pdf import render_pdf
from kaari.core.web import client_ip
from kaari.participants.export import neutralise
from kaari.reporting.disclosure import HIDDEN_MARK
from kaari.reporting.national import MIN_ORGANISATION_PEOPLE, NationalReport, Table, national_report
from kaari.reporting.threshold import disclosure_threshold

bp = Blueprint("national", __name__, url_prefix="/national")
ANALYST = "national_analyst"
PDF_COLOUR = {"brand_colour": "#1f5f8b"}  # the platform's own colour (no tenant brand)


def _report(year: int | None, made: str) -> NationalReport:
    report = national_report(year, disclosure_threshold(), str(get_locale()))
    record("national.report", actor_id=current_user.id, ip=client_ip(), year=report.year, made=made)
    db.session.commit()
    return report


def hidden_footnote(threshold: int) -> str:
    """What the mark of a hidden figure means (CSV, page and PDF)."""
    return _(
        "%(mark)s = hidden: a figure about 1 to %(below)d people, or a figure hidden so "
        "that such a figure cannot be worked out from the totals.",
        mark=HIDDEN_MARK,
        below=threshold - 1,
    )


def _csv_rows(table: Table, threshold: int) -> list[list[str]]:
    figures = table.figures
    total = [_("Total")] if figures.row_totals is not None else []
    rows = [[table.caption], [table.row_header, *table.columns, *total]]
    for index, label in enumerate(table.rows):
        cells = [str(figure) for figure in figures.cells[index]]
        if figures.row_totals is not None:
            cells.append(str(figures.row_totals[index]))
        rows.append([label, *cells])
    if figures.column_totals is not None:
        margins = [str(figure) for figure in figures.column_totals]
        if figures.total is not None:
            margins.append(str(figures.total))
        rows.append([_("Total"), *margins])
    rows.append([hidden_footnote(threshold)])
    return [[neutralise(cell) for cell in row] for row in rows]


def _context(report: NationalReport) -> dict:
    return {
        "report": report,
        "minimum": MIN_ORGANISATION_PEOPLE,
        "hidden_footnote": hidden_footnote(report.threshold),
    }


@bp.route("/")
@platform_required(ANALYST)
def dashboard():
    report = _report(request.args.get("year", type=int), "page")
    return render_template("reporting/national/dashboard.html", **_context(report))


@bp.route("/<int:year>/<key>.csv")
@platform_required(ANALYST)
def table_csv(year: int, key: str):
    report = _report(year, f"csv:{key}")
    table = report.table(key)
    if table is None or report.year != year:
        abort(404)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
    csv.writer(buffer).writerows(_csv_rows(table, report.threshold))
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="national-{year}-{key}.csv"'},
    )


@bp.route("/<int:year>/report.pdf")
@platform_required(ANALYST)
def yearly_pdf(year: int):
    report = _report(year, "pdf")
    if report.year != year:
        abort(404)
    html = render_template("pdf/national_report.html", tenant=PDF_COLOUR, **_context(report))
    return Response(
        render_pdf(html),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="national-{year}.pdf"'},
    )
