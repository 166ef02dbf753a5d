"""The import pages: upload, columns, statuses and consent, the dry run's report
and the import's progress (the page refreshes itself while a job runs)."""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext, ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from kaari.accounts.access import permission_required
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.lookups import get_or_404
from kaari.core.web import client_ip
from kaari.intake.imports import example, forms, jobs, services
from kaari.intake.imports.fields import LABELS
from kaari.intake.imports.models import MAX_WORDS, RUNNING_STATES, RegisterImport
from kaari.intake.imports.reading import ImportFileError
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("register_import", __name__, "/staff/participants/import")
PERMISSION = "import_register"
# Seconds between refreshes of the page while a job runs.
REFRESH = 3

FILE_ERRORS = {
    "type": _l(
        "Kaari reads Excel workbooks (.xlsx) and CSV files. Save the file in one of these formats and try again."
    ),
    "size": _l("The file is larger than %(megabytes)d MB. Split it into smaller files."),
    "encoding": _l(
        "The characters of the file cannot be read. Save it as CSV UTF-8 and try again."
    ),
    "broken": _l("The workbook cannot be opened. Open it in Excel, save it again and try again."),
    "empty": _l("The file has no rows. The first row should have the column names."),
    "gone": _l("The uploaded file is no longer there. Upload it again."),
    "error": _l("The import stopped because of an error. Nothing was imported; please try again."),
    "lost": _l(
        "The check or the import stopped without finishing, for example because the server "
        "was restarted. Nothing was imported. Start the check again."
    ),
}
MAPPING_ERRORS = {
    "twice": _l("Each field can be chosen for one column only."),
    "name": _l("Choose the column of the name, or of the first and last names."),
    "contact": _l("Choose the column of the email address or of the phone number."),
    "status_words": lazy_ngettext(
        "The column chosen for the status has more than %(num)d different value. "
        "Choose the column that holds the status words, or no column for the status.",
        "The column chosen for the status has more than %(num)d different values. "
        "Choose the column that holds the status words, or no column for the status.",
        MAX_WORDS,
    ),
    "not_ready": _l("Correct the errors in the file and upload it again before importing."),
}
ROW_ERRORS = {
    "name_missing": _l("The name is missing."),
    "contact_missing": _l("Both the email address and the phone number are missing."),
    "email": _l("The email address is not valid."),
    "phone": _l("The phone number is not valid. Write it for example as +358 40 123 4567."),
    "role": _l("The role is missing or not known."),
    "status": _l("The status is not mapped to a status of Kaari."),
    "language": _l("The language is not known. Use Finnish, Swedish or English."),
    "birth_year": _l("The year of birth is not valid."),
    "too_long": _l("The text is too long."),
    "web_address": _l("The text contains a web address."),
    "formula": _l("The cell contains a formula. Replace it with its value."),
    "same_email": _l("The same email address is on row %(other)d."),
    "same_phone": _l("The same phone number is on row %(other)d."),
}


def state_labels() -> dict[str, str]:
    return {
        "reading": _l("Reading the file"),
        "uploaded": _l("Columns not chosen"),
        "mapped": _l("Statuses not chosen"),
        "checking": _l("Checking"),
        "checked": _l("Checked"),
        "importing": _l("Importing"),
        "done": _l("Imported"),
        "failed": _l("Failed"),
    }


@bp.url_value_preprocessor
def _allow_large_uploads(endpoint, _values) -> None:
    """The upload may exceed MAX_CONTENT_LENGTH; set before the CSRF check reads the form."""
    if endpoint == "register_import.upload":
        request.max_content_length = current_app.config["REGISTER_IMPORT_MAX_BYTES"] + 65536


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error):
    flash(_file_error("size"), "error")
    return redirect(url_for("register_import.upload"), code=303)


