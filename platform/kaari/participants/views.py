"""The register for staff: the list of people, a person's page, status and notes."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kaari.accounts.access import permission_required, recent_auth_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.i18n import select_language
from kaari.core.lookups import get_or_404
from kaari.core.paging import Position
from kaari.core.scoping import tenant_scope
from kaari.core.web import client_ip, safe_next
from kaari.mail.services import messages_about
from kaari.participants import (
    data_requests,
    forms,
    labels,
    portal_access,
    reconfirm,
    retention,
    services,
    sharing,
)
from kaari.participants import export as export_formats
from kaari.participants.answers import labelled_answers, missing_answers
from kaari.participants.models import EXIT_STATUSES, ParticipantStatus, Person, PersonRole
from kaari.participants.person_panels import panels_for
from kaari.participants.referrers import partner_names
from kaari.participants.register_columns import (
    column_values,
    optional_columns,
    registered_filters,
)
from kaari.participants.settings import participants_settings
from kaari.privacy import subject_access as privacy
from kaari.privacy.registry import places as privacy_places
from kaari.taxonomy.services import major_groups
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.services import list_target_groups

bp = tenant_blueprint("participants", __name__, "/staff/participants")
public = tenant_blueprint("participants_public", __name__)


def _filters() -> services.Filters:
    args = request.args
    return services.Filters(
        role=args.get("role", ""),
        status=args.get("status", ""),
        search=args.get("q", "")[:100],
        flagged=args.get("flagged") == "1",
        unfinished=args.get("unfinished") == "1",
        outside=args.get("outside") == "1",
        target_group=args.get("target_group", type=int),
        field=args.get("field", "")[:3],
        municipality=args.get("municipality", "")[:80],
        partner=args.get("partner", type=int),
        waited=args.get("waited", 0, type=int) or 0,
        language_level=args.get("language_level", "")[:10],
        registered=tuple(
            (key, args[key][:40]) for key in registered_filters() if args.get(key, "").strip()
        ),
        sort=args.get("sort") if args.get("sort") in services.SORTS else "newest",
        page=args.get("page", 1, type=int) or 1,
    )


@bp.route("/")
@permission_required("manage_register")
def people():
    filters = _filters()
    optional = optional_columns()
    shown = [key for key in request.args.getlist("show") if key in optional]
    page = services.find_people(filters)
    return render_template(
        "participants/list.html",
        page=page,
        filters=filters,
        optional_columns=optional,
        shown=shown,
        shown_values=column_values(page.people, shown, select_language()),
        registered_filters=registered_filters().values(),
        roles=PersonRole.labels(),
        statuses=ParticipantStatus.labels(),
        target_groups=list_target_groups(),
        fields=major_groups(select_language()),
        partners=partner_names(),
        waited=forms.waited_labels(),
        language_levels=labels.language_level_labels(),
        sorts=forms.sort_labels(),
        columns=export_formats.column_labels(),
        bulk_form=forms.BulkStatusForm(),
        saved=services.saved_filters(),
        save_form=forms.SavedFilterForm(query=request.query_string.decode()[:500]),
        default_columns=export_formats.DEFAULT_COLUMNS,
        export_kinds=export_formats.kind_labels(),
    )


@bp.route("/<id:person_id>")
@permission_required("manage_register")
def person(person_id: int):
    person = get_or_404(Person, person_id)
    services.record_view(person, actor_id=current_user.id, ip=client_ip())
    db.session.commit()
    languages = (select_language(), g.tenant.default_language)
    return render_template(
        "participants/person.html",
        person=person,
        answers=labelled_answers(person.role, person.answers, *languages),
        missing=missing_answers(person.role, person.answers, *languages)
        if person.answers.get("_submitted")
        else None,
        referrer=partner_names().get(person.partner_id) if person.partner_id else None,
        history=services.history(person),
        notes=services.notes(person),
        mails=messages_about(person.id),
        panels=panels_for(person),
        registration_age=reconfirm.registration_age_days(person),
        target_group=target_group_of(person),
        reconfirm_due=reconfirm.is_due(
            person, participants_settings.get(g.tenant, "reconfirm_after_days")
        ),
        status_form=forms.StatusForm(status=person.status),
        note_form=forms.NoteForm(),
        portal_sessions=portal_access.active_sessions(person),
        roles=PersonRole.labels(),
        statuses=ParticipantStatus.labels(),
    )


@bp.route("/<id:person_id>/status", methods=["POST"])
@permission_required("manage_register")
def change_status(person_id: int):
    person = get_or_404(Person, person_id)
    form = forms.StatusForm()
    if not form.validate_on_submit():
        abort(400)
    if form.status.data in EXIT_STATUSES and not (form.reason.data or "").strip():
        flash(_("Write a reason for this status."), "error")
    else:
        services.set_status(
            person,
            form.status.data,
            reason=form.reason.data or "",
            actor_id=current_user.id,
            ip=client_ip(),
        )
        db.session.commit()
        flash(_("The status has been changed."), "info")
    return redirect(url_for("participants.person", person_id=person.id))


@bp.route("/<id:person_id>/portal/end", methods=["POST"])
@permission_required("manage_register")
def end_portal_access(person_id: int):
    """End the person's portal sessions on every device and their links (a lost
    phone, a forwarded mail): the person asks for a new link to come back."""
    person = get_or_404(Person, person_id)
    ended = portal_access.end_access(person, why="staff", actor_id=current_user.id, ip=client_ip())
    db.session.commit()
    flash(
        ngettext(
            "%(num)d portal session has ended, and the person's links no longer work.",
            "%(num)d portal sessions have ended, and the person's links no longer work.",
            ended.sessions,
        ),
        "info",
    )
    return redirect(url_for("participants.person", person_id=person.id) + "#portal")


@bp.route("/<id:person_id>/notes", methods=["POST"])
@permission_required("manage_register")
def add_note(person_id: int):
    person = get_or_404(Person, person_id)
    form = forms.NoteForm()
    if not form.validate_on_submit():
        flash(_("Write the note first."), "error")
    else:
        services.add_note(
            person, form.text.data, kind=form.kind.data, author_id=current_user.id, ip=client_ip()
        )
        db.session.commit()
        flash(_("The note has been saved."), "info")
    return redirect(url_for("participants.person", person_id=person.id))


@bp.route("/export")
@permission_required("manage_register")
@recent_auth_required()
def export():
    filters = _filters()
    columns = [c for c in request.args.getlist("columns") if c in export_formats.column_labels()]
    columns = columns or list(export_formats.DEFAULT_COLUMNS)
    kind = request.args.get("format", "csv")
    kind = kind if kind in export_formats.kind_labels() else "csv"
    record(
        "people.exported",
        actor_id=current_user.id,
        ip=client_ip(),
        format=kind,
        columns=columns,
        filters=filters.audited(),
    )
    db.session.commit()
    name = f"participants-{utcnow():%Y%m%d}.{'xlsx' if kind == 'xlsx' else 'csv'}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if kind == "xlsx":
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        workbook = export_formats.as_xlsx(filters, columns, select_language())
        return Response(export_formats.chunks(workbook), mimetype=mimetype, headers=disposition)
    tenant_id, language = g.tenant.id, select_language()

    def stream():
        # The response is written after the view returns: re-enter the tenant's scope.
        with tenant_scope(tenant_id):
            yield from export_formats.as_csv(filters, columns, language, excel=kind == "excel_csv")

    return Response(stream_with_context(stream()), mimetype="text/csv", headers=disposition)


@bp.route("/<id:person_id>/reconfirm", methods=["POST"])
@permission_required("manage_register")
def ask_reconfirm(person_id: int):
    person = get_or_404(Person, person_id)
    reconfirm.ask(
        person,
        actor_id=current_user.id,
        ip=client_ip(),
    )
    db.session.commit()
    flash(_("The person has been asked to confirm their interest."), "info")
    return redirect(url_for("participants.person", person_id=person.id))


@public.route("/interest/<token>", methods=["GET", "POST"])
def interest(token: str):
    person = reconfirm.person_for_token(token, tenant_id=g.tenant.id)
    if person is None:
        return render_template("accounts/link_invalid.html"), 404
    chosen = request.values.get("answer")
    if request.method == "POST" and chosen in reconfirm.ANSWERS:
        reconfirm.answer(person, chosen, ip=client_ip())
        db.session.commit()
        return render_template("participants/interest_answered.html", answer=chosen)
    return render_template(
        "participants/interest.html",
        person=person,
        answer=chosen if chosen in reconfirm.ANSWERS else None,
    )


@bp.app_template_global("participant_status_label")
def participant_status_label(status: str) -> str:
    return str(ParticipantStatus.label_of(status))


@bp.app_template_global("pair_facts")
def pair_facts(shared: dict[str, str]) -> list[tuple[str, str]]:
    """What a proposed pair partner agreed to show, labelled (mail and answer page)."""
    return sharing.labelled(shared)


@bp.route("/bulk-status", methods=["POST"])
@permission_required("manage_register")
def bulk_status():
    form = forms.BulkStatusForm()
    back = url_for("participants.people") + (
        "?" + request.form["back"] if request.form.get("back") else ""
    )
    if not form.validate_on_submit() or not form.person_ids.data:
        flash(_("Choose the people and the new status."), "error")
    elif form.status.data in EXIT_STATUSES and not (form.reason.data or "").strip():
        flash(_("Write a reason for this status."), "error")
    else:
        count = services.set_status_of_many(
            form.person_ids.data,
            form.status.data,
            reason=form.reason.data or "",
            actor_id=current_user.id,
            ip=client_ip(),
        )
        db.session.commit()
        flash(
            ngettext(
                "The status of %(num)d person has been changed.",
                "The status of %(num)d people has been changed.",
                count,
            ),
            "info",
        )
    return redirect(safe_next(back, url_for("participants.people")))


@bp.route("/saved", methods=["POST"])
@permission_required("manage_register")
def save_filter():
    form = forms.SavedFilterForm()
    if form.validate_on_submit():
        services.save_filter(form.name.data, form.query.data or "", actor_id=current_user.id)
        db.session.commit()
        flash(_("The search has been saved."), "info")
    query = form.query.data or ""
    return redirect(url_for("participants.people") + (f"?{query}" if query else ""))


@bp.route("/saved/<id:filter_id>/delete", methods=["POST"])
@permission_required("manage_register")
def delete_filter(filter_id: int):
    if not services.delete_filter(filter_id):
        abort(404)
    db.session.commit()
    return redirect(url_for("participants.people"))


def target_group_of(person):
    if person.target_group_id is None:
        return None
    return next((g for g in list_target_groups() if g.id == person.target_group_id), None)


@bp.route("/<id:person_id>/refer-onward", methods=["POST"])
@permission_required("manage_register")
def refer_onward(person_id: int):
    person = get_or_404(Person, person_id)
    services.refer_onward(person, actor_id=current_user.id, ip=client_ip())
    db.session.commit()
    flash(_("The person has been told about other services."), "info")
    return redirect(url_for("participants.person", person_id=person.id))


@bp.route("/<id:person_id>/subject-access.json", defaults={"kind": "json"})
@bp.route("/<id:person_id>/subject-access.pdf", defaults={"kind": "pdf"})
@permission_required("privacy_requests")
@recent_auth_required()
def subject_access(person_id: int, kind: str):
    """Everything kept about the person, for their request to see it (recorded)."""
    person = get_or_404(Person, person_id)
    access = privacy.gather(g.tenant.name, person.id, person.name, utcnow())
    record("person.subject_access", actor_id=current_user.id, ip=client_ip(), obj=person,
           format=kind)  # fmt: skip
    db.session.commit()
    name = f"{g.tenant.slug}-{person.id}-{utcnow():%Y%m%d}.{kind}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    content, mimetype = privacy.as_file(access, g.tenant, person.language, kind)
    return Response(content, mimetype=mimetype, headers=headers)


def _erasure_effects() -> dict[str, str]:
    return {
        "removed": _("Removed"),
        "kept": _("Kept, without a name"),
        "cleared": _("Free texts and names cleared"),
        "anonymised": _("Anonymised"),
    }


@bp.route("/<id:person_id>/erase", methods=["GET", "POST"])
@permission_required("privacy_requests")
@recent_auth_required(back="participants.people")
def erase(person_id: int):
    """Two steps: this page says what erasure removes and keeps, then the confirmed
    form erases (and the audit log records who did it)."""
    person = get_or_404(Person, person_id)
    form = forms.ErasureForm()
    if person.erased_at is None and form.validate_on_submit():
        services.erase(person, actor_id=current_user.id, ip=client_ip())
        data_requests.answer_open(person, "erasure", by=current_user.id, ip=client_ip())
        db.session.commit()
        flash(_("The person's data has been erased."), "info")
        return redirect(url_for("participants.person", person_id=person.id))
    status = 400 if form.is_submitted() else 200
    page = render_template(
        "participants/erase.html",
        person=person,
        form=form,
        places=privacy_places(),
        effects=_erasure_effects(),
    )
    return page, status


@bp.route("/privacy")
@permission_required("privacy_requests")
def privacy_records():
    """What personal data the organisation keeps, why, for how long, and who is due
    for erasure in the next days (for the organisation's record of processing)."""
    return render_template(
        "participants/privacy.html",
        places=privacy_places(),
        effects=_erasure_effects(),
        rules=[
            (rule, participants_settings.get(g.tenant, rule.setting)) for rule in retention.RULES
        ],
        statuses=ParticipantStatus.labels(),
        page=retention.due_page(g.tenant, utcnow(), Position.from_args(request.args, 2)),
    )
