"""The organisation's own texts (one field per text and language) and its settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from kaari.core.i18n import LANGUAGE_NAMES
from kaari.tenancy.services import MAX_TEXT, TEXT_KEYS
from kaari.tenancy.settings import Setting, on_page


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


def _months(text: str) -> list[int]:
    return [int(part) for part in text.replace(",", " ").split()]


def _typed(setting: Setting, data):
    """A field's data as the setting's value (the only list, of months, is typed as text)."""
    return sorted(set(_months(data or ""))) if isinstance(setting.default, list) else data


def _shown(setting: Setting, value):
    """A setting's value as its field's data."""
    return ", ".join(map(str, value)) if isinstance(setting.default, list) else value


def _declared(setting: Setting):
    """A validator: the value as the page will store it passes the declaration."""

    def check(_form, field) -> None:
        try:
            value = _typed(setting, field.data)
        except ValueError:
            raise ValidationError(
                _l("Write whole months separated by commas, e.g. 3, 6, 12.")
            ) from None
        if setting.problem(value) is not None:
            raise ValidationError(setting.invalid)

    return check


def _field(setting: Setting):
    """The form field of a declared setting, chosen by the type of its default."""
    kind = type(setting.default)
    if kind is bool:
        return BooleanField(setting.label, description=setting.help)
    if kind is int:
        low, high = setting.bounds or (None, None)
        validators = [InputRequired(), NumberRange(low, high)]
        return IntegerField(setting.label, validators, description=setting.help)
    required = Optional() if kind is list or setting.default == "" else InputRequired()
    return StringField(setting.label, [required, _declared(setting)], description=setting.help)


class SettingsFormBase(FlaskForm):
    page_settings: tuple[Setting, ...] = ()

    @classmethod
    def filled(cls, tenant) -> SettingsFormBase:
        """The form showing the tenant's values (or what was posted)."""
        return cls(data={s.key: _shown(s, tenant.setting(s.key)) for s in cls.page_settings})

    def settings(self) -> dict:
        return {s.key: _typed(s, self[s.key].data) for s in self.page_settings}


def settings_form(page: str) -> type[SettingsFormBase]:
    """A form with a field for each setting the domains declared for `page`, in the
    order the domains registered them."""

    class SettingsForm(SettingsFormBase):
        page_settings = tuple(on_page(page))

    for setting in SettingsForm.page_settings:
        setattr(SettingsForm, setting.key, _field(setting))
    return SettingsForm


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


class PublicationForm(FlaskForm):
    """Publish or unpublish the network: each button sends its own action."""

    action = HiddenField(validators=[AnyOf(("publish", "unpublish"))])


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


PICTURE_TYPES = "image/png,image/jpeg,image/gif,image/webp"
PICTURE_HELP = _l("PNG, JPEG, GIF or WebP, at most 1.5 MB; it is stored as a PNG.")


class LogoForm(FlaskForm):
    logo = FileField(
        _l("New logo"),
        [FileRequired(_l("Choose a picture file."))],
        description=PICTURE_HELP,
        render_kw={"accept": PICTURE_TYPES},
    )


class FunderForm(FlaskForm):
    """The funder on the material pack's cover; on the logo page beside LogoForm, told
    apart by its button (`save_funder`)."""

    funder_name = StringField(
        _l("Funder's name"),
        [Length(max=120)],
        description=_l(
            "For example the body that funds the network; leave empty if there is none."
        ),
    )
    # Named like LogoForm's field, so that LogoError shows beside it (only one of the
    # two forms is ever posted); its own id keeps the page's ids unique.
    logo = FileField(_l("New funder's logo"), id="funder-logo", description=PICTURE_HELP,
                     render_kw={"accept": PICTURE_TYPES})  # fmt: skip
    remove_funder_logo = BooleanField(_l("Remove the funder's logo"))
