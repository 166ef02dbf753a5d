"""The staff forms for adding a person and correcting a person's data: the contact
details, and the registration form's answers with the registration form's own checks,
where any answer may be left empty."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional

from kaari.core.choices import as_choices
from kaari.intake import custom_fields, rectification, tenant_forms
from kaari.intake.forms import no_web_address, typed


def consent_channel_choices():
    return as_choices(
        [
            ("phone", _l("Orally, by phone")),
            ("paper_form", _l("On a paper form")),
            ("web_form", _l("On a web form")),
        ]
    )


class ContactDetailsForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), no_web_address])
    email = EmailField(
        _l("Email"),
        validators=[Optional(), Email(), Length(max=254)],
        description=_l("Email or phone is needed; the phone is asked below."),
    )
    municipality = StringField(
        _l("Home municipality"), validators=[Optional(), Length(max=80), no_web_address]
    )
    language = SelectField(_l("Language for our messages"))

    DETAILS = rectification.DETAILS

    def details(self) -> dict[str, str]:
        return {name: (self[name].data or "").strip() for name in self.DETAILS}


class CompleteRegistrationField:
    complete = BooleanField(
        _l(
            "The whole registration form is here (a paper form or a phone call): the registration is complete"
        ),
        description=_l("Every required answer must then be given."),
    )


class StaffEntryForm(CompleteRegistrationField, ContactDetailsForm):
    target_group = SelectField(_l("Target group"), coerce=int, validators=[Optional()])
    partner = SelectField(_l("Referred by"), coerce=int, validators=[Optional()])
    event = StringField(
        _l("Where the person came from, e.g. an information session (optional)"),
        validators=[Optional(), Length(max=200)],
    )
    consent_channel = RadioField(
        _l("How the person consented to the privacy notice"),
        choices=consent_channel_choices,
        validators=[DataRequired()],
    )
    consent_date = DateField(_l("Date of the consent"), validators=[DataRequired()])
    notice_version = IntegerField(
        _l("Version of the privacy notice the person read or was read"),
        validators=[DataRequired(), NumberRange(min=1, max=1000)],
    )
    send_link = BooleanField(_l("Send the person the link to complete the registration"))


def answers_form_class(role: str, version: int | None, language: str, default_language: str):
    """The role's registration form as the tenant asked it in form version `version`,
    without what only the person can choose (what a pair sees, the introduction)."""
    definition = custom_fields.definition_of(role, version)
    base = tenant_forms.registration_form(
        role, definition, language, default_language, for_staff=True
    )
    return type(f"Staff{base.__name__}", (base,), dict.fromkeys(base.fixed_fields))


def answers_form(form_class, data: dict | None = None):
    """The answers part of a staff page (no CSRF token of its own: the page's form has it)."""
    return form_class(prefix="answer", data=data, meta={"csrf": False})


class CorrectionForm(CompleteRegistrationField, ContactDetailsForm):
    pass


def answers_valid(form, *, complete: bool) -> bool:
    """The registration form's checks: all of them for a complete form, else only on
    the answers given."""
    return form.validate() if complete else partly_valid(form)


def partly_valid(form) -> bool:
    """The registration form's checks, but an empty answer is never an error."""
    form.validate()
    for field in form:
        if field.errors and typed(field) in ("", []):
            field.errors = []
    return not any(field.errors for field in form)


def given_answers(form) -> dict:
    """The answers typed, the empty ones left out."""
    return {name: value for name, value in form.answers().items() if value not in ("", [])}
