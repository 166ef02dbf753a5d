"""The form editor: coordinators add their own questions to the registration forms
and relabel or hide optional built-in fields. Every save is a new form version."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.core import db
from kaari.core.choices import labels_of
from kaari.core.i18n import select_language
from kaari.core.web import client_ip
from kaari.intake import custom_fields, forms, tenant_forms
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.services import eligibility_questions

bp = tenant_blueprint("form_editor", __name__, "/staff/forms")


def form_titles() -> dict[str, str]:
    return {
        "contact": _l("Contact form"),
        "actor": _l("Registration of actors"),
        "mentor": _l("Registration of mentors"),
        "other": _l("Registration of other contributors"),
    }


def _form_or_404(form_name: str) -> str:
    if form_name not in custom_fields.FORM_NAMES:
        abort(404)
    return form_name


def _save(form_name: str, definition: dict) -> bool:
    tenant = g.tenant
    try:
        clean = custom_fields.check_definition(
            definition,
            tenant_forms.optional_builtins(form_name),
            tenant.languages,
            tenant.default_language,
        )
    except custom_fields.DefinitionError as error:
        flash(_("The form could not be saved: %(problem)s", problem=str(error)), "error")
        return False
    version = custom_fields.save_definition(
        form_name, clean, actor_id=current_user.id, ip=client_ip()
    )
    db.session.commit()
    if version is not None:
        flash(_("Saved as version %(number)d of the form.", number=version.number), "info")
    return True


@bp.route("/")
@permission_required("manage_intake")
def form_list():
    current = {name: custom_fields.current_version(name) for name in custom_fields.FORM_NAMES}
    return render_template("intake/form_list.html", titles=form_titles(), current=current)


@bp.route("/<form_name>")
@permission_required("manage_intake")
def form_page(form_name: str):
    _form_or_404(form_name)
    language = select_language()
    definition = custom_fields.definition_of(form_name, None)
    return render_template(
        "intake/form_editor.html",
        form_name=form_name,
        title=form_titles()[form_name],
        builtins=tenant_forms.builtin_fields(form_name),
        changes=definition["builtins"],
        questions=definition["fields"],
        kinds=labels_of(forms.field_kind_choices()),
        versions=custom_fields.versions(form_name),
        language=language,
    )


def _texts_data(change: dict) -> dict:
    """A question's (or built-in field's) label and help as the editor's form data."""
    data = {}
    for code in g.tenant.languages:
        data[f"label_{code}"] = change["label"].get(code, "")
        data[f"help_{code}"] = change["help"].get(code, "")
    return data


def _question_data(spec: dict) -> dict:
    data = {"kind": spec["kind"], "required": spec["required"], **_texts_data(spec)}
    for code in g.tenant.languages:
        data[f"choices_{code}"] = "\n".join(
            choice["label"].get(code, "") for choice in spec.get("choices", [])
        )
    return data


def _question_spec(form: forms.QuestionForm, key: str, old_choices: list[dict]) -> dict:
    spec = {
        "key": key,
        "kind": form.kind.data,
        "label": form.texts("label"),
        "help": form.texts("help"),
        "required": form.required.data,
    }
    if form.kind.data in custom_fields.CHOICE_KINDS:
        lines = form.choice_lines()
        default = form.languages[0]
        # A choice keeps its key when only its wording changes, so answers keep their meaning.
        keys = [choice["key"] for choice in old_choices][: len(lines[default])]
        for text in lines[default][len(keys) :]:
            keys.append(custom_fields.new_key(text, set(keys)))
        spec["choices"] = [
            {"key": key, "label": {code: lines[code][i] for code in lines if lines[code]}}
            for i, key in enumerate(keys)
        ]
    return spec


