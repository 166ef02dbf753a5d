"""The staff form for an actor's outcome, and the names of outcomes for staff and
for actors (who answer in plain words about themselves)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional


def answer_names() -> dict[str, str]:
    """The same categories as an actor answers about themselves."""
    return {
        "employed_own_field": _l("I work in my own field"),
        "employed_other_field": _l("I work in another field"),
        "internship_own_field": _l("I am an intern in my own field"),
        "studies": _l("I study, or I have a research grant"),
        "other": _l("Something else"),
        "none": _l("None of these yet"),
    }


def source_names() -> dict[str, str]:
    return {"staff": _l("recorded by staff"), "follow_up": _l("the actor's own answer")}


class OutcomeForm(FlaskForm):
    person = SelectField(_l("Actor"), coerce=int, validators=[DataRequired()])
    kind = SelectField(_l("Outcome"), validators=[DataRequired()])
    happened_on = DateField(_l("Date"), validators=[DataRequired()])
    other_text = StringField(
        _l("What it was"),
        validators=[Optional(), Length(max=500)],
        description=_l('Needed for "Other", e.g. a work try-out or an own business.'),
    )
