"""Forms of the platform administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange
from wtforms.widgets import CheckboxInput, ListWidget

from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES
from kaari.reporting.disclosure import MIN_THRESHOLD


def language_choices():
    return as_choices(LANGUAGE_NAMES.items())


class TenantForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    slug = StringField(
        _l("Address"),
        validators=[DataRequired(), Length(min=3, max=40)],
        description=_l(
            "Lower-case letters, digits and hyphens; the organisation's pages are at /address/."
        ),
    )
    default_language = SelectField(_l("Default language"), choices=language_choices)
    languages = SelectMultipleField(
        _l("Languages"),
        choices=language_choices,
        default=["fi", "sv", "en"],
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class InviteAdminForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])


class PlatformSettingsForm(FlaskForm):
    disclosure_threshold = IntegerField(
        _l("Smallest number of people a national figure may describe"),
        [
            InputRequired(),
            NumberRange(
                min=MIN_THRESHOLD,
                max=100,
                message=_l("Use a whole number from 3 to 100: never below 3 people."),
            ),
        ],
        description=_l(
            "Smaller counts are hidden on the national pages, with other cells hidden"
            " so that they cannot be worked out from the totals. Many agencies use 5."
        ),
    )


class DeleteTenantForm(FlaskForm):
    slug = StringField(
        _l("Type the organisation's address to confirm"),
        validators=[DataRequired(_l("Type the address to confirm."))],
    )
