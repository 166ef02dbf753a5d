"""Events besides the three group meetings: training evenings, social events and
separate kick-offs for pairs who missed theirs, for one group or for everyone in the
groups that are not closed (or only their actors or mentors)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select

from kaari.core import db
from kaari.programme.groups.models import AUDIENCES, Group, Meeting
from kaari.programme.groups.services import MeetingDetails, ProgrammeError, change_meeting

EVENT_KINDS = ("training", "social", "extra_kickoff")


def create_event(
    kind: str, audience: str, group: Group | None, details: MeetingDetails, *, language: str
) -> Meeting:
    """A new event; training evenings and social events need a title in the tenant's
    own language (`language`), since there is no standard name to fall back on."""
    if kind not in EVENT_KINDS or audience not in AUDIENCES:
        raise ProgrammeError("bad_status")
    if audience == "group" and group is None:
        raise ProgrammeError("group_missing")
    if group is not None and group.status == "closed":
        raise ProgrammeError("bad_target_group")
    if kind != "extra_kickoff" and not (details.title or {}).get(language):
        raise ProgrammeError("title_missing", field=f"title__{language}")
    meeting = Meeting(kind=kind, audience=audience, group_id=group.id if group else None)
    change_meeting(meeting, details)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def list_events(since: datetime) -> list[Meeting]:
    """Events from `since` on, soonest first."""
    query = select(Meeting).where(
        or_(Meeting.kind.in_(EVENT_KINDS), Meeting.group_id.is_(None)),
        Meeting.starts_at >= since,
    )
    return list(db.session.scalars(query.order_by(Meeting.starts_at)))


def get_event(meeting_id: int) -> Meeting | None:
    query = select(Meeting).where(
        Meeting.id == meeting_id, or_(Meeting.kind.in_(EVENT_KINDS), Meeting.group_id.is_(None))
    )
    return db.session.scalar(query)
