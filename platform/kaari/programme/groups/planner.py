"""The meeting planner: proposes a group's three meetings (kick-off, mid-point and
final meeting, 4-5 months apart) on weekday evenings, away from other groups'
meetings and from the days the Finnish year closes (finnish_year.py), and creates them
for the coordinator to adjust, saying which dates it moved and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kaari.core import db
from kaari.programme.groups.finnish_year import FinnishYear
from kaari.programme.groups.models import GROUP_MEETINGS, Group, Meeting

EVENING = (time(17, 30), time(20, 0))  # a weekday evening, with food
MEETING_DAYS = (0, 1, 2, 3)  # Monday to Thursday
LEAD_TIME = timedelta(days=21)  # a group planned without a start date starts this far ahead
DAYS_PER_MONTH = 30.44


def _evening(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start, end = (datetime.combine(day, moment, zone) for moment in EVENING)
    return start, end


@dataclass(frozen=True)
class Move:
    """A proposed meeting the Finnish year pushed off the day it would have had."""

    kind: str
    planned: date
    reason: str


def _free_weekday(
    day: date, busy: set[date], year: FinnishYear, weekday: int | None = None
) -> date:
    """The first day from `day` that is a meeting day (the given weekday, if any), open
    in the Finnish year and without another group's meeting."""
    while (
        day.weekday() not in MEETING_DAYS
        or day in busy
        or (weekday is not None and day.weekday() != weekday)
        or year.closed(day)
    ):
        day += timedelta(days=1)
    return day


def _near_weekday(day: date, weekday: int) -> date:
    """The `weekday` nearest to `day` (a mid-point a few days off is fine)."""
    offset = (weekday - day.weekday() + 7) % 7
    return day + timedelta(days=offset if offset <= 3 else offset - 7)


def propose(
    group: Group,
    *,
    today: date,
    zone: ZoneInfo,
    arc_months: int,
    busy: set[date],
    year: FinnishYear | None = None,
    moves: list[Move] | None = None,
) -> list[tuple[str, datetime, datetime]]:
    """(kind, starts, ends) for the three group meetings, in the tenant's time zone;
    each meeting moved off a closed day is added to `moves`."""
    year = year or FinnishYear()
    moved = [] if moves is None else moves
    wanted = group.planned_start or today + LEAD_TIME
    while wanted.weekday() not in MEETING_DAYS:
        wanted += timedelta(days=1)
    kickoff = _free_weekday(wanted, busy, year)
    if (reason := year.closed(wanted)) is not None:
        moved.append(Move("kickoff", wanted, reason))
    if group.planned_end and group.planned_end > kickoff:
        arc = (group.planned_end - kickoff).days
    else:
        arc = round(arc_months * DAYS_PER_MONTH)
    days = [kickoff]
    for kind, share in zip(GROUP_MEETINGS[1:], (0.5, 1.0), strict=True):
        target = _near_weekday(kickoff + timedelta(days=round(arc * share)), kickoff.weekday())
        if (reason := year.closed(target)) is not None:
            moved.append(Move(kind, target, reason))
        # taken or closed: the same weekday a week later, or the first open one after
        days.append(_free_weekday(target, busy, year, kickoff.weekday()))
    return [(kind, *_evening(day, zone)) for kind, day in zip(GROUP_MEETINGS, days, strict=True)]


def busy_days(zone: ZoneInfo, *, besides: Group) -> set[date]:
    """The local dates on which other groups of the tenant already meet."""
    query = select(Meeting.starts_at).where(
        Meeting.group_id.is_not(None), Meeting.group_id != besides.id
    )
    return {starts.astimezone(zone).date() for starts in db.session.scalars(query)}


def plan(
    group: Group,
    *,
    today: date,
    zone: ZoneInfo,
    arc_months: int,
    year: FinnishYear | None = None,
    moves: list[Move] | None = None,
) -> list[Meeting]:
    """Create the group meetings the group does not have yet, as proposed (the moves
    of those it creates are added to `moves`)."""
    have = set(
        db.session.scalars(
            select(Meeting.kind).where(
                Meeting.group_id == group.id, Meeting.kind.in_(GROUP_MEETINGS)
            )
        )
    )
    busy = busy_days(zone, besides=group)
    created = []
    proposed_moves: list[Move] = []
    proposals = propose(
        group,
        today=today,
        zone=zone,
        arc_months=arc_months,
        busy=busy,
        year=year,
        moves=proposed_moves,
    )
    if moves is not None:
        moves.extend(move for move in proposed_moves if move.kind not in have)
    for kind, starts, ends in proposals:
        if kind not in have:
            meeting = Meeting(
                group_id=group.id, kind=kind, starts_at=starts, ends_at=ends, place=group.venue
            )
            db.session.add(meeting)
            created.append(meeting)
    db.session.flush()
    return created
