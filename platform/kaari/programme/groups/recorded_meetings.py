"""Pair meetings staff heard of (by phone, at a group meeting) and record themselves.

They are rows of the pair's log (`PairMeeting.by_staff`), so every count, flag, nudge
and report that reads the log counts them. Staff write a date and an optional note of
their own, which the pair never sees; the pair sees the date, marked as recorded by
the coordinator. Staff may delete a meeting recorded by mistake; entries the pair wrote
are not staff's to delete."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from kaari.accounts.models import User
from kaari.audit.services import record
from kaari.core import db
from kaari.matching.models import Pair
from kaari.privacy.registry import Rows, person_data, plain
from kaari.programme.groups.models import PairMeeting
from kaari.programme.groups.services import ProgrammeError


def record_meeting(
    pair: Pair, met_on: date, note: str, *, staff_id: int, today: date, ip: str = ""
) -> PairMeeting:
    if pair.status != "confirmed":
        raise ProgrammeError("pair_not_confirmed_to_record")
    if met_on > today:
        raise ProgrammeError("met_in_future")
    meeting = PairMeeting(
        pair_id=pair.id,
        met_on=met_on,
        by_staff=True,
        recorded_by=staff_id,
        staff_note=note.strip(),
    )
    db.session.add(meeting)
    db.session.flush()
    record("pair_meeting.recorded", actor_id=staff_id, ip=ip, obj=meeting, pair=pair.id)
    return meeting


def recorded_meeting(pair: Pair, meeting_id: int) -> PairMeeting | None:
    """A meeting of the pair that staff recorded (None for the pair's own entries)."""
    query = select(PairMeeting).where(
        PairMeeting.pair_id == pair.id, PairMeeting.id == meeting_id, PairMeeting.by_staff.is_(True)
    )
    return db.session.scalar(query)


def delete_meeting(meeting: PairMeeting, *, staff_id: int, ip: str = "") -> None:
    record(
        "pair_meeting.deleted",
        actor_id=staff_id,
        ip=ip,
        obj=meeting,
        pair=meeting.pair_id,
        met_on=meeting.met_on.isoformat(),
    )
    db.session.delete(meeting)


def recorders(meetings: list[PairMeeting]) -> dict[int, str]:
    """The names of the staff who recorded the meetings, by user id."""
    ids = {m.recorded_by for m in meetings if m.recorded_by is not None}
    if not ids:
        return {}
    query = select(User.id, User.name, User.email).where(User.id.in_(ids))
    return {user_id: name or email for user_id, name, email in db.session.execute(query)}


def _recorded_for(person_id: int):
    pairs = select(Pair.id).where(or_(Pair.actor_id == person_id, Pair.mentor_id == person_id))
    query = select(PairMeeting).where(PairMeeting.pair_id.in_(pairs), PairMeeting.by_staff)
    return db.session.scalars(query.order_by(PairMeeting.met_on, PairMeeting.id))


def _rows(person_id: int) -> Rows:
    return [
        {
            "pair_id": meeting.pair_id,
            "met_on": plain(meeting.met_on),
            "staff_note": meeting.staff_note,
            "recorded_at": plain(meeting.created_at),
        }
        for meeting in _recorded_for(person_id)
    ]


def _forget_notes(_model, _column, person_id: int) -> None:
    """Staff's notes on the person's pairs' meetings may name them, so they are
    blanked; the meetings (dates) stay, so the counts do not change."""
    for meeting in _recorded_for(person_id):
        meeting.staff_note = ""


_forget_notes.effect = "cleared"  # type: ignore[attr-defined]

PERSON_DATA = person_data(
    PairMeeting,
    PairMeeting.pair_id,
    title=_l("Pair meetings recorded by staff (the pair's)"),
    purpose=_l("The pair's meeting log and diary"),
    erasure=_forget_notes,
    rows=_rows,
)