@bp.route("/<form_name>/questions/new", methods=["GET", "POST"])
@bp.route("/<form_name>/questions/<field_key>", methods=["GET", "POST"])
@permission_required("manage_intake")
def question(form_name: str, field_key: str | None = None):
    _form_or_404(form_name)
    definition = custom_fields.definition_of(form_name, None)
    existing = custom_fields.field_of(definition, field_key) if field_key else None
    if field_key and existing is None:
        abort(404)
    tenant = g.tenant
    data = _question_data(existing) if existing and request.method == "GET" else None
    form = forms.question_form(tenant.languages, tenant.default_language, data=data)
    if form.validate_on_submit():
        taken = {spec["key"] for spec in definition["fields"]}
        key = field_key or custom_fields.new_key(form.texts("label")[form.languages[0]], taken)
        spec = _question_spec(form, key, existing.get("choices", []) if existing else [])
        if existing:
            definition["fields"][definition["fields"].index(existing)] = spec
        else:
            definition["fields"].append(spec)
        if _save(form_name, definition):
            return redirect(url_for("form_editor.form_page", form_name=form_name))
    return render_template(
        "intake/form_question.html",
        form=form,
        form_name=form_name,
        title=form_titles()[form_name],
        existing=existing,
    ), 400 if form.errors else 200


@bp.route("/<form_name>/questions/<field_key>/change", methods=["POST"])
@permission_required("manage_intake")
def change_question(form_name: str, field_key: str):
    """Move a question up or down, or remove it (old answers keep their version)."""
    _form_or_404(form_name)
    definition = custom_fields.definition_of(form_name, None)
    existing = custom_fields.field_of(definition, field_key)
    if existing is None:
        abort(404)
    action = request.form.get("action")
    if action == "remove":
        definition["fields"].remove(existing)
    elif action in ("up", "down"):
        custom_fields.move_field(definition, field_key, -1 if action == "up" else 1)
    _save(form_name, definition)
    return redirect(url_for("form_editor.form_page", form_name=form_name))


@bp.route("/<form_name>/builtins/<field_name>", methods=["GET", "POST"])
@permission_required("manage_intake")
def builtin(form_name: str, field_name: str):
    _form_or_404(form_name)
    field = next((f for f in tenant_forms.builtin_fields(form_name) if f.name == field_name), None)
    if field is None or field.required:
        abort(404)
    definition = custom_fields.definition_of(form_name, None)
    change = definition["builtins"].get(field_name, {"hidden": False, "label": {}, "help": {}})
    tenant = g.tenant
    data = None
    if request.method == "GET":
        data = {"hidden": change["hidden"], **_texts_data(change)}
    form = forms.builtin_change_form(tenant.languages, tenant.default_language, data=data)
    if not field.hideable:
        del form.hidden
    if form.validate_on_submit():
        definition["builtins"][field_name] = {
            "hidden": bool(field.hideable and form.hidden.data),
            "label": form.texts("label"),
            "help": form.texts("help"),
        }
        if _save(form_name, definition):
            return redirect(url_for("form_editor.form_page", form_name=form_name))
    return render_template(
        "intake/form_builtin.html",
        form=form,
        field=field,
        form_name=form_name,
        title=form_titles()[form_name],
    ), 400 if form.errors else 200


@bp.route("/<form_name>/preview")
@permission_required("manage_intake")
def preview(form_name: str):
    """The form as an applicant sees it now, in the language chosen."""
    _form_or_404(form_name)
    definition = custom_fields.definition_of(form_name, None)
    language, default = select_language(), g.tenant.default_language
    if form_name == "contact":
        form_class = tenant_forms.contact_form(
            eligibility_questions(), definition, language, default
        )
    else:
        form_class = tenant_forms.registration_form(form_name, definition, language, default)
    form = form_class(meta={"csrf": False})
    fixed = getattr(form_class, "fixed_fields", ())
    return render_template(
        "intake/form_preview.html",
        fields=[field for field in form if field.name not in fixed],
        form_name=form_name,
        title=form_titles()[form_name],
    )
