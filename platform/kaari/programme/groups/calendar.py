"""Meetings on a calendar: a month grid for staff, and iCalendar feeds that calendar
apps subscribe to (a group's meetings, and a person's)."""

from __future__ import annotations

import calendar as months
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kaari.core import db
from kaari.core.signing import Signed
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, Meeting
from kaari.programme.groups.scope import EVERY_GROUP, GroupScope


@dataclass
class Day:
    day: date
    in_month: bool
    meetings: list[Meeting]


def month_grid(
    year: int, month: int, zone: ZoneInfo, scope: GroupScope = EVERY_GROUP
) -> list[list[Day]]:
    """The weeks (Monday first) covering the month, each day with the meetings of the
    groups in `scope`; one query."""
    weeks = months.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    start = datetime.combine(first, time(), zone)
    end = datetime.combine(last + timedelta(days=1), time(), zone)
    query = select(Meeting).where(Meeting.starts_at >= start, Meeting.starts_at < end)
    by_day: dict[date, list[Meeting]] = {}
    for meeting in db.session.scalars(query.order_by(Meeting.starts_at)):
        if not scope.allows(meeting.group_id):
            continue
        by_day.setdefault(meeting.starts_at.astimezone(zone).date(), []).append(meeting)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


def group_meetings(group: Group) -> list[Meeting]:
    query = select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
    return list(db.session.scalars(query))


def feed(
    name: str, meetings: list[tuple[Meeting, str, str]], *, host: str, zone: ZoneInfo
) -> bytes:
    """An iCalendar feed: each meeting with its title and description already in the
    reader's language. UIDs stay the same across downloads so apps update, not add."""
    from icalendar import Calendar, Event  # loaded for a feed only, not at every start

    cal = Calendar()
    cal.add("prodid", "-//Kaari//mentoring meetings//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", str(zone))
    for meeting, title, description in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@{host}")
        event.add("dtstamp", meeting.created_at)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("summary", title)
        if description:
            event.add("description", description)
        if meeting.place:
            event.add("location", meeting.place)
        cal.add_component(event)
    return cal.to_ical()


# No expiry: a calendar app keeps the address it was given.
FEED_LINK = Signed("calendar-feed")


def feed_token(owner: Group | Person) -> str:
    """The unguessable part of a group's or a person's feed address (calendar apps
    cannot sign in)."""
    kind = "group" if isinstance(owner, Group) else "person"
    return FEED_LINK.dumps([kind, owner.id, owner.tenant_id])


def feed_owner(token: str, tenant_id: int, kind: str) -> Group | Person | None:
    """The group or person a feed token names, if it is genuine and of this tenant."""
    fields = FEED_LINK.tenant_fields(token, tenant_id, 2)
    if fields is None:
        return None
    token_kind, owner_id = fields
    if token_kind != kind or not isinstance(owner_id, int):
        return None
    model = Group if kind == "group" else Person
    return db.session.scalar(select(model).where(model.id == owner_id))
