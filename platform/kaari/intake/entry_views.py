"""Staff pages for adding a person by hand and correcting a person's data."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.db import utcnow
from kaari.core.i18n import LANGUAGE_NAMES, pick, select_language
from kaari.core.lookups import get_or_404
from kaari.core.web import client_ip
from kaari.intake import (
    custom_fields,
    entry_forms,
    partners,
    rectification,
    services,
    staff_entry,
)
from kaari.intake.tenant_forms import form_data
from kaari.participants import services as register
from kaari.participants.models import Person, PersonRole
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.services import list_target_groups
from kaari.tenancy.settings import tenancy_settings

bp = tenant_blueprint("staff_entry", __name__, "/staff/participants")


def _language_choices(form) -> None:
    form.language.choices = as_choices((code, LANGUAGE_NAMES[code]) for code in g.tenant.languages)


@bp.route("/new")
@permission_required("edit_people")
def choose_role():
    return render_template("intake/staff_add_role.html", roles=PersonRole.labels())


def _entry_form() -> entry_forms.StaffEntryForm:
    form = entry_forms.StaffEntryForm(prefix="entry")
    _language_choices(form)
    language = select_language()
    groups = (
        (group.id, pick(group.name, language, g.tenant.default_language))
        for group in list_target_groups()
    )
    form.target_group.choices = as_choices([(0, _("Not chosen")), *groups])
    form.partner.choices = as_choices([(0, _("No partner")), *partners.partner_names().items()])
    if not form.is_submitted():
        form.language.data = g.tenant.default_language
        form.consent_channel.data = "phone"
        form.consent_date.data = utcnow().astimezone(g.tenant.zone).date()
        form.notice_version.data = tenancy_settings.get(g.tenant, "privacy_notice_version")
    return form


def _new_person(form, answers_form, role: str) -> staff_entry.NewPerson:
    return staff_entry.NewPerson(
        role=role,
        answers={
            **entry_forms.given_answers(answers_form),
            custom_fields.VERSION_KEY: _current_version(role),
        },
        target_group_id=form.target_group.data or None,
        partner_id=form.partner.data or None,
        event=form.event.data or "",
        consent_channel=form.consent_channel.data,
        consent_date=form.consent_date.data,
        notice_version=form.notice_version.data,
        **form.details(),
    )


def _current_version(role: str) -> int | None:
    version = custom_fields.current_version(role)
    return version.number if version else None


@bp.route("/new/<role>", methods=["GET", "POST"])
@permission_required("edit_people")
def add_person(role: str):
    if role not in PersonRole.values():
        abort(404)
    form = _entry_form()
    answers_class = entry_forms.answers_form_class(
        role, _current_version(role), select_language(), g.tenant.default_language
    )
    answers_form = entry_forms.answers_form(answers_class)
    found: list[Person] = []
    if form.is_submitted():
        complete = form.complete.data
        valid = form.validate() & entry_forms.answers_valid(answers_form, complete=complete)
        phone = answers_form.phone.data or ""
        if valid and not (form.email.data or "").strip() and not phone.strip():
            form.email.errors.append(_("Give an email address or a phone number."))
            valid = False
        if valid and not request.form.get("confirmed"):
            found = staff_entry.duplicates(form.email.data or "", phone)
            for existing in found:  # their names and addresses are shown: a read
                register.record_view(
                    existing, actor_id=current_user.id, ip=client_ip(), what="duplicate"
                )
            db.session.commit()
        if valid and not found:
            person = staff_entry.add_person(
                g.tenant,
                _new_person(form, answers_form, role),
                send_link=form.send_link.data,
                complete=complete,
                actor_id=current_user.id,
                ip=client_ip(),
            )
            db.session.commit()
            flash(_("%(name)s has been added to the register.", name=person.name), "info")
            return redirect(url_for("participants.person", person_id=person.id))
    status = 400 if form.errors or answers_form.errors else 200
    return render_template(
        "intake/staff_add.html",
        form=form,
        answers_form=answers_form,
        role=role,
        roles=PersonRole.labels(),
        duplicates=found,
        **services.code_lists(select_language()),
    ), status


def _field_labels(form, answers_form) -> dict[str, str]:
    """What the corrections table calls each field."""
    labels = {name: str(form[name].label.text) for name in form.DETAILS}
    return labels | {f"answer:{f.short_name}": str(f.label.text) for f in answers_form}


@bp.route("/<id:person_id>/correct", methods=["GET", "POST"])
@permission_required("edit_people")
def correct(person_id: int):
    person = get_or_404(Person, person_id)
    if person.erased_at is not None:
        abort(404)
    data_request = rectification.open_rectification(person, request.args.get("request", type=int))
    version = person.answers.get(custom_fields.VERSION_KEY)
    answers_class = entry_forms.answers_form_class(
        person.role, version, select_language(), g.tenant.default_language
    )
    if request.method == "GET":
        register.record_view(person, actor_id=current_user.id, ip=client_ip(), what="correction")
        db.session.commit()
        form = entry_forms.CorrectionForm(prefix="entry", obj=person)
        definition = custom_fields.definition_of(person.role, version)
        answers_form = entry_forms.answers_form(
            answers_class, form_data(definition, person.answers)
        )
    else:
        form = entry_forms.CorrectionForm(prefix="entry")
        answers_form = entry_forms.answers_form(answers_class)
    _language_choices(form)
    completing = services.registration_open(person) and form.complete.data
    if form.is_submitted() and (
        form.validate() & entry_forms.answers_valid(answers_form, complete=completing)
    ):
        made = rectification.correct(
            person,
            form.details(),
            answers_form.answers(),
            request=data_request,
            actor_id=current_user.id,
            ip=client_ip(),
        )
        if completing:
            staff_entry.complete_entered(person, actor_id=current_user.id, ip=client_ip())
            flash(_("The registration is complete."), "info")
        db.session.commit()
        if made:
            flash(_("The corrections have been saved."), "info")
        else:
            flash(_("Nothing was changed."), "info")
        if data_request is not None:
            flash(_("The request has been marked answered."), "info")
        return redirect(url_for("participants.person", person_id=person.id))
    return render_template(
        "intake/correct.html",
        person=person,
        form=form,
        answers_form=answers_form,
        data_request=data_request,
        corrections=rectification.corrections_of(person),
        registration_open=services.registration_open(person),
        field_labels=_field_labels(form, answers_form),
        **services.code_lists(select_language()),
    ), 400 if form.errors or answers_form.errors else 200
