"""Staff forms of the register."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from kaari.core.choices import as_choices
from kaari.participants.models import ParticipantStatus


def waited_labels() -> dict[int, str]:
    return {
        30: _l("Over a month ago"),
        90: _l("Over 3 months ago"),
        180: _l("Over 6 months ago"),
        365: _l("Over a year ago"),
    }


def sort_labels() -> dict[str, str]:
    return {
        "newest": _l("Newest first"),
        "oldest": _l("Oldest first"),
        "name": _l("Name"),
        "waiting": _l("Longest waiting first"),
    }


class StatusForm(FlaskForm):
    status = SelectField(
        _l("New status"),
        choices=ParticipantStatus.choices,
        validators=[DataRequired()],
    )
    reason = StringField(_l("Reason (for side exits)"), validators=[Optional(), Length(max=500)])


class NoteForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=lambda: as_choices([("note", _l("Note")), ("interview", _l("Interview notes"))]),
    )
    text = TextAreaField(_l("Note"), validators=[DataRequired(), Length(max=5000)])


class BulkStatusForm(StatusForm):
    person_ids = SelectMultipleField(coerce=int, validate_choice=False)


class SavedFilterForm(FlaskForm):
    name = StringField(_l("Name of the search"), validators=[DataRequired(), Length(max=80)])
    query = HiddenField()


class ErasureForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand that the person's data is erased for good and cannot be restored."),
        validators=[DataRequired(_l("Tick the box to confirm the erasure."))],
    )
