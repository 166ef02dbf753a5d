"""The register for staff: the list of people, a person's page, status and notes."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari import db
from kaari.accounts.access import staff_required
from kaari.intake.forms import FORMS
from kaari.participants import forms, services
from kaari.participants.models import EXIT_STATUSES
from kaari.tenancy.routing import tenant_blueprint
from kaari.web import client_ip

bp = tenant_blueprint("participants", __name__, "/staff/participants")
REGISTER_ROLES = ("admin", "coordinator")


def _filters() -> services.Filters:
    args = request.args
    return services.Filters(
        role=args.get("role", ""),
        status=args.get("status", ""),
        search=args.get("q", "")[:100],
        flagged=args.get("flagged") == "1",
        page=args.get("page", 1, type=int) or 1,
    )


@bp.route("/")
@staff_required(*REGISTER_ROLES)
def people():
    filters = _filters()
    return render_template(
        "participants/list.html",
        page=services.find_people(filters),
        filters=filters,
        roles=forms.role_labels(),
        statuses=forms.status_labels(),
    )


def _person_or_404(person_id: int):
    person = services.get_person(person_id)
    if person is None:
        abort(404)
    return person


def _answer_rows(person) -> list[tuple[str, str]]:
    """The person's answers with the form's labels in the reader's language."""
    form = FORMS[person.role](formdata=None, data={}, meta={"csrf": False})
    rows = []
    for name, field in form._fields.items():
        value = person.answers.get(name, "")
        if not value:
            continue
        choices = dict(field.choices) if getattr(field, "choices", None) else {}
        rows.append((str(field.label.text), str(choices.get(value, value))))
    return rows


@bp.route("/<id:person_id>")
@staff_required(*REGISTER_ROLES)
def person(person_id: int):
    person = _person_or_404(person_id)
    services.record_view(person, actor_id=current_user.id, ip=client_ip())
    db.session.commit()
    return render_template(
        "participants/person.html",
        person=person,
        answers=_answer_rows(person),
        history=services.history(person),
        notes=services.notes(person),
        status_form=forms.StatusForm(status=person.status),
        note_form=forms.NoteForm(),
        roles=forms.role_labels(),
        statuses=forms.status_labels(),
    )


@bp.route("/<id:person_id>/status", methods=["POST"])
@staff_required(*REGISTER_ROLES)
def change_status(person_id: int):
    person = _person_or_404(person_id)
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


@bp.route("/<id:person_id>/notes", methods=["POST"])
@staff_required(*REGISTER_ROLES)
def add_note(person_id: int):
    person = _person_or_404(person_id)
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
