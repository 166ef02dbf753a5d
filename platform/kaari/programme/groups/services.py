"""Groups: create and edit them, choose their leaders, put pairs in them and move
pairs between them. Plain functions; callers commit and write audit entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from kaari.accounts.models import Membership
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.paging import Page, Position, keyset_page
from kaari.core.user_errors import UserError
from kaari.matching.models import OPEN_PAIR_STATUSES, Pair
from kaari.programme.groups import member_status
from kaari.programme.groups.models import (
    PAIRS_PER_GROUP,
    Group,
    GroupLeader,
    GroupPair,
    GroupStatus,
    Meeting,
    PairMove,
)


class ProgrammeError(UserError):
    MESSAGES = {
        "name_missing": _l("Give the group a name."),
        "name_taken": _l("Another group already has this name."),
        "end_before_start": _l("The end must come after the start."),
        "not_staff": _l("Choose leaders from the staff of this organisation."),
        "too_many_leaders": _l("A group has one or two leaders."),
        "pair_not_free": _l("That pair is already in a group or no longer open."),
        "pair_not_in_group": _l("That pair is not in this group."),
        "bad_target_group": _l("Choose another group that is not closed."),
        "bad_status": _l("Choose a status from the list."),
        "reason_missing": _l("Tell why the pair ends."),
        "group_missing": _l("Choose the group the event is for."),
        "title_missing": _l("Give the event a title in the organisation's main language."),
        # Staff end a pair; the members of the pair write its agreement and diary.
        "pair_not_confirmed_to_end": _l("Only a confirmed pair can end."),
        "pair_not_confirmed": _l("This becomes possible once both of you have confirmed the pair."),
        "goals_missing": _l("Write at least the goals."),
        "name_differs": _l("Type your name as it is in the register: %(name)s."),
        "met_in_future": _l("A meeting can be logged once it has happened."),
        "next_before_met": _l("The next meeting must come after this one."),
        # Staff record what they heard of: a meeting, an agreement signed on paper.
        "pair_not_confirmed_to_record": _l("Facts can be recorded for a confirmed pair only."),
        "signed_in_future": _l("An agreement can be recorded once it has been signed."),
        "scan_too_large": _l("The scan is larger than %(megabytes)d MB."),
        "scan_not_accepted": _l("The scan must be a PDF, JPEG or PNG file."),
    }
    FIELDS = {
        "name_missing": "name",
        "name_taken": "name",
        "end_before_start": "ends",
        "not_staff": "leaders",
        "too_many_leaders": "leaders",
        "pair_not_free": "pairs",
        "bad_target_group": "group",
        "bad_status": "status",
        "reason_missing": "reason",
        "group_missing": "group",
        "pair_not_confirmed_to_end": "reason",
        "goals_missing": "goals",
        "name_differs": "typed_name",
        "met_in_future": "met_on",
        "next_before_met": "next_on",
        "signed_in_future": "signed_on",
        "scan_too_large": "scan",
        "scan_not_accepted": "scan",
    }


@dataclass
class GroupDetails:
    name: str
    target_group_id: int | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    venue: str = ""
    status: str = "planning"


def _check(details: GroupDetails, group: Group | None = None) -> None:
    name = details.name.strip()
    if not name:
        raise ProgrammeError("name_missing")
    if details.status not in GroupStatus.values():
        raise ProgrammeError("bad_status")
    if (
        details.planned_start
        and details.planned_end
        and details.planned_end <= details.planned_start
    ):
        raise ProgrammeError("end_before_start", field="planned_end")
    clash = select(Group.id).where(func.lower(Group.name) == name.lower())
    if group is not None:
        clash = clash.where(Group.id != group.id)
    if db.session.scalar(clash) is not None:
        raise ProgrammeError("name_taken")


def create_group(details: GroupDetails) -> Group:
    _check(details)
    group = Group(**{**vars(details), "name": details.name.strip(), "venue": details.venue.strip()})
    _note_closing(group, was="planning")
    db.session.add(group)
    db.session.flush()
    return group


def update_group(group: Group, details: GroupDetails, *, staff_id: int, ip: str = "") -> None:
    _check(details, group)
    was = group.status
    for key, value in vars(details).items():
        setattr(group, key, value.strip() if isinstance(value, str) else value)
    _note_closing(group, was=was)
    if group.status == "closed" and was != "closed":
        member_status.group_closed(group, staff_id=staff_id, ip=ip)


def _note_closing(group: Group, *, was: str) -> None:
    """Stamp the moment a group closes (follow-ups after the arc count from it); a
    reopened group is no longer closed."""
    if group.status != "closed":
        group.closed_at = None
    elif was != "closed" or group.closed_at is None:
        group.closed_at = utcnow()


def get_group(group_id: int) -> Group | None:
    return db.session.scalar(select(Group).where(Group.id == group_id))


@dataclass
class GroupRow:
    group: Group
    pairs: int
    next_meeting: Meeting | None


def list_groups() -> list[Group]:
    return list(db.session.scalars(select(Group).order_by(Group.status, Group.name)))


CLOSED_PAGE_SIZE = 20  # closed groups on a page of the groups and surveys lists


def open_groups(only: frozenset[int] | None = None) -> list[Group]:
    """The groups being planned or running (a handful at any time, however many years
    of closed ones lie behind), in `only` when given, in the order of `list_groups`."""
    query = select(Group).where(Group.status != GroupStatus.CLOSED)
    if only is not None:
        query = query.where(Group.id.in_(only))
    return list(db.session.scalars(query.order_by(Group.status, Group.name)))


def closed_groups(position: Position, only: frozenset[int] | None = None) -> Page[Group]:
    """A page of the closed groups (in `only` when given), the latest made first: the
    lists show these a page at a time, since they pile up year after year."""
    query = select(Group).where(Group.status == GroupStatus.CLOSED)
    if only is not None:
        query = query.where(Group.id.in_(only))
    return keyset_page(
        query, (Group.id,), lambda group: (group.id,), position,
        descending=True, size=CLOSED_PAGE_SIZE,
    )  # fmt: skip


def groups_overview(groups: list[Group]) -> list[GroupRow]:
    """The groups with their number of pairs and their next meeting: two queries."""
    ids = [group.id for group in groups]
    query = select(GroupPair.group_id, func.count()).where(GroupPair.group_id.in_(ids))
    counts = dict(db.session.execute(query.group_by(GroupPair.group_id)).all())
    upcoming: dict[int | None, Meeting] = {}
    meetings = select(Meeting).where(Meeting.group_id.in_(ids), Meeting.starts_at >= utcnow())
    for meeting in db.session.scalars(meetings.order_by(Meeting.starts_at)):
        upcoming.setdefault(meeting.group_id, meeting)
    return [GroupRow(g, counts.get(g.id, 0), upcoming.get(g.id)) for g in groups]


def size_warning(pairs: int) -> str:
    """ "too_few" or "too_many" outside the model's 5-20 pairs, else ""."""
    low, high = PAIRS_PER_GROUP
    return "too_few" if pairs < low else "too_many" if pairs > high else ""


