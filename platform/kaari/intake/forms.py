"""The public contact form and the detailed registration forms (actor, mentor, other)."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES, pick
from kaari.intake.services import normalise_phone
from kaari.participants import sharing
from kaari.participants.labels import language_level_labels

SHORT, LONG = 200, 3000
INTRODUCTION = 600


# A web address as mail programs turn it into a link: a scheme, "www.", or a host
# with a path or a common top-level domain. Short answers that other mail repeats
# (the name in the reply, the workplace in the pair's introduction) may not hold one,
# so the forms cannot make the platform's own mail carry someone's link.
WEB_ADDRESS = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\d*\.|\b[a-z0-9-]+\.[a-z]{2,}/"
    r"|\b[a-z0-9-]+\.(?:com|net|org|info|biz|io|co|me|ly|xyz|online|site|top|click|link"
    r"|fi|se|eu|ru)\b",
    re.IGNORECASE,
)


def no_web_address(form, field) -> None:
    if field.data and WEB_ADDRESS.search(field.data):
        raise ValidationError(_l("Please write this without a web address."))


def role_choices():
    return as_choices(
        [
            ("actor", _l("I want a mentor (actor)")),
            ("mentor", _l("I want to be a mentor")),
            (
                "other",
                _l("I want to help in another way, e.g. a training evening or a workplace visit"),
            ),
        ]
    )


class ContactForm(FlaskForm):
    role = RadioField(
        _l("What would you like to do?"), choices=role_choices, validators=[DataRequired()]
    )
    name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=120), no_web_address]
    )
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    municipality = StringField(
        _l("Home municipality"), validators=[DataRequired(), Length(max=80), no_web_address]
    )
    question = TextAreaField(
        _l("Your question (optional)"), validators=[Optional(), Length(max=LONG)]
    )
    language = SelectField(_l("Language for our messages"))
    consent = BooleanField(
        _l(
            "I have read the privacy notice and agree that my data is used to organise the mentoring."
        ),
        validators=[DataRequired(message=_l("Please agree to the privacy notice to continue."))],
    )
    # Spam protection without third parties: a field people do not see, and the time
    # the form was shown (signed).
    website = StringField(_l("Leave this field empty"))
    shown_at = HiddenField()
    ref = HiddenField()  # a partner's referral code from the link
    # Not questions: the form editor neither lists nor changes them.
    fixed_fields = ("language", "website", "shown_at", "ref")


def _phone(form, field) -> None:
    if field.data and normalise_phone(field.data) is None:
        raise ValidationError(_l("Check the phone number, for example +358 40 123 4567."))


def _birth_year(required: bool):
    this_year = date.today().year
    return [
        DataRequired() if required else Optional(),
        NumberRange(
            min=this_year - 100,
            max=this_year - 16,
            message=_l("Write the year you were born, for example 1985."),
        ),
    ]


def situation_choices():
    return as_choices(
        [
            ("", _l("Choose")),
            ("employed_own_field", _l("Working in my own field")),
            ("employed_other_field", _l("Working in another field")),
            ("studying", _l("Studying")),
            ("unemployed", _l("Looking for work")),
            ("family_leave", _l("On family leave")),
            ("other", _l("Something else")),
        ]
    )


def language_level_choices():
    return as_choices([("", _l("Choose")), *language_level_labels().items()])


def yes_no_choices():
    return as_choices([("yes", _l("Yes")), ("no", _l("No"))])


class RegistrationForm(FlaskForm):
    """Fields every role answers."""

    # Asked of every tenant the same way: the form editor neither hides nor relabels them.
    fixed_fields = (sharing.INTRODUCTION_KEY, sharing.SHARING_KEY)

    phone = StringField(_l("Phone"), validators=[DataRequired(), Length(max=40), _phone])
    interests = TextAreaField(
        _l("Interests, hobbies and special skills"), validators=[Optional(), Length(max=LONG)]
    )

    def answers(self) -> dict[str, str | list[str]]:
        """Everything typed, as text (a list for multiple choice), for saving.

        A draft keeps even values that do not parse, such as a half-typed date.
        """
        return {name: typed(field) for name, field in self._fields.items() if name != "csrf_token"}


def typed(field) -> str | list[str]:
    if isinstance(field.data, list):
        return [str(value) for value in field.data]
    if field.data is None:
        return (field.raw_data or [""])[0].strip()
    return str(field.data).strip()


def _pair_introduction():
    return TextAreaField(
        _l("A short introduction of yourself for your future pair (optional)"),
        validators=[Optional(), Length(max=INTRODUCTION)],
        description=_l("A few sentences. Your pair sees this text before you both say yes."),
    )


def _share_with_pair(role: str):
    """Which answers the proposed pair partner may see (the first name always)."""
    return SelectMultipleField(
        _l("What may your proposed pair see about you?"),
        choices=lambda: as_choices(
            (key, sharing.choice_labels()[key]) for key in sharing.CHOICES[role]
        ),
        default=list(sharing.MINIMAL),
        validators=[Optional()],
        description=_l(
            "Your pair always sees your first name. Staff see all your answers. "
            "You can change this until a pair is found for you."
        ),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )


class ActorForm(RegistrationForm):
    address = StringField(
        _l("Address"), validators=[DataRequired(), Length(max=SHORT), no_web_address]
    )
    birth_year = IntegerField(_l("Year of birth"), validators=_birth_year(required=True))
    occupation = StringField(
        _l("Your profession or occupation"),
        validators=[DataRequired(), Length(max=SHORT), no_web_address],
        description=_l("Choose from the list or write it in your own words."),
        render_kw={"list": "occupation-options"},
    )
    education_field = StringField(
        _l("Field of your education"),
        validators=[Optional(), Length(max=SHORT), no_web_address],
        description=_l("Choose from the list or write it in your own words."),
        render_kw={"list": "education-options"},
    )
    education_abroad = TextAreaField(
        _l("Education in your home country or abroad"),
        validators=[DataRequired(), Length(max=LONG)],
    )
    education_here = TextAreaField(
        _l("Education in Finland"), validators=[Optional(), Length(max=LONG)]
    )
    work_abroad = TextAreaField(
        _l("Work experience abroad"), validators=[Optional(), Length(max=LONG)]
    )
    work_here = TextAreaField(
        _l("Work experience in Finland"), validators=[Optional(), Length(max=LONG)]
    )
    goals = TextAreaField(
        _l("Your professional goals in Finland"), validators=[DataRequired(), Length(max=LONG)]
    )
    situation = SelectField(
        _l("Your situation now"), choices=situation_choices, validators=[DataRequired()]
    )
    finnish_level = SelectField(
        _l("Your Finnish, in your own estimate"),
        choices=language_level_choices,
        validators=[DataRequired()],
    )
    pair_introduction = _pair_introduction()
    share_with_pair = _share_with_pair("actor")


class MentorForm(RegistrationForm):
    birth_year = IntegerField(
        _l("Year of birth (optional)"), validators=_birth_year(required=False)
    )
    education = TextAreaField(_l("Education"), validators=[DataRequired(), Length(max=LONG)])
    education_field = StringField(
        _l("Field of your education"),
        validators=[Optional(), Length(max=SHORT), no_web_address],
        description=_l("Choose from the list or write it in your own words."),
        render_kw={"list": "education-options"},
    )
    occupation = StringField(
        _l("Your profession or occupation"),
        validators=[DataRequired(), Length(max=SHORT), no_web_address],
        description=_l("Choose from the list or write it in your own words."),
        render_kw={"list": "occupation-options"},
    )
    workplace = StringField(
        _l("Workplace and field"), validators=[DataRequired(), Length(max=SHORT), no_web_address]
    )
    wished_field = StringField(
        _l("The field you would like to mentor in"),
        validators=[DataRequired(), Length(max=SHORT), no_web_address],
        render_kw={"list": "occupation-options"},
    )
    other_fields = RadioField(
        _l("Could you mentor someone from another field?"),
        choices=yes_no_choices,
        validators=[DataRequired()],
    )
    situation = SelectField(
        _l("Your work situation now"), choices=situation_choices, validators=[DataRequired()]
    )
    wishes = TextAreaField(
        _l("Wishes, e.g. the actor's language or cultural background"),
        validators=[Optional(), Length(max=LONG)],
    )
    pair_introduction = _pair_introduction()
    share_with_pair = _share_with_pair("mentor")


class OtherForm(RegistrationForm):
    offer = TextAreaField(
        _l("What would you like to offer?"), validators=[DataRequired(), Length(max=LONG)]
    )


FORMS = {"actor": ActorForm, "mentor": MentorForm, "other": OtherForm}

# The questions as staff read them about someone else: "Ammatti", not "Ammattisi".
STAFF_LABELS = {
    "actor": {
        "occupation": _l("Profession or occupation"),
        "education_field": _l("Field of education"),
        "goals": _l("Professional goals in Finland"),
        "situation": _l("Situation now"),
        "finnish_level": _l("Finnish skills (own estimate)"),
        "pair_introduction": _l("Introduction for the pair"),
        "share_with_pair": _l("What the proposed pair may see"),
    },
    "mentor": {
        "education_field": _l("Field of education"),
        "occupation": _l("Profession or occupation"),
        "wished_field": _l("Field they would like to mentor in"),
        "other_fields": _l("Could mentor someone from another field"),
        "situation": _l("Work situation now"),
        "wishes": _l("Wishes, e.g. the actor's language or cultural background"),
        "pair_introduction": _l("Introduction for the pair"),
        "share_with_pair": _l("What the proposed pair may see"),
    },
    "other": {"offer": _l("What they would like to offer")},
}


def partner_kind_choices():
    return as_choices(
        [
            ("school", _l("School or university")),
            ("language_course", _l("Language course")),
            ("employment_office", _l("Employment office")),
            ("municipality", _l("Municipal immigrant services")),
            ("association", _l("Association")),
            ("union", _l("Trade union")),
            ("employer_network", _l("Employer or entrepreneur network")),
            ("other", _l("Other")),
        ]
    )


class PartnerForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=partner_kind_choices, validators=[DataRequired()])
    contact_name = StringField(_l("Contact person"), validators=[Optional(), Length(max=120)])
    contact_email = EmailField(
        _l("Contact email"), validators=[Optional(), Email(), Length(max=254)]
    )


class ReferralLinkForm(FlaskForm):
    label = StringField(
        _l("What the link is for, e.g. a course or a flyer"),
        validators=[Optional(), Length(max=120)],
    )


class PartnerMemberForm(FlaskForm):
    user_id = SelectField(
        _l("Staff member with the partner role"), coerce=int, validators=[DataRequired()]
    )


def _answered_by_actors(form, field) -> None:
    """Target-group questions are for those who want a mentor; others may skip them."""
    if form.role.data != "actor":
        field.errors = []
        raise StopValidation()
    if not field.data:
        raise ValidationError(_l("Please answer this question."))


def contact_form_class(
    questions: list[dict], language: str, default_language: str
) -> type[ContactForm]:
    """The contact form with the tenant's target-group questions for actors (yes/no)."""

    class TenantContactForm(ContactForm):
        def eligibility(self) -> dict[str, str]:
            return {q["key"]: self[f"eligibility_{q['key']}"].data or "" for q in questions}

    for question in questions:
        label = pick(question["text"], language, default_language)
        setattr(
            TenantContactForm,
            f"eligibility_{question['key']}",
            RadioField(label, choices=yes_no_choices, validators=[_answered_by_actors]),
        )
    return TenantContactForm


