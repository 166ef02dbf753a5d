"""Forms of the feedback surveys: editing a question, opening a survey, and the
answer form built from a survey's frozen questions."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES, pick, translated
from kaari.intake.forms import QuestionForm, field_kind_choices, typed
from kaari.intake.tenant_forms import custom_field
from kaari.programme.surveys.questions import SCALE

ANSWER_PREFIX = "q_"


def question_kind_choices():
    return field_kind_choices() + as_choices([("scale", _l("Scale from 1 to 5"))])


class SurveyQuestionForm(QuestionForm):
    """The intake question form (its choice checks included), with scales."""

    kind = SelectField(_l("Kind of answer"), choices=question_kind_choices)


def survey_question_form(languages: list[str], default: str, **kwargs) -> SurveyQuestionForm:
    """The form with a label, choices and scale end labels for each of the tenant's
    languages, the default language first (its label is required)."""
    ordered = [default, *[code for code in languages if code != default]]
    attributes: dict[str, Any] = {"languages": ordered}
    for code in ordered:
        name = LANGUAGE_NAMES[code]
        presence = DataRequired() if code == default else Optional()
        attributes[f"label_{code}"] = StringField(
            _l("Question (%(language)s)", language=name), [presence, Length(max=500)]
        )
        attributes[f"choices_{code}"] = TextAreaField(
            _l("Choices, one per line (%(language)s)", language=name),
            [Optional(), Length(max=3000)],
        )
        attributes[f"low_{code}"] = StringField(
            _l("Words for 1 on the scale (%(language)s)", language=name),
            [Optional(), Length(max=100)],
        )
        attributes[f"high_{code}"] = StringField(
            _l("Words for 5 on the scale (%(language)s)", language=name),
            [Optional(), Length(max=100)],
        )
    return type("SurveyQuestionForm", (SurveyQuestionForm,), attributes)(**kwargs)


AUDIENCES = ("absent", "everyone")


def audience_choices():
    return as_choices(
        [
            ("absent", _l("Only those not recorded as present at the final meeting")),
            ("everyone", _l("Everyone in the group")),
        ]
    )


class LinksForm(FlaskForm):
    audience = RadioField(
        _l("Mail a personal survey link to"),
        choices=audience_choices,
        default="absent",
        validators=[DataRequired()],
    )


def _scale_field(spec: dict, language: str, default: str, required: bool) -> RadioField:
    low, high = pick(spec.get("low"), language, default), pick(spec.get("high"), language, default)
    words = {1: low, 5: high}
    choices = as_choices((str(n), f"{n} ({words[n]})" if words.get(n) else str(n)) for n in SCALE)
    return RadioField(
        pick(spec["label"], language, default),
        [InputRequired() if required else Optional()],
        choices=choices,
    )


def answer_form(
    questions: list[dict], language: str, default: str, *, paper: bool = False
) -> type[FlaskForm]:
    """A form class asking the questions in `language`. Paper answers are typed in as
    they are on the sheet, so on paper no question is required."""
    attributes: dict[str, Any] = {}
    for spec in questions:
        required = spec["required"] and not paper
        name = ANSWER_PREFIX + spec["key"]
        if spec["kind"] == "scale":
            attributes[name] = _scale_field(spec, language, default, required)
        else:
            attributes[name] = custom_field({**spec, "required": required}, language, default)
    return type("SurveyAnswerForm", (FlaskForm,), attributes)


def answers_of(form: FlaskForm, questions: list[dict]) -> dict[str, Any]:
    """The answers given, by question key; unanswered questions are left out."""
    answers: dict[str, Any] = {}
    for spec in questions:
        value = typed(form[ANSWER_PREFIX + spec["key"]])
        if value in ("", []):
            continue
        answers[spec["key"]] = int(value) if spec["kind"] == "scale" else value
    return answers


def answer_label(spec: dict, key: str) -> str:
    """How a counted answer reads: a choice's wording, yes or no, or the scale's number."""
    if spec["kind"] == "yes_no":
        return str(_l("Yes") if key == "yes" else _l("No"))
    choices = {choice["key"]: choice["label"] for choice in spec.get("choices", [])}
    return translated(choices[key]) if key in choices else key