def _file_error(code: str) -> str:
    limits = jobs.limits(current_app)
    if code == "rows":  # the noun follows the limit, so its form depends on it
        return ngettext(
            "The file has more than %(num)d row. Split it into smaller files.",
            "The file has more than %(num)d rows. Split it into smaller files.",
            limits.max_rows,
        )
    return str(FILE_ERRORS[code]) % {"megabytes": limits.max_bytes // (1024 * 1024)}


def mapping_error(code: str) -> str:
    return str(MAPPING_ERRORS[code])


def row_error(error: dict) -> str:
    return str(ROW_ERRORS[error["code"]]) % {"other": error.get("other", 0)}


def _to_step(imported):
    return redirect(url_for("register_import.show", import_id=imported.id))


@bp.route("/", methods=["GET", "POST"])
@permission_required(PERMISSION)
def upload():
    form = forms.UploadForm()
    if form.validate_on_submit():
        upload = form.register_file.data
        try:
            imported = services.upload(
                upload.filename or "",
                upload.read(),
                jobs.limits(current_app),
                actor_id=current_user.id,
                ip=client_ip(),
            )
        except ImportFileError as error:
            db.session.rollback()
            flash(_file_error(error.code), "error")
        else:
            jobs.start(imported, g.tenant.id)
            db.session.commit()
            return redirect(url_for("register_import.columns", import_id=imported.id))
    return render_template(
        "participants/imports/upload.html",
        form=form,
        imports=services.recent_imports(),
        state_labels=state_labels(),
    )


@bp.route("/example.xlsx")
@permission_required(PERMISSION)
def example_file():
    return Response(
        example.workbook(),
        mimetype=services.CONTENT_TYPES["xlsx"],
        headers={"Content-Disposition": 'attachment; filename="rekisteri-esimerkki.xlsx"'},
    )


@bp.route("/<id:import_id>/columns", methods=["GET", "POST"])
@permission_required(PERMISSION)
def columns(import_id: int):
    imported = get_or_404(RegisterImport, import_id)
    if not imported.read_at or imported.state not in ("uploaded", "mapped", "checked", "failed"):
        return _to_step(imported)
    form = forms.mapping_form(imported.columns, imported.mapping)
    saved = services.saved_mappings()
    saved_form = forms.SavedMappingForm()
    saved_form.saved.choices = as_choices((mapping.id, mapping.name) for mapping in saved)
    if form.validate_on_submit():
        mapping = [field.data for field in forms.column_fields(form, len(imported.columns))]
        try:
            services.set_mapping(
                imported, mapping, save_as=form.save_as.data or "", actor_id=current_user.id
            )
        except services.MappingError as error:
            flash(mapping_error(error.code), "error")
        else:
            db.session.commit()
            return redirect(url_for("register_import.details", import_id=imported.id))
    return render_template(
        "participants/imports/columns.html",
        imported=imported,
        form=form,
        column_fields=forms.column_fields(form, len(imported.columns)),
        saved_form=saved_form if saved else None,
    )


@bp.route("/<id:import_id>/saved", methods=["POST"])
@permission_required(PERMISSION)
def use_saved(import_id: int):
    imported = get_or_404(RegisterImport, import_id)
    form = forms.SavedMappingForm()
    form.saved.choices = as_choices(
        (mapping.id, mapping.name) for mapping in services.saved_mappings()
    )
    if form.validate_on_submit() and services.use_saved_mapping(imported, form.saved.data):
        db.session.commit()
        flash(_("The saved mapping is in use. Check it and continue."), "info")
    return redirect(url_for("register_import.columns", import_id=imported.id))


@bp.route("/<id:import_id>/details", methods=["GET", "POST"])
@permission_required(PERMISSION)
def details(import_id: int):
    imported = get_or_404(RegisterImport, import_id)
    if imported.state not in ("mapped", "checked", "failed"):
        return _to_step(imported)
    form = forms.details_form(imported.status_words)
    if not form.is_submitted() and imported.consent_basis:
        form.default_role.data = imported.default_role
        form.consent_basis.data = imported.consent_basis
        form.informed_on.data = imported.informed_on
    words = list(imported.status_words)
    if form.validate_on_submit():
        fields = forms.status_fields(form, len(words))
        services.set_details(
            imported,
            {word: field.data for word, field in zip(words, fields, strict=True)},
            default_role=form.default_role.data or "",
            consent_basis=form.consent_basis.data,
            informed_on=form.informed_on.data,
        )
        jobs.start(imported, g.tenant.id)
        db.session.commit()
        return _to_step(imported)
    return render_template(
        "participants/imports/details.html",
        imported=imported,
        form=form,
        status_fields=forms.status_fields(form, len(words)),
        has_role_column="role" in imported.mapping,
    )


@bp.route("/<id:import_id>")
@permission_required(PERMISSION)
def show(import_id: int):
    imported = get_or_404(RegisterImport, import_id)
    if imported.state == "uploaded":
        return redirect(url_for("register_import.columns", import_id=imported.id))
    if imported.state == "mapped":
        return redirect(url_for("register_import.details", import_id=imported.id))
    running = imported.state in RUNNING_STATES
    return render_template(
        "participants/imports/show.html",
        imported=imported,
        refresh=REFRESH if running else None,
        running=running,
        failure=_file_error(imported.failure) if imported.state == "failed" else "",
        row_error=row_error,
        labels={key: label() for key, label in LABELS.items()},
        confirm_form=forms.ConfirmForm(),
    )


@bp.route("/<id:import_id>/confirm", methods=["POST"])
@permission_required(PERMISSION)
def confirm(import_id: int):
    imported = get_or_404(RegisterImport, import_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.confirm(imported, actor_id=current_user.id, ip=client_ip())
    except services.MappingError as error:
        flash(mapping_error(error.code), "error")
    else:
        jobs.start(imported, g.tenant.id)
        db.session.commit()
    return _to_step(imported)