# Leaders


def leader_choices() -> list[Membership]:
    """Staff who can lead a group: group leaders first, then coordinators and admins."""
    order = {"group_leader": 0, "coordinator": 1, "admin": 2}
    members = db.session.scalars(select(Membership).where(Membership.role.in_(order)))
    return sorted(members, key=lambda m: (order[m.role], m.user.name or m.user.email))


def leader_ids(group: Group) -> list[int]:
    query = select(GroupLeader.user_id).where(GroupLeader.group_id == group.id)
    return list(db.session.scalars(query.order_by(GroupLeader.id)))


def set_leaders(group: Group, user_ids: list[int]) -> None:
    allowed = {m.user_id for m in leader_choices()}
    if not set(user_ids) <= allowed:
        raise ProgrammeError("not_staff")
    if len(set(user_ids)) > 2:
        raise ProgrammeError("too_many_leaders")
    current = set()
    for leader in db.session.scalars(select(GroupLeader).where(GroupLeader.group_id == group.id)):
        current.add(leader.user_id)
        if leader.user_id not in user_ids:
            db.session.delete(leader)
    for user_id in dict.fromkeys(user_ids):
        if user_id not in current:
            db.session.add(GroupLeader(group_id=group.id, user_id=user_id))
    db.session.flush()


# Pairs


def group_pairs(group: Group) -> list[Pair]:
    query = (
        select(Pair)
        .join(GroupPair, GroupPair.pair_id == Pair.id)
        .where(GroupPair.group_id == group.id)
        .order_by(GroupPair.joined_at, Pair.id)
    )
    return list(db.session.scalars(query))