# The form editor: a tenant's own questions and its changes to built-in fields -------


def field_kind_choices():
    return as_choices(
        [
            ("text", _l("Short text")),
            ("long_text", _l("Long text")),
            ("choice", _l("One choice from a list")),
            ("multi_choice", _l("Several choices from a list")),
            ("number", _l("Number")),
            ("date", _l("Date")),
            ("yes_no", _l("Yes or no")),
        ]
    )


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _TranslatedTexts(FlaskForm):
    """Label and help text fields per enabled language, added by `_with_languages`."""

    languages: list[str] = []

    def texts(self, prefix: str) -> dict[str, str]:
        return {
            code: self[f"{prefix}_{code}"].data.strip()
            for code in self.languages
            if (self[f"{prefix}_{code}"].data or "").strip()
        }


def _with_languages(base: type, languages: list[str], default: str, *, choices: bool):
    ordered = [default, *[code for code in languages if code != default]]  # default first
    attributes: dict = {"languages": ordered}
    for code in ordered:
        name = LANGUAGE_NAMES[code]
        presence = DataRequired() if code == default and base is QuestionForm else Optional()
        attributes[f"label_{code}"] = StringField(
            _l("Question (%(language)s)", language=name), [presence, Length(max=500)]
        )
        attributes[f"help_{code}"] = StringField(
            _l("Help text (%(language)s)", language=name), [Optional(), Length(max=500)]
        )
        if choices:
            attributes[f"choices_{code}"] = TextAreaField(
                _l("Choices, one per line (%(language)s)", language=name),
                [Optional(), Length(max=3000)],
            )
    return type(base.__name__, (base,), attributes)


class QuestionForm(_TranslatedTexts):
    kind = SelectField(_l("Kind of answer"), choices=field_kind_choices)
    required = BooleanField(_l("An answer is required"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not valid or self.kind.data not in ("choice", "multi_choice"):
            return valid
        lines = self.choice_lines()
        default_field = self[f"choices_{self.languages[0]}"]
        count = len(lines[self.languages[0]])
        if count < 2:
            default_field.errors.append(_l("Give at least two choices, one per line."))
            return False
        if any(given and len(given) != count for given in lines.values()):
            default_field.errors.append(
                _l("Give the same choices in every language, in the same order.")
            )
            return False
        return True

    def choice_lines(self) -> dict[str, list[str]]:
        return {code: _lines(self[f"choices_{code}"].data) for code in self.languages}


class BuiltinChangeForm(_TranslatedTexts):
    hidden = BooleanField(_l("Hide this field from the form"))


def question_form(languages: list[str], default: str, **kwargs) -> QuestionForm:
    return _with_languages(QuestionForm, languages, default, choices=True)(**kwargs)


def builtin_change_form(languages: list[str], default: str, **kwargs) -> BuiltinChangeForm:
    return _with_languages(BuiltinChangeForm, languages, default, choices=False)(**kwargs)
