"""Coordinator forms of matching."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from kaari.core.choices import as_choices
from kaari.matching.criteria import CRITERIA


def objective_choices():
    return as_choices(
        [
            ("score", _l("Highest total score")),
            ("count", _l("As many pairs as possible, then the highest score")),
        ]
    )


class ProposeForm(FlaskForm):
    target_group = SelectField(_l("Target group"), coerce=str, validators=[Optional()])
    objective = RadioField(_l("Aim"), choices=objective_choices, validators=[DataRequired()])


class PairForm(FlaskForm):
    """An actor and a mentor of a run's proposals (accept, reject)."""

    actor = HiddenField(validators=[DataRequired()])
    mentor = HiddenField(validators=[DataRequired()])


class PinForm(FlaskForm):
    actor = SelectField(_l("Actor"), coerce=int, validators=[DataRequired()])
    mentor = SelectField(_l("Mentor"), coerce=int, validators=[DataRequired()])


def rules_form(criteria: list[str], data: dict | None = None) -> FlaskForm:
    """The tenant's choice of rule set with a weight and a minimum per criterion."""

    class RulesForm(FlaskForm):
        rule_set = SelectField(_l("Shared rule set"), validators=[DataRequired()])
        objective = RadioField(
            _l("Default aim"), choices=objective_choices, validators=[DataRequired()]
        )
        actor_preferences = BooleanField(_l("Let waiting actors rank a shortlist of mentors"))
        threshold = DecimalField(
            _l("Lowest total score for a proposal, from 0 to 1"),
            places=None,
            validators=[DataRequired(), NumberRange(min=0, max=1)],
        )

    for name in criteria:
        title = CRITERIA[name].title()
        setattr(
            RulesForm,
            f"weight_{name}",
            IntegerField(
                _l("Weight: %(criterion)s", criterion=title),
                validators=[Optional(), NumberRange(min=0, max=100)],
            ),
        )
        setattr(
            RulesForm,
            f"minimum_{name}",
            DecimalField(
                _l("Hard rule, lowest score: %(criterion)s", criterion=title),
                places=None,
                validators=[Optional(), NumberRange(min=0, max=1)],
            ),
        )
    return RulesForm(data=data)


class EndPairForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=300)])


class AskPreferencesForm(FlaskForm):
    """The coordinator's button that sends the shortlist links."""


def _distinct_ranks(form, field) -> None:
    chosen = [f.data for name, f in form._fields.items() if name.startswith("rank_") and f.data]
    if field.data and chosen.count(field.data) > 1:
        raise ValidationError(_l("Give each number to one mentor only."))


def ranking_form(count: int, data: dict | None = None) -> FlaskForm:
    """One rank (1 = first choice) per shortlisted mentor; any may stay unranked."""

    class RankingForm(FlaskForm):
        pass

    choices = as_choices([("", _l("Not ranked"))] + [(str(n), str(n)) for n in range(1, count + 1)])
    for k in range(count):
        setattr(
            RankingForm,
            f"rank_{k}",
            SelectField(
                _l("Your rank for mentor %(letter)s", letter=chr(ord("A") + k)),
                choices=choices,
                validators=[Optional(), _distinct_ranks],
            ),
        )
    return RankingForm(data=data)
