"""Forms participants fill in their portal: asking for a link, the agreement, the diary."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

LONG = 4000


class LinkRequestForm(FlaskForm):
    email = EmailField(
        _l("Your email address"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("The address you gave when you registered."),
    )


class AgreementForm(FlaskForm):
    goals = TextAreaField(
        _l("Goals for the mentoring"),
        validators=[DataRequired(), Length(max=LONG)],
        description=_l("What do you want to reach by the end of the arc?"),
    )
    themes = TextAreaField(
        _l("Key themes"),
        validators=[Optional(), Length(max=LONG)],
        description=_l("For example your CV, job-search channels, the vocabulary of your field."),
    )
    frequency = StringField(
        _l("How often you meet"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example twice a month."),
    )
    meeting_length = StringField(
        _l("How long a meeting lasts"),
        validators=[Optional(), Length(max=200)],
        description=_l("For example 1-2 hours."),
    )
    visits = TextAreaField(
        _l("Visits you may make"),
        validators=[Optional(), Length(max=LONG)],
        description=_l("For example a visit to the mentor's workplace."),
    )
    first_meeting_on = DateField(_l("Date of the first pair meeting"), validators=[Optional()])


class SignatureForm(FlaskForm):
    typed_name = StringField(
        _l("Type your full name to sign"),
        validators=[DataRequired(), Length(max=120)],
        description=_l("Your name as we have it in the register."),
    )


class DiaryForm(FlaskForm):
    met_on = DateField(_l("Date of the meeting"), validators=[DataRequired()])
    goal = TextAreaField(_l("Goal of the meeting"), validators=[Optional(), Length(max=LONG)])
    content = TextAreaField(
        _l("What you did and talked about"), validators=[Optional(), Length(max=LONG)]
    )
    next_on = DateField(_l("Next meeting"), validators=[Optional()])
    next_topic = StringField(
        _l("Topic of the next meeting"), validators=[Optional(), Length(max=300)]
    )
    homework_actor = TextAreaField(
        _l("Homework for the actor"), validators=[Optional(), Length(max=LONG)]
    )
    homework_mentor = TextAreaField(
        _l("Homework for the mentor"), validators=[Optional(), Length(max=LONG)]
    )
    mentor_comment = TextAreaField(
        _l("Mentor's comments"), validators=[Optional(), Length(max=LONG)]
    )


class ChangeRequestForm(FlaskForm):
    message = TextAreaField(
        _l("What should we change?"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("The coordinator reads your message and answers you by email."),
    )


class EnterForm(FlaskForm):
    """The button on an emailed link's page: enter the portal, or (the link is used
    up) have a fresh link mailed to the address on file."""

    action = HiddenField(default="enter")
