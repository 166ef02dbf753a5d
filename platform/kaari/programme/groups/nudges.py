"""Gentle reminders about quiet pairs. A pair of a running group with no meeting in
its log for N weeks (the tenant's `nudge_after_weeks`; meetings staff recorded count)
gets a friendly mail with a link to its portal, at most once every N weeks, unless it
has said that it does not keep the log; coordinators get one mail listing the pairs
that have been quiet for twice as long, those pairs included."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from kaari.accounts.access import PERMISSIONS
from kaari.accounts.services import list_members
from kaari.core import db
from kaari.mail.services import send
from kaari.matching.models import Pair
from kaari.participants import portal_access
from kaari.participants.models import Person
from kaari.participants.settings import participants_settings
from kaari.programme.groups.models import Group, GroupPair, LogOptOut, Nudge, PairMeeting
from kaari.programme.settings import programme_settings
from kaari.tenancy.models import Tenant


@dataclass(frozen=True)
class QuietPair:
    pair: Pair
    group: Group
    since: date  # the last logged meeting, else when the pair joined its group
    keeps_log: bool = True  # False: the pair said it does not keep the log


def quiet_pairs(weeks: int, now: datetime) -> list[QuietPair]:
    """Confirmed pairs of running groups with no meeting logged in `weeks` weeks."""
    last_met = (
        select(PairMeeting.pair_id, func.max(PairMeeting.met_on).label("last"))
        .group_by(PairMeeting.pair_id)
        .subquery()
    )
    query = (
        select(Pair, Group, GroupPair.joined_at, last_met.c.last, LogOptOut.id)
        .join(GroupPair, GroupPair.pair_id == Pair.id)
        .join(Group, Group.id == GroupPair.group_id)
        .outerjoin(last_met, last_met.c.pair_id == Pair.id)
        .outerjoin(LogOptOut, LogOptOut.pair_id == Pair.id)
        .where(Pair.status == "confirmed", Group.status == "running")
        .order_by(Group.name, Pair.id)
    )
    limit = (now - timedelta(weeks=weeks)).date()
    found = []
    for pair, group, joined_at, last, opted_out in db.session.execute(query):
        since = last or joined_at.date()
        if since <= limit:
            found.append(QuietPair(pair, group, since, keeps_log=opted_out is None))
    return found


def _members(quiet: list[QuietPair]) -> dict[int, Person]:
    ids = {q.pair.actor_id for q in quiet} | {q.pair.mentor_id for q in quiet}
    return {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(ids)))}


def _last_nudges(kind: str, pair_ids: list[int]) -> dict[int, datetime]:
    if not pair_ids:
        return {}
    query = (
        select(Nudge.pair_id, func.max(Nudge.sent_at))
        .where(Nudge.kind == kind, Nudge.pair_id.in_(pair_ids))
        .group_by(Nudge.pair_id)
    )
    return dict(db.session.execute(query).all())


def _due(quiet: list[QuietPair], kind: str, every: timedelta, now: datetime) -> list[QuietPair]:
    last = _last_nudges(kind, [q.pair.id for q in quiet])
    return [q for q in quiet if q.pair.id not in last or last[q.pair.id] <= now - every]


def nudge(*, tenant: Tenant, now: datetime) -> tuple[int, int]:
    """Send what is due; returns (pairs nudged, coordinators told)."""
    weeks = programme_settings.get(tenant, "nudge_after_weeks")
    if not weeks:
        return 0, 0
    quiet = quiet_pairs(weeks, now)
    pairs = _due([q for q in quiet if q.keeps_log], "pair", timedelta(weeks=weeks), now)
    people = _members(pairs)
    for item in pairs:
        for person_id, other_id in (
            (item.pair.actor_id, item.pair.mentor_id),
            (item.pair.mentor_id, item.pair.actor_id),
        ):
            person = people[person_id]
            send(
                "pair_nudge",
                to=person,
                context={
                    "name": person.name,
                    "other_name": people[other_id].name,
                    "weeks": weeks,
                    "link": portal_access.personal_link(
                        person, days=participants_settings.get(tenant, "portal_link_days")
                    ),
                },
            )
        db.session.add(Nudge(pair_id=item.pair.id, kind="pair", sent_at=now))
    long_quiet = [q for q in quiet if q.since <= (now - timedelta(weeks=2 * weeks)).date()]
    to_tell = _due(long_quiet, "coordinator", timedelta(weeks=2 * weeks), now)
    told = _tell_coordinators(to_tell, weeks=2 * weeks, now=now) if to_tell else 0
    return len(pairs), told


def _tell_coordinators(quiet: list[QuietPair], *, weeks: int, now: datetime) -> int:
    people = _members(quiet)
    lines = [
        (q.group.name, people[q.pair.actor_id].name, people[q.pair.mentor_id].name, q.since)
        for q in quiet
    ]
    coordinators = [m.user for m in list_members() if m.role in PERMISSIONS["every_group"]]
    for user in coordinators:
        send("quiet_pairs", to=user, context={"name": user.name, "weeks": weeks, "pairs": lines})
    for item in quiet:
        db.session.add(Nudge(pair_id=item.pair.id, kind="coordinator", sent_at=now))
    return len(coordinators)
