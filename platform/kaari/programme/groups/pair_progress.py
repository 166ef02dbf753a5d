"""Following the pairs of a group: how often each has met, which ones the mid-point
flags (fewer than four meetings, or none), and ending a pair before the arc is over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.matching.models import OPEN_PAIR_STATUSES, Pair
from kaari.participants import lifecycle
from kaari.participants import services as register
from kaari.programme.groups import diary
from kaari.programme.groups.models import Group, Meeting
from kaari.programme.groups.services import ProgrammeError

EXPECTED_BY_MIDPOINT = 4  # pair meetings each pair should have had by the mid-point
FLAG_AHEAD = timedelta(days=14)  # flags show this long before the mid-point meeting
END_OUTCOMES = ("waiting", "dropped_out")  # what becomes of the members of an ended pair


def midpoint(group: Group, meetings: list[Meeting], zone: ZoneInfo) -> date | None:
    """The date of the group's mid-point meeting, else halfway through its plan."""
    for meeting in meetings:
        if meeting.kind == "midpoint":
            return meeting.starts_at.astimezone(zone).date()
    if group.planned_start and group.planned_end:
        return group.planned_start + (group.planned_end - group.planned_start) / 2
    return None


@dataclass(frozen=True)
class PairFollowUp:
    activity: diary.Activity
    flag: str  # "", "few" (fewer than four meetings) or "none"


def follow_up(
    pairs: list[Pair],
    middle: date | None,
    today: date,
    activity: dict[int, diary.Activity] | None = None,
) -> dict[int, PairFollowUp]:
    """Per pair: its meetings so far, and the mid-point flag once the mid-point is near.
    `activity` is the pairs' `diary.activity` when the caller read it already (for
    many groups at once, in one statement)."""
    if activity is None:
        activity = diary.activity([pair.id for pair in pairs])
    flagging = middle is not None and today >= middle - FLAG_AHEAD
    result = {}
    for pair in pairs:
        seen = activity[pair.id]
        flag = ""
        if flagging and pair.status == "confirmed":
            if seen.count == 0:
                flag = "none"
            elif seen.count < EXPECTED_BY_MIDPOINT:
                flag = "few"
        result[pair.id] = PairFollowUp(seen, flag)
    return result


def end_pair(pair: Pair, *, reason: str, members: str, staff_id: int, ip: str = "") -> None:
    """End a confirmed pair before its arc is over. Its members either wait for a new
    pair (a re-match) or leave the programme; the reason is kept with the pair."""
    if pair.status != "confirmed":
        raise ProgrammeError("pair_not_confirmed_to_end")
    if not reason.strip():
        raise ProgrammeError("reason_missing")
    if members not in END_OUTCOMES:
        raise ProgrammeError("bad_status")
    pair.status, pair.ended_reason, pair.ended_at = "ended", reason.strip()[:500], utcnow()
    for person_id in (pair.actor_id, pair.mentor_id):
        person = register.get_person(person_id)
        if person is None or _in_another_pair(person_id, pair):
            continue  # a mentor with another pair stays in the programme
        reason = lifecycle.cause("pair_ended", pair.ended_reason)
        lifecycle.advance(person, members, reason, actor_id=staff_id, ip=ip)
    record(
        "pair.ended",
        actor_id=staff_id,
        ip=ip,
        obj=pair,
        reason_given=bool(pair.ended_reason),  # the text stays on the pair only
        members=members,
    )


def _in_another_pair(person_id: int, pair: Pair) -> bool:
    query = select(Pair.id).where(
        or_(Pair.actor_id == person_id, Pair.mentor_id == person_id),
        Pair.id != pair.id,
        Pair.status.in_(OPEN_PAIR_STATUSES),
    )
    return db.session.scalar(query.limit(1)) is not None
