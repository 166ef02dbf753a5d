"""The meeting planner: proposes a group's three meetings (kick-off, mid-point and
final meeting, 4-5 months apart) on weekday evenings, away from other groups'
meetings, and creates them for the coordinator to adjust."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kaari.core import db
from kaari.programme.groups.models import GROUP_MEETINGS, Group, Meeting

EVENING = (time(17, 30), time(20, 0))  # a weekday evening, with food
MEETING_DAYS = (0, 1, 2, 3)  # Monday to Thursday
LEAD_TIME = timedelta(days=21)  # a group planned without a start date starts this far ahead
DAYS_PER_MONTH = 30.44


def _evening(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    start, end = (datetime.combine(day, moment, zone) for moment in EVENING)
    return start, end


def _free_weekday(day: date, busy: set[date], weekday: int | None = None) -> date:
    """The first day from `day` that is a meeting day (the given weekday, if any) and
    has no other group's meeting."""
    while (
        day.weekday() not in MEETING_DAYS
        or day in busy
        or (weekday is not None and day.weekday() != weekday)
    ):
        day += timedelta(days=1)
    return day


def _near_weekday(day: date, weekday: int) -> date:
    """The `weekday` nearest to `day` (a mid-point a few days off is fine)."""
    offset = (weekday - day.weekday() + 7) % 7
    return day + timedelta(days=offset if offset <= 3 else offset - 7)


def propose(
    group: Group, *, today: date, zone: ZoneInfo, arc_months: int, busy: set[date]
) -> list[tuple[str, datetime, datetime]]:
    """(kind, starts, ends) for the three group meetings, in the tenant's time zone."""
    kickoff = _free_weekday(group.planned_start or today + LEAD_TIME, busy)
    if group.planned_end and group.planned_end > kickoff:
        arc = (group.planned_end - kickoff).days
    else:
        arc = round(arc_months * DAYS_PER_MONTH)
    days = [kickoff]
    for share in (0.5, 1.0):
        target = _near_weekday(kickoff + timedelta(days=round(arc * share)), kickoff.weekday())
        if target in busy:  # another group meets then: a week later, same weekday
            target = _free_weekday(target, busy, kickoff.weekday())
        days.append(target)
    return [(kind, *_evening(day, zone)) for kind, day in zip(GROUP_MEETINGS, days, strict=True)]


def busy_days(zone: ZoneInfo, *, besides: Group) -> set[date]:
    """The local dates on which other groups of the tenant already meet."""
    query = select(Meeting.starts_at).where(
        Meeting.group_id.is_not(None), Meeting.group_id != besides.id
    )
    return {starts.astimezone(zone).date() for starts in db.session.scalars(query)}


def plan(group: Group, *, today: date, zone: ZoneInfo, arc_months: int) -> list[Meeting]:
    """Create the group meetings the group does not have yet, as proposed."""
    have = set(
        db.session.scalars(
            select(Meeting.kind).where(
                Meeting.group_id == group.id, Meeting.kind.in_(GROUP_MEETINGS)
            )
        )
    )
    busy = busy_days(zone, besides=group)
    created = []
    for kind, starts, ends in propose(
        group, today=today, zone=zone, arc_months=arc_months, busy=busy
    ):
        if kind not in have:
            meeting = Meeting(
                group_id=group.id, kind=kind, starts_at=starts, ends_at=ends, place=group.venue
            )
            db.session.add(meeting)
            created.append(meeting)
    db.session.flush()
    return created
