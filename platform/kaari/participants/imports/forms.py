"""The import's forms. The column and status forms are built for each file: one
choice per column of the file, and one per status word found in it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from kaari.participants.imports.fields import LABELS
from kaari.participants.labels import role_labels, status_labels
from kaari.participants.models import STATUSES


class UploadForm(FlaskForm):
    register_file = FileField(
        _l("Register file"),
        [FileRequired(_l("Choose a file to import."))],
        description=_l(
            "An Excel workbook (.xlsx, the first sheet) or a CSV file with the column "
            "names on the first row."
        ),
        render_kw={"accept": ".xlsx,.csv,.txt"},
    )


class SavedMappingForm(FlaskForm):
    saved = SelectField(_l("Saved column mapping"), coerce=int)


def field_choices():
    return [("", _l("Do not import")), *((key, label()) for key, label in LABELS.items())]


def mapping_form(columns: list[str], mapping: list[str]):
    """A choice of field for each column, proposed as `mapping`, and a name to save it."""

    class MappingForm(FlaskForm):
        save_as = StringField(
            _l("Save this mapping as (optional)"), validators=[Optional(), Length(max=80)]
        )

    for index, header in enumerate(columns):
        setattr(
            MappingForm,
            f"column_{index}",
            SelectField(header or _l("Column %(number)d", number=index + 1), choices=field_choices),
        )
    data = {f"column_{index}": field for index, field in enumerate(mapping)}
    return MappingForm(data=data)


def column_fields(form, count: int) -> list:
    return [form[f"column_{index}"] for index in range(count)]


def status_choices():
    return [("", _l("Choose")), *((key, status_labels()[key]) for key in STATUSES)]


def details_form(words: dict[str, str]):
    """Kaari's status for each status word of the file, the role of rows without one,
    and the consent basis of the whole import."""

    class DetailsForm(FlaskForm):
        default_role = SelectField(
            _l("Role of rows without one"),
            choices=lambda: [("", _l("None: such a row is an error")), *role_labels().items()],
            validators=[Optional()],
        )
        consent_basis = StringField(
            _l("Basis for keeping these people's data"),
            validators=[DataRequired(), Length(max=300)],
            description=_l(
                "For example: existing register, participants informed of Kaari by email."
            ),
        )
        informed_on = DateField(
            _l("Date the people were informed"),
            validators=[DataRequired(_l("Give the date as day, month and year."))],
        )

    for index, word in enumerate(words):
        setattr(
            DetailsForm,
            f"word_{index}",
            SelectField(
                word or _l("(empty or no status column)"),
                choices=status_choices,
                validators=[DataRequired(_l("Choose a status."))],
            ),
        )
    data = {f"word_{index}": status for index, status in enumerate(words.values())}
    return DetailsForm(data=data)


def status_fields(form, count: int) -> list:
    return [form[f"word_{index}"] for index in range(count)]


class ConfirmForm(FlaskForm):
    """The import button under a dry run without errors."""
