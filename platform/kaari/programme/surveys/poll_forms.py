"""The form a coordinator makes a poll with: its title in each of the tenant's
languages, anonymous or named, to whom it goes, and up to five questions (kind,
wording and choices in each language). Answering uses the feedback survey's answer
form (kaari.programme.surveys.forms.answer_form)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES
from kaari.intake.custom_fields import CHOICE_KINDS, new_key
from kaari.intake.forms import field_kind_choices
from kaari.programme.surveys.polls import MAX_QUESTIONS, POLL_KINDS

QUESTION_NUMBERS = range(1, MAX_QUESTIONS + 1)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class PollFormBase(FlaskForm):
    languages: list[str] = []  # the default language first

    named = RadioField(
        _l("Answers"),
        choices=lambda: as_choices(
            [
                ("anonymous", _l("Anonymous: nobody sees whose answers are whose")),
                ("named", _l("Named: each answer is shown with the name of the one who gave it")),
            ]
        ),
        default="anonymous",
        validators=[DataRequired()],
    )
    audience = RadioField(
        _l("Send a personal link to"),
        choices=lambda: as_choices(
            [
                ("everyone", _l("Everyone in the group")),
                ("actor", _l("Only the actors")),
                ("mentor", _l("Only the mentors")),
            ]
        ),
        default="everyone",
        validators=[DataRequired()],
    )

    def texts(self, prefix: str) -> dict[str, str]:
        """Language → text of the fields named `<prefix>_<language>`, the empty left out."""
        given = {code: (self[f"{prefix}_{code}"].data or "").strip() for code in self.languages}
        return {code: text for code, text in given.items() if text}

    def asked(self) -> list[int]:
        """The numbers of the questions written in the default language."""
        return [n for n in QUESTION_NUMBERS if self.languages[0] in self.texts(f"q{n}_label")]

    def choice_lines(self, number: int) -> dict[str, list[str]]:
        return {code: _lines(self[f"q{number}_choices_{code}"].data) for code in self.languages}

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for number in self.asked():
            if self[f"q{number}_kind"].data not in CHOICE_KINDS:
                continue
            lines = self.choice_lines(number)
            count = len(lines[self.languages[0]])
            errors = self[f"q{number}_choices_{self.languages[0]}"].errors
            if count < 2:
                errors.append(_l("Give at least two choices, one per line."))
            elif any(given and len(given) != count for given in lines.values()):
                errors.append(_l("Give the same choices in every language, in the same order."))
            valid = valid and not errors
        return valid

    def questions(self) -> list[dict[str, Any]]:
        """The questions as survey questions: a choice must be answered, a text may not."""
        specs: list[dict[str, Any]] = []
        for number in self.asked():
            labels = self.texts(f"q{number}_label")
            kind = self[f"q{number}_kind"].data
            spec = {
                "key": new_key(labels[self.languages[0]], {s["key"] for s in specs}),
                "kind": kind,
                "required": kind in CHOICE_KINDS,
                "label": labels,
            }
            if kind in CHOICE_KINDS:
                lines, keys = self.choice_lines(number), set[str]()
                spec["choices"] = []
                for index, text in enumerate(lines[self.languages[0]]):
                    keys.add(key := new_key(text, keys))
                    label = {code: lines[code][index] for code in lines if lines[code]}
                    spec["choices"].append({"key": key, "label": label})
            specs.append(spec)
        return specs


def poll_kind_choices():
    return [choice for choice in field_kind_choices() if choice.value in POLL_KINDS]


def poll_form(languages: list[str], default: str) -> type[PollFormBase]:
    """The form class for the tenant's languages; the title and the first question
    are required in the default language."""
    ordered = [default, *[code for code in languages if code != default]]
    attributes: dict[str, Any] = {"languages": ordered}
    for code in ordered:
        presence = DataRequired() if code == default else Optional()
        attributes[f"title_{code}"] = StringField(
            _l("Title (%(language)s)", language=LANGUAGE_NAMES[code]),
            [presence, Length(max=200)],
        )
    for number in QUESTION_NUMBERS:
        attributes[f"q{number}_kind"] = SelectField(
            _l("Kind of answer to question %(number)d", number=number),
            choices=poll_kind_choices,
            default="choice",
        )
        for code in ordered:
            name = LANGUAGE_NAMES[code]
            presence = DataRequired() if code == default and number == 1 else Optional()
            attributes[f"q{number}_label_{code}"] = StringField(
                _l("Question %(number)d (%(language)s)", number=number, language=name),
                [presence, Length(max=500)],
            )
            attributes[f"q{number}_choices_{code}"] = TextAreaField(
                _l(
                    "Choices of question %(number)d, one per line (%(language)s)",
                    number=number,
                    language=name,
                ),
                [Optional(), Length(max=3000)],
                render_kw={"rows": 3},
            )
    return type("PollForm", (PollFormBase,), attributes)
