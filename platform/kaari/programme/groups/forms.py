"""Forms for groups, their leaders and pairs, and meetings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput

from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES
from kaari.programme.labels import meeting_names


class GroupForm(FlaskForm):
    name = StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=40)],
        description=_l("Short, e.g. HKI1."),
    )
    target_group = SelectField(_l("Target group"), coerce=int, validators=[Optional()])
    planned_start = DateField(_l("Planned start"), validators=[Optional()])
    planned_end = DateField(_l("Planned end"), validators=[Optional()])
    venue = StringField(
        _l("Usual venue"),
        validators=[Optional(), Length(max=200)],
        description=_l("Where the group meetings are, unless a meeting says otherwise."),
    )
    status = SelectField(_l("Status"), default="planning")


class LeadersForm(FlaskForm):
    leaders = SelectMultipleField(
        _l("Group leaders"),
        coerce=int,
        description=_l("One or two; big groups need two."),
        option_widget=CheckboxInput(),
    )


class AddPairsForm(FlaskForm):
    pairs = SelectMultipleField(
        _l("Pairs without a group"), coerce=int, option_widget=CheckboxInput()
    )


class MoveForm(FlaskForm):
    # Ids of their own: the pair's page also has the ending form's "reason".
    to_group = SelectField(_l("Move to group"), coerce=int, id="move-to-group")
    reason = StringField(_l("Reason"), validators=[Optional(), Length(max=500)], id="move-reason")


class EndPairForm(FlaskForm):
    reason = StringField(_l("Why the pair ends"), validators=[DataRequired(), Length(max=500)])
    members = RadioField(
        _l("What happens to the members"),
        choices=as_choices(
            [
                ("waiting", _l("Both wait for a new pair (re-match)")),
                ("dropped_out", _l("Both leave the programme")),
            ]
        ),
        default="waiting",
    )


def event_kinds() -> dict[str, str]:
    """The events staff create besides the three group meetings."""
    names = meeting_names()
    return {kind: names[kind] for kind in ("training", "social", "extra_kickoff")}


def audience_names() -> dict[str, str]:
    return {
        "group": _l("The pairs of one group"),
        "all_groups": _l("Everyone in the groups that are not closed"),
        "actors": _l("Actors of those groups"),
        "mentors": _l("Mentors of those groups"),
    }


class MeetingFormBase(FlaskForm):
    day = DateField(_l("Date"), validators=[DataRequired()])
    starts = TimeField(_l("Starts"), validators=[DataRequired()])
    ends = TimeField(_l("Ends"), validators=[DataRequired()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=200)])
    capacity = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=1, max=1000)])
    trainer = StringField(_l("Trainer or host"), validators=[Optional(), Length(max=120)])

    def texts(self, name: str) -> dict[str, str]:
        """The title or description, language → text, as typed."""
        return {
            field_name.rpartition("__")[2]: (field.data or "").strip()
            for field_name, field in self._fields.items()
            if field_name.startswith(f"{name}__")
        }

    def text_fields(self, name: str) -> list:
        return [
            field
            for field_name, field in self._fields.items()
            if field_name.startswith(f"{name}__")
        ]


def meeting_form(languages: list[str], *, event: bool = False) -> type[MeetingFormBase]:
    """A meeting's form with its title and description in each of the tenant's
    languages; an event's form also asks its kind, who is invited and the group."""

    class MeetingForm(MeetingFormBase):
        pass

    if event:
        MeetingForm.kind = SelectField(_l("Kind"), choices=as_choices(event_kinds().items()))
        MeetingForm.audience = SelectField(
            _l("Who is invited"), choices=as_choices(audience_names().items())
        )
        MeetingForm.group = SelectField(
            _l("Group"), coerce=int, validators=[Optional()], choices=[]
        )
    for language in languages:
        setattr(
            MeetingForm,
            f"title__{language}",
            StringField(LANGUAGE_NAMES[language], validators=[Optional(), Length(max=200)]),
        )
        setattr(
            MeetingForm,
            f"description__{language}",
            TextAreaField(
                LANGUAGE_NAMES[language],
                validators=[Optional(), Length(max=4000)],
                render_kw={"rows": 3},
            ),
        )
    return MeetingForm


def checklist_labels() -> dict[str, str]:
    """The mid-point meeting's checklist, from the model's arc (step 8)."""
    return {
        "meetings_reviewed": _l("Each pair told how many times they have met (four by now)"),
        "unmet_pairs_followed": _l(
            "Pairs that have not met are followed up: a new pair or another group"
        ),
        "referees_encouraged": _l("Mentors were encouraged to act as referees"),
    }


class MeetingNotesForm(FlaskForm):
    news = TextAreaField(_l("News"), validators=[Optional(), Length(max=5000)])
    achievements = TextAreaField(
        _l("Achievements (jobs, internships, study places)"),
        validators=[Optional(), Length(max=5000)],
    )
    feedback = TextAreaField(_l("Feedback"), validators=[Optional(), Length(max=5000)])
    training_wishes = TextAreaField(
        _l("Wishes for training evenings"), validators=[Optional(), Length(max=5000)]
    )
    next_steps = TextAreaField(_l("Next steps"), validators=[Optional(), Length(max=5000)])
    checked = SelectMultipleField(
        _l("Checklist of the mid-point meeting"),
        choices=lambda: list(checklist_labels().items()),
        option_widget=CheckboxInput(),
    )


class RecordMeetingForm(FlaskForm):
    """A pair meeting staff heard of."""

    met_on = DateField(_l("Date of the meeting"), validators=[DataRequired()])
    note = TextAreaField(
        _l("Note for staff"),
        validators=[Optional(), Length(max=2000)],
        description=_l("Optional; for staff only, the pair does not see it."),
    )


class PaperAgreementForm(FlaskForm):
    """An agreement the pair signed on paper."""

    signed_on = DateField(_l("Date of signing"), validators=[DataRequired()])
    present = SelectMultipleField(
        _l("Present at the signing"),
        choices=as_choices(
            [("actor", _l("Actor")), ("mentor", _l("Mentor")), ("coordinator", _l("Coordinator"))]
        ),
        validators=[Optional()],
        option_widget=CheckboxInput(),
    )
    scan = FileField(
        _l("Scan of the signed agreement"),
        description=_l("Optional: a PDF, JPEG or PNG file of at most 6 MB. Only staff open it."),
        render_kw={"accept": ".pdf,.jpg,.jpeg,.png"},
    )
