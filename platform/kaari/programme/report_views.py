"""The group report for staff: a page, a CSV file and a PDF of the same figures."""

from __future__ import annotations

import csv
import io

from flask import Response, abort, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from kaari import db
from kaari.accounts.access import staff_required
from kaari.audit.services import record
from kaari.db import utcnow
from kaari.i18n import select_language, translated
from kaari.participants.export import neutralise
from kaari.pdf import render_pdf
from kaari.programme import forms, services
from kaari.programme.report import GroupReport, group_report
from kaari.tenancy.routing import tenant_blueprint
from kaari.web import client_ip

bp = tenant_blueprint("programme_reports", __name__, "/staff/groups")
STAFF = ("admin", "coordinator", "group_leader")


def _report(group_id: int) -> GroupReport:
    group = services.get_group(group_id)
    if group is None:
        abort(404)
    report = group_report(group, now=utcnow())
    record("group.report", actor_id=current_user.id, ip=client_ip(), obj=group, format=_format())
    db.session.commit()
    return report


def _format() -> str:
    return request.args.get("format", "html")


def _csv_rows(report: GroupReport) -> list[list[str]]:
    """The report as one table per section, separated by an empty row."""
    rows: list[list[str]] = [[_("Group"), report.group.name]]
    rows += [[], [_("Actor"), _("Mentor"), _("Status"), _("Pair meetings"), _("Agreement")]]
    rows += [
        [p.actor, p.mentor, p.status, str(p.meetings), _("Signed") if p.signed else _("Not signed")]
        for p in report.pairs
    ]
    rows += [[], [_("Meeting"), _("Date"), _("Invited"), _("Coming"), _("Came")]]
    rows += [
        [
            translated(m.meeting.title) or str(forms.meeting_names()[m.meeting.kind]),
            m.meeting.starts_at.date().isoformat(),
            str(m.invited),
            str(m.coming),
            str(m.came),
        ]
        for m in report.meetings
    ]
    return [[neutralise(cell) for cell in row] for row in rows]


@bp.route("/<id:group_id>/report")
@staff_required(*STAFF)
def report(group_id: int):
    report = _report(group_id)
    name = f"{report.group.name}-{report.made_at:%Y%m%d}"
    if _format() == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that spreadsheet programs read UTF-8
        csv.writer(buffer).writerows(_csv_rows(report))
        return Response(
            buffer.getvalue(),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if _format() == "pdf":
        html = render_template("pdf/group_report.html", report=report, tenant=g.tenant)
        return Response(
            render_pdf(html),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    return render_template("programme/report.html", report=report, language=select_language())
