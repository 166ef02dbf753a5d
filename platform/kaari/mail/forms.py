"""The mailing form: an audience (of those the user may mail, each with its rule for how
its choices combine), and a subject and text in each of the tenant's languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES
from kaari.mail.audiences import offered

MAX_BODY = 20_000


class MailingFormBase(FlaskForm):
    audience = RadioField(
        _l("Who gets it"),
        validators=[DataRequired()],
        description=_l(
            "Choose one kind of audience, then tick who in it. Within one kind of choice "
            "(groups, roles, statuses), a person needs to match any one of the ticked; "
            "across kinds, one of each. Preview shows how many people get the mailing."
        ),
    )
    # The audience and its size as the last preview showed them (mailings.confirmation).
    confirmed = HiddenField()
    preview = SubmitField(_l("Preview"))
    send = SubmitField(_l("Send"))

    def chosen_options(self) -> list[str]:
        return self[f"options_{self.audience.data}"].data or []

    def validate_audience(self, field) -> None:
        if f"options_{field.data}" in self and not self[f"options_{field.data}"].data:
            raise ValidationError(_l("Choose at least one group of people."))

    def texts(self, prefix: str) -> dict[str, str]:
        return {
            name.removeprefix(f"{prefix}_"): field.data.strip()
            for name, field in self._fields.items()
            if name.startswith(f"{prefix}_") and field.data and field.data.strip()
        }


def mailing_form(languages: list[str], default_language: str) -> MailingFormBase:
    """A form class for these languages; the default language's texts are required."""

    class MailingForm(MailingFormBase):
        pass

    for language in languages:
        required = DataRequired() if language == default_language else Optional()
        name = LANGUAGE_NAMES[language]
        setattr(
            MailingForm,
            f"subject_{language}",
            StringField(
                _l("Subject (%(language)s)", language=name), validators=[required, Length(max=200)]
            ),
        )
        setattr(
            MailingForm,
            f"body_{language}",
            TextAreaField(
                _l("Message (%(language)s)", language=name),
                validators=[required, Length(max=MAX_BODY)],
                render_kw={"rows": 10},
            ),
        )
    audiences = offered()
    for key, audience in audiences.items():
        setattr(
            MailingForm,
            f"options_{key}",
            SelectMultipleField(
                audience.label(),
                choices=audience.options,
                description=audience.rule(),
                widget=ListWidget(prefix_label=False),
                option_widget=CheckboxInput(),
            ),
        )
    form = MailingForm()
    form.audience.choices = as_choices(
        (key, audience.label()) for key, audience in audiences.items()
    )
    if not form.audience.data and len(audiences) == 1:
        form.audience.data = next(iter(audiences))
    return form
