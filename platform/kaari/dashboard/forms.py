"""The organisation's own texts (one field per text and language) and its settings."""

from __future__ import annotations

from zoneinfo import available_timezones

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from kaari.i18n import LANGUAGE_NAMES
from kaari.tenancy.services import MAX_TEXT, TEXT_KEYS
from kaari.tenancy.settings import CONTROLLER_KEYS


def text_titles() -> dict[str, tuple[str, str]]:
    """Each text's title and where it is shown."""
    return {
        "tagline": (_l("Tagline"), _l("One sentence under the name on the front page.")),
        "about": (_l("About the network"), _l("Who the network is for and how it works.")),
        "how_to_join": (
            _l("How to join"),
            _l("Shown on the front page; an empty line starts a new paragraph."),
        ),
        "privacy_notice": (
            _l("Privacy notice"),
            _l("Every change gets a new version number; new consents refer to it."),
        ),
        "other_services": (
            _l("Other services"),
            _l("Sent to people outside the target group, with the reason."),
        ),
        "pair_invitation": (
            _l("Joint invitation to a new pair"),
            _l(
                "A paragraph in the message that introduces the two members of a new pair to each other."
            ),
        ),
    }


class TextsFormBase(FlaskForm):
    def texts(self) -> dict[str, dict[str, str]]:
        """key → language → text, as typed."""
        found: dict[str, dict[str, str]] = {}
        for name, field in self._fields.items():
            key, _, language = name.rpartition("__")
            if key in TEXT_KEYS:
                found.setdefault(key, {})[language] = field.data or ""
        return found


def texts_form(languages: list[str]) -> type[TextsFormBase]:
    """A form class with a field for each text in each of the tenant's languages."""

    class TextsForm(TextsFormBase):
        pass

    for key in TEXT_KEYS:
        for language in languages:
            setattr(
                TextsForm,
                f"{key}__{language}",
                TextAreaField(
                    LANGUAGE_NAMES[language],
                    validators=[Optional(), Length(max=MAX_TEXT)],
                    render_kw={"rows": 6 if key in ("privacy_notice", "about") else 3},
                ),
            )
    return TextsForm


# The programme settings that admins and coordinators change, in the order shown; the
# privacy notice's version follows the notice itself and is not set by hand. The
# controller's settings (tenancy.settings.CONTROLLER_KEYS) have a form of their own.
SETTING_KEYS = (
    "timezone",
    "arc_months",
    "expected_wait_months",
    "reconfirm_after_days",
    "invitation_reminder_days",
    "actor_preferences",
    "nudge_after_weeks",
    "survey_reminder_days",
    "follow_up_months",
    "pack_diary_pages",
)


def _months(text: str) -> list[int]:
    return [int(part) for part in text.replace(",", " ").split()]


def _check_months(_form, field) -> None:
    try:
        months = _months(field.data or "")
    except ValueError:
        raise ValidationError(
            _l("Write whole months separated by commas, e.g. 3, 6, 12.")
        ) from None
    if any(not 1 <= m <= 60 for m in months):
        raise ValidationError(_l("Each follow-up must be 1 to 60 months after the group closed."))


def _check_zone(_form, field) -> None:
    if field.data not in available_timezones():
        raise ValidationError(_l("Choose a time zone such as Europe/Helsinki."))


def _days(label, low: int, high: int, help_text):
    return IntegerField(label, [InputRequired(), NumberRange(low, high)], description=help_text)


class SettingsForm(FlaskForm):
    timezone = StringField(
        _l("Time zone"),
        [InputRequired(), _check_zone],
        description=_l("Meeting times are entered and shown in it, e.g. Europe/Helsinki."),
    )
    arc_months = _days(
        _l("Months of the mentoring arc"), 6, 12, _l("Used for planning the group meetings.")
    )
    expected_wait_months = _days(
        _l("Expected wait for a pair, in months"), 0, 36, _l("Applicants are told this.")
    )
    reconfirm_after_days = _days(
        _l("Days before an old registration is re-confirmed"), 7, 730, None
    )
    invitation_reminder_days = _days(
        _l("Days before the silent get a reminder of the joint invitation"), 1, 60, None
    )
    actor_preferences = BooleanField(_l("Actors rank a shortlist of mentors"))
    nudge_after_weeks = _days(
        _l("Weeks without a pair meeting before a pair is reminded"),
        0,
        26,
        _l("0 switches the reminders off; coordinators hear of pairs quiet twice as long."),
    )
    survey_reminder_days = _days(
        _l("Days before the silent get a reminder of the feedback survey"), 1, 60, None
    )
    follow_up_months = StringField(
        _l("Follow-up questions after the arc, in months"),
        [Optional(), _check_months],
        description=_l("Months after the group closed, e.g. 3, 6, 12; leave empty for none."),
    )

    pack_diary_pages = _days(_l("Blank diary pages in the material pack"), 0, 40, None)

    def settings(self) -> dict:
        values = {key: self[key].data for key in SETTING_KEYS}
        values["follow_up_months"] = sorted(set(_months(self.follow_up_months.data or "")))
        return values


class ControllerSettingsForm(FlaskForm):
    """Security and retention: the controller's decisions, changed by admins only."""

    require_two_factor = BooleanField(
        _l("Admins and coordinators must use two-factor sign-in"),
        description=_l("They are asked to set it up before they can use the staff pages."),
    )
    portal_link_days = _days(
        _l("Days a portal link works"), 1, 365, _l("A participant can always ask for a new one.")
    )
    retention_after_arc_months = _days(
        _l("Months personal data is kept after the person's arc ended"), 1, 120, None
    )
    retention_after_exit_months = _days(
        _l("Months personal data is kept after the person left the programme"), 1, 120, None
    )
    retention_unanswered_months = _days(
        _l("Months a contact who never registered is kept"),
        1,
        120,
        _l("After these times the person's data is erased automatically."),
    )

    def settings(self) -> dict:
        return {key: self[key].data for key in CONTROLLER_KEYS}


class ControllerForm(FlaskForm):
    """The controller's contact details, as the privacy notice prints them."""

    contact_name = StringField(
        _l("Contact person or unit"),
        [Optional(), Length(max=120)],
        description=_l("For example the coordinator or the office."),
    )
    contact_email = EmailField(
        _l("Email"),
        [
            DataRequired(_l("The join form opens only once an email address is given.")),
            Email(),
            Length(max=254),
        ],
    )
    contact_phone = StringField(_l("Phone"), [Optional(), Length(max=40)])
    contact_address = StringField(_l("Postal address"), [Optional(), Length(max=300)])
    data_protection_contact = StringField(
        _l("Contact for data protection"),
        [Optional(), Length(max=300)],
        description=_l(
            "The data protection officer or the person who answers data protection "
            "questions, with an email address. Leave empty to use the contact above."
        ),
    )


class AuditFilterForm(FlaskForm):
    """The audit log's filters (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    person = IntegerField(
        _l("Person number"),
        [
            Optional(),
            NumberRange(min=1, message=_l("Write the number shown on the person's page.")),
        ],
    )
    actor = SelectField(_l("Staff member"), choices=[], validate_choice=False)
    action = SelectField(_l("Action"), choices=[], validate_choice=False)
    since = DateField(_l("From"), [Optional()])
    until = DateField(_l("Until"), [Optional()])


class LogoForm(FlaskForm):
    logo = FileField(
        _l("New logo"),
        [FileRequired(_l("Choose a picture file."))],
        description=_l("PNG, JPEG, GIF or WebP, at most 1.5 MB; it is stored as a PNG."),
        render_kw={"accept": "image/png,image/jpeg,image/gif,image/webp"},
    )