def pairs_without_group() -> list[Pair]:
    """Open pairs (proposed, invited or confirmed) that are in no group yet."""
    grouped = select(GroupPair.pair_id)
    query = select(Pair).where(Pair.status.in_(OPEN_PAIR_STATUSES), Pair.id.not_in(grouped))
    return list(db.session.scalars(query.order_by(Pair.created_at, Pair.id)))


def add_pairs(group: Group, pair_ids: list[int], *, staff_id: int, ip: str = "") -> int:
    """Put pairs that are in no group into this one, their members now in a group;
    returns how many were added."""
    free = {pair.id for pair in pairs_without_group()}
    added = 0
    for pair_id in dict.fromkeys(pair_ids):
        if pair_id not in free:
            raise ProgrammeError("pair_not_free")
        db.session.add(GroupPair(group_id=group.id, pair_id=pair_id))
        added += 1
    db.session.flush()
    member_status.pairs_placed(group, pair_ids, staff_id=staff_id, ip=ip)
    return added


def _membership(group: Group, pair_id: int) -> GroupPair | None:
    query = select(GroupPair).where(GroupPair.group_id == group.id, GroupPair.pair_id == pair_id)
    return db.session.scalar(query)


def group_pair(group: Group, pair_id: int) -> Pair | None:
    """A pair of this group (looked up through its group)."""
    query = (
        select(Pair)
        .join(GroupPair, GroupPair.pair_id == Pair.id)
        .where(GroupPair.group_id == group.id, Pair.id == pair_id)
    )
    return db.session.scalar(query)


def remove_pair(group: Group, pair_id: int) -> None:
    membership = _membership(group, pair_id)
    if membership is None:
        raise ProgrammeError("pair_not_in_group")
    db.session.delete(membership)
    db.session.flush()


def move_pair(
    group: Group, pair_id: int, to_group: Group, *, reason: str, staff_id: int
) -> PairMove:
    """Move a pair to another group (e.g. one that missed its kick-off joins the next
    group's); the move is recorded."""
    membership = _membership(group, pair_id)
    if membership is None:
        raise ProgrammeError("pair_not_in_group")
    if to_group.id == group.id or to_group.status == "closed":
        raise ProgrammeError("bad_target_group")
    membership.group_id = to_group.id
    move = PairMove(
        pair_id=pair_id,
        from_group_id=group.id,
        to_group_id=to_group.id,
        reason=reason.strip()[:500],
        moved_by=staff_id,
    )
    db.session.add(move)
    db.session.flush()
    return move


def moves(group: Group) -> list[tuple[PairMove, Pair]]:
    """The moves into and out of the group, newest first, each with its pair, so the
    page names the pair's members (read with the group's own pairs' in one query)."""
    query = (
        select(PairMove, Pair)
        .join(Pair, Pair.id == PairMove.pair_id)
        .where((PairMove.from_group_id == group.id) | (PairMove.to_group_id == group.id))
        .order_by(PairMove.moved_at.desc(), PairMove.id.desc())
    )
    return [(move, pair) for move, pair in db.session.execute(query)]


# Meetings


def get_meeting(group: Group, meeting_id: int) -> Meeting | None:
    """A meeting of this group (looked up through its group)."""
    query = select(Meeting).where(Meeting.id == meeting_id, Meeting.group_id == group.id)
    return db.session.scalar(query)


@dataclass(frozen=True)
class MeetingDetails:
    starts: datetime
    ends: datetime
    place: str = ""
    capacity: int | None = None
    trainer: str = ""
    title: dict[str, str] | None = None  # language → text
    description: dict[str, str] | None = None


def change_meeting(meeting: Meeting, details: MeetingDetails) -> None:
    if details.ends <= details.starts:
        raise ProgrammeError("end_before_start")
    meeting.starts_at, meeting.ends_at = details.starts, details.ends
    meeting.place, meeting.trainer = details.place.strip(), details.trainer.strip()
    meeting.capacity = details.capacity
    if details.title is not None:
        meeting.title = {lang: text for lang, text in details.title.items() if text}
    if details.description is not None:
        meeting.description = {lang: text for lang, text in details.description.items() if text}
