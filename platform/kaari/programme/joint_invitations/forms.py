"""The page of joint invitations: per accepted pair, whether to invite it now and the
two introductions as the coordinator edited them."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import HiddenInput

from kaari.programme.joint_invitations.services import INTRODUCTION_LENGTH


class PairLetterForm(Form):
    pair_id = IntegerField(widget=HiddenInput(), validators=[DataRequired()])
    # Labelled on the page with the pair's and the reader's names.
    chosen = BooleanField(default=True)
    for_actor = TextAreaField(validators=[Length(max=INTRODUCTION_LENGTH)])  # about the mentor
    for_mentor = TextAreaField(validators=[Length(max=INTRODUCTION_LENGTH)])  # about the actor


class JointInvitationsForm(FlaskForm):
    pairs = FieldList(FormField(PairLetterForm))

    def chosen(self) -> dict[int, tuple[str, str]]:
        """Pair id -> (the actor's introduction of the mentor, the mentor's of the actor)."""
        return {
            entry.form.pair_id.data: (entry.form.for_actor.data, entry.form.for_mentor.data)
            for entry in self.pairs
            if entry.form.chosen.data
        }
