"""What the group meeting pages and the event pages share: the meeting's form in the
tenant's languages and time zone, inviting, and recording attendance."""

from __future__ import annotations

from datetime import datetime

from flask import g, request
from flask_login import current_user

from kaari.core.web import client_ip
from kaari.programme.groups import forms, invitations
from kaari.programme.groups.models import Meeting
from kaari.programme.groups.services import MeetingDetails


def meeting_form(meeting: Meeting | None = None, *, event: bool = False) -> forms.MeetingFormBase:
    """The form, filled from the meeting (times in the tenant's zone) unless posted."""
    form_class = forms.meeting_form(g.tenant.languages, event=event)
    if meeting is None:
        return form_class()
    starts, ends = (
        meeting.starts_at.astimezone(g.tenant.zone),
        meeting.ends_at.astimezone(g.tenant.zone),
    )
    data = {
        "day": starts.date(),
        "starts": starts.time(),
        "ends": ends.time(),
        "place": meeting.place,
        "capacity": meeting.capacity,
        "trainer": meeting.trainer,
    }
    for language in g.tenant.languages:
        data[f"title__{language}"] = (meeting.title or {}).get(language, "")
        data[f"description__{language}"] = (meeting.description or {}).get(language, "")
    return form_class(data=data)


def details(form: forms.MeetingFormBase) -> MeetingDetails:
    here = g.tenant.zone
    return MeetingDetails(
        starts=datetime.combine(form.day.data, form.starts.data, here),
        ends=datetime.combine(form.day.data, form.ends.data, here),
        place=form.place.data or "",
        capacity=form.capacity.data,
        trainer=form.trainer.data or "",
        title=form.texts("title"),
        description=form.texts("description"),
    )


def invite(meeting: Meeting) -> int:
    """Invite everyone the meeting is for who is not invited yet."""
    return invitations.invite(
        meeting,
        tenant=g.tenant,
        staff_id=current_user.id,
        ip=client_ip(),
    )


def record_attendance(meeting: Meeting) -> None:
    """Who came, from the posted check boxes (CSRFProtect has checked the token)."""
    came = {int(value) for value in request.form.getlist("came") if value.isdigit()}
    invitations.record_attendance(meeting, came, staff_id=current_user.id, ip=client_ip())
