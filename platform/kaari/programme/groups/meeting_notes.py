"""The coordinator's notes of a group meeting, and the mid-point meeting's checklist.

Notes are staff's own text about the meeting (news, achievements, feedback, the
training wishes raised, next steps); the group's leaders read them, participants never.
Saving is audited without the texts."""

from __future__ import annotations

from sqlalchemy import select

from kaari.audit.services import record
from kaari.core import db
from kaari.programme.groups.models import MIDPOINT_CHECKLIST, Meeting, MeetingNotes

TEXTS = ("news", "achievements", "feedback", "training_wishes", "next_steps")


def notes_of(meeting: Meeting) -> MeetingNotes | None:
    return db.session.scalar(select(MeetingNotes).where(MeetingNotes.meeting_id == meeting.id))


def save_notes(
    meeting: Meeting, texts: dict[str, str], checked: list[str], *, staff_id: int, ip: str = ""
) -> bool:
    """Keep the notes (one row per meeting); False when nothing changed."""
    notes = notes_of(meeting) or MeetingNotes(meeting_id=meeting.id, checked=[])
    new = {name: (texts.get(name) or "").strip() for name in TEXTS}
    ticked = [item for item in MIDPOINT_CHECKLIST if item in checked]
    if notes.id and all(getattr(notes, k) == v for k, v in new.items()) and notes.checked == ticked:
        return False
    for name, text in new.items():
        setattr(notes, name, text)
    notes.checked, notes.updated_by = ticked, staff_id
    db.session.add(notes)
    db.session.flush()
    record("meeting.notes_saved", actor_id=staff_id, ip=ip, obj=meeting, checked=len(ticked))
    return True
