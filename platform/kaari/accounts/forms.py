"""Forms for signing in, passwords and staff invitations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from kaari.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH
from kaari.core.choices import as_choices


def role_choices():
    return as_choices(
        [
            ("admin", _l("Administrator")),
            ("coordinator", _l("Coordinator")),
            ("group_leader", _l("Group leader")),
            ("partner", _l("Partner")),
        ]
    )


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class ForgotPasswordForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class NewPasswordForm(FlaskForm):
    password = PasswordField(
        _l("New password"),
        # Length and content are checked by the service, with one message per reason.
        validators=[DataRequired()],
        description=lazy_ngettext(
            "At least %(num)d character. A few words in a row make a good password.",
            "At least %(num)d characters. A few words in a row make a good password.",
            MIN_PASSWORD_LENGTH,
        ),
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])


class AcceptInvitationForm(NewPasswordForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])


class InviteForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])


def _code_field(*required):
    return StringField(
        _l("Code"),
        validators=[*required, Length(max=20)],
        description=_l(
            "The six digits your authenticator app shows, or one of your recovery codes."
        ),
    )


class CodeForm(FlaskForm):
    code = _code_field(DataRequired())
    remember = BooleanField(_l("Remember this device for 30 days"))


class EnableTwoFactorForm(FlaskForm):
    code = StringField(
        _l("Code from the app"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("Six digits, to check that the app has the right key."),
    )


class PasswordAgainForm(FlaskForm):
    password = PasswordField(
        _l("Your password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )


class ConfirmIdentityForm(PasswordAgainForm):
    code = _code_field()  # asked only when two-factor sign-in is on


class DisableTwoFactorForm(PasswordAgainForm):
    code = _code_field(DataRequired())
