"""The group report for staff: a page, a CSV file and a PDF of the same figures."""

from __future__ import annotations

import csv
import io

from flask import Response, g, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.audit.services import record
from kaari.core import db, formats
from kaari.core.db import utcnow
from kaari.core.i18n import translated
from kaari.core.pdf import render_pdf
from kaari.core.web import client_ip
from kaari.participants.export import neutralise
from kaari.programme.groups import access as group_access
from kaari.programme.groups.report import GroupReport, group_report
from kaari.programme.labels import kind_names, meeting_names, role_names
from kaari.programme.outcomes.models import OUTCOME_KINDS
from kaari.programme.outcomes.services import CATEGORIES
from kaari.programme.surveys import forms as survey_forms
from kaari.programme.surveys.results import MIN_RESPONDENTS
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("programme_reports", __name__, "/staff/groups")


def _report(group_id: int) -> GroupReport:
    group = group_access.group_or_404(group_id)
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
            translated(m.meeting.title) or str(meeting_names()[m.meeting.kind]),
            formats.day(m.meeting.starts_at),
            str(m.invited),
            str(m.coming),
            str(m.came),
        ]
        for m in report.meetings
    ]
    rows += _outcome_rows(report) + _survey_rows(report)
    return [[neutralise(cell) for cell in row] for row in rows]


def _outcome_rows(report: GroupReport) -> list[list[str]]:
    """Actors counted once by priority, at the end and a year on, then all records."""
    names = kind_names()
    moments = [m for m in (report.outcomes.at_end, report.outcomes.after_year) if m]
    header = [_("Outcome")] + [formats.day(m.as_of) if m.as_of else _("So far") for m in moments]
    rows = [[], [*header, _("Share")]]
    for category in CATEGORIES:
        counts = [str(m.counted[category]) for m in moments]
        rows.append([str(names[category]), *counts, f"{moments[0].share(category):.0%}"])
    rows += [[], [_("All outcomes recorded (an actor may have several)"), *header[1:]]]
    rows += [[str(names[kind]), *(str(m.raw[kind]) for m in moments)] for kind in OUTCOME_KINDS]
    return rows


def _survey_rows(report: GroupReport) -> list[list[str]]:
    """Response rates, and the answers where at least three responded."""
    if report.survey is None:
        return []
    roles = role_names()
    rows: list[list[str]] = []
    for role, result in report.survey.items():
        rate = result.rate
        share = f"{rate.rate:.0%}" if rate.rate is not None else ""
        rows += [[], [str(roles[role]), _("Responses"), _("Members"), _("Response rate")]]
        rows.append(["", str(rate.responses), str(rate.members), share])
        if not result.shown:
            continue
        for item in result.questions:
            label = translated(item.question["label"])
            if item.average is not None:
                rows.append([label, _("Average"), f"{item.average:.1f}"])
            rows += [
                [label, survey_forms.answer_label(item.question, key), str(count)]
                for key, count in item.counts.items()
            ]
            rows += [[label, text] for text in item.texts]
    return rows


@bp.route("/<id:group_id>/report")
@permission_required("lead_groups")
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
        html = render_template("pdf/group_report.html", report=report, tenant=g.tenant, **_labels())
        return Response(
            render_pdf(html),
            mimetype="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    return render_template("programme/report.html", report=report, **_labels())


def _labels() -> dict:
    """What the outcome and survey parts of the report need to name things."""
    return {
        "categories": CATEGORIES,
        "kinds": OUTCOME_KINDS,
        "kind_names": kind_names(),
        "roles": role_names(),
        "answer_label": survey_forms.answer_label,
        "minimum": MIN_RESPONDENTS,
    }
