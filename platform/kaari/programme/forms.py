"""Forms for groups, their leaders and pairs, and meetings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional


def status_names() -> dict[str, str]:
    return {"planning": _l("Planning"), "running": _l("Running"), "closed": _l("Closed")}


def meeting_names() -> dict[str, str]:
    return {
        "kickoff": _l("Kick-off meeting"),
        "midpoint": _l("Mid-point meeting"),
        "final": _l("Final meeting"),
        "extra_kickoff": _l("Separate kick-off"),
        "training": _l("Training evening"),
        "social": _l("Social event"),
    }


def rsvp_errors() -> dict[str, str]:
    """Why an answer to a meeting invitation was not taken."""
    return {
        "full": _l("Sorry, the meeting is full."),
        "past": _l("The meeting has already started; answers are closed."),
        "bad_answer": _l("Choose one of the two answers."),
    }


class GroupForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Short, e.g. HKI1."),
    )
    target_group = SelectField(_l("Target group"), coerce=int, validators=[Optional()])
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    venue = StringField(
        _l("Usual venue"),
        validators=[Optional(), Length(max=200)],
        description=_l("Where the group meetings are, unless a meeting says otherwise."),
    )
    status = SelectField(_l("Status"), default="planning")


class LeadersForm(FlaskForm):
    leaders = SelectMultipleField(
        _l("Group leaders"), coerce=int, description=_l("One or two; big groups need two.")
    )


class AddPairsForm(FlaskForm):
    pairs = SelectMultipleField(_l("Pairs without a group"), coerce=int)


class MoveForm(FlaskForm):
    to_group = SelectField(_l("Move to group"), coerce=int)
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)])


class EndPairForm(FlaskForm):
    reason = StringField(_l("Why the pair ends"), validators=[DataRequired(), Length(max=500)])
    members = RadioField(
        _l("What happens to the members"),
        choices=[
            ("waiting", _l("Both wait for a new pair (re-match)")),
            ("dropped_out", _l("Both leave the programme")),
        ],
        default="waiting",
    )


class MeetingForm(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    starts = TimeField(_l("Starts"), validators=[DataRequired()])
    ends = TimeField(_l("Ends"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1, max=1000)])
    trainer = StringField(_l("Trainer or host"), validators=[Optional(), Length(max=120)])
