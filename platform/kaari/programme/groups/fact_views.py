"""Staff pages for the facts they record about a pair: a meeting heard of by phone or
at a group meeting, and an agreement signed on paper with its scan. Coordinators and
the leaders of the pair's group use them (a leader of another group gets 404)."""

from __future__ import annotations

from flask import Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from kaari.accounts.access import permission_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.lookups import found_or_404
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.matching.services import people_by_id
from kaari.programme.groups import access as group_access
from kaari.programme.groups import forms, paper_agreements, recorded_meetings, services
from kaari.programme.groups.services import ProgrammeError
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("pair_facts", __name__, "/staff/groups")


@bp.url_value_preprocessor
def _allow_scans(endpoint, _values) -> None:
    """A scan may exceed MAX_CONTENT_LENGTH; set before the CSRF check reads the form."""
    if endpoint == "pair_facts.paper_agreement":
        request.max_content_length = paper_agreements.SCAN_MAX_BYTES + 65536


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    error = ProgrammeError(
        "scan_too_large", megabytes=paper_agreements.SCAN_MAX_BYTES // (1024 * 1024)
    )
    show(error)
    return redirect(url_for("pair_facts.paper_agreement", **(request.view_args or {})), code=303)


def _pair_or_404(group_id: int, pair_id: int):
    group = group_access.group_or_404(group_id)
    return group, found_or_404(services.group_pair(group, pair_id))


def _today():
    return utcnow().astimezone(g.tenant.zone).date()


def _to_pair(group, pair, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("programme.pair", group_id=group.id, pair_id=pair.id))


def _page(template: str, group, pair, form, **context):
    people = people_by_id({pair.actor_id, pair.mentor_id})
    return render_template(
        template,
        group=group,
        pair=pair,
        actor=people[pair.actor_id],
        mentor=people[pair.mentor_id],
        form=form,
        **context,
    ), 400 if form.errors else 200


@bp.route("/<id:group_id>/pairs/<id:pair_id>/meetings/new", methods=["GET", "POST"])
@permission_required("lead_groups")
def record_meeting(group_id: int, pair_id: int):
    group, pair = _pair_or_404(group_id, pair_id)
    form = forms.RecordMeetingForm()
    if form.validate_on_submit():
        try:
            recorded_meetings.record_meeting(
                pair,
                form.met_on.data,
                form.note.data or "",
                staff_id=current_user.id,
                today=_today(),
                ip=client_ip(),
            )
        except ProgrammeError as error:
            show(error, form)
        else:
            return _to_pair(group, pair, _("The meeting has been recorded."))
    return _page("programme/record_meeting.html", group, pair, form)


@bp.route("/<id:group_id>/pairs/<id:pair_id>/meetings/<id:entry_id>/delete", methods=["POST"])
@permission_required("lead_groups")
def delete_meeting(group_id: int, pair_id: int, entry_id: int):
    group, pair = _pair_or_404(group_id, pair_id)
    meeting = found_or_404(recorded_meetings.recorded_meeting(pair, entry_id))
    recorded_meetings.delete_meeting(meeting, staff_id=current_user.id, ip=client_ip())
    return _to_pair(group, pair, _("The recorded meeting has been deleted."))


@bp.route("/<id:group_id>/pairs/<id:pair_id>/paper-agreement", methods=["GET", "POST"])
@permission_required("lead_groups")
def paper_agreement(group_id: int, pair_id: int):
    group, pair = _pair_or_404(group_id, pair_id)
    paper = paper_agreements.paper_agreement_of(pair)
    form = forms.PaperAgreementForm(obj=paper)
    if paper is not None and request.method == "GET":
        form.present.data = [
            who for who in ("actor", "mentor", "coordinator") if getattr(paper, f"{who}_present")
        ]
    if form.validate_on_submit():
        present = set(form.present.data or ())
        upload = form.scan.data
        try:
            paper_agreements.record_signing(
                pair,
                paper_agreements.Signing(
                    signed_on=form.signed_on.data,
                    actor_present="actor" in present,
                    mentor_present="mentor" in present,
                    coordinator_present="coordinator" in present,
                ),
                scan=upload.read() if upload else None,
                staff_id=current_user.id,
                today=_today(),
                ip=client_ip(),
            )
        except ProgrammeError as error:
            show(error, form)
        else:
            return _to_pair(group, pair, _("The agreement signed on paper has been recorded."))
    return _page("programme/paper_agreement.html", group, pair, form, paper=paper)


@bp.route("/<id:group_id>/pairs/<id:pair_id>/paper-agreement/remove", methods=["POST"])
@permission_required("lead_groups")
def remove_paper_agreement(group_id: int, pair_id: int):
    group, pair = _pair_or_404(group_id, pair_id)
    paper = found_or_404(paper_agreements.paper_agreement_of(pair))
    paper_agreements.remove(paper, staff_id=current_user.id, ip=client_ip())
    return _to_pair(group, pair, _("The agreement signed on paper has been removed."))


@bp.route("/<id:group_id>/pairs/<id:pair_id>/paper-agreement/scan")
@permission_required("lead_groups")
def scan(group_id: int, pair_id: int):
    """The scan, for staff only; every read is audit-logged (it carries names)."""
    _group, pair = _pair_or_404(group_id, pair_id)
    paper = found_or_404(paper_agreements.paper_agreement_of(pair))
    content = found_or_404(paper_agreements.scan_of(paper))
    record("agreement.scan_read", actor_id=current_user.id, ip=client_ip(), obj=paper)
    db.session.commit()
    suffix = paper.scan_key.rsplit(".", 1)[-1] if paper.scan_key else "pdf"
    return Response(
        content,
        mimetype=paper.scan_type,
        headers={
            "Content-Disposition": f'attachment; filename="agreement-{pair.id}.{suffix}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
