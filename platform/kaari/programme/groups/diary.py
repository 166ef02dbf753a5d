"""The pair-meeting log and the optional diary that goes with it.

Every meeting has a date; goal, content, next meeting, homework and the mentor's
comment are diary text. Staff see dates and counts always (the follow-up needs them),
the texts only when both members of the pair have allowed it. Meetings staff recorded
(kaari.programme.groups.recorded_meetings) are in the same log and count alike; the pair
sees their dates only. A pair may say it does not keep the log at all: it is then not
reminded to write in it (kaari.programme.groups.nudges)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import case, func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import DiarySharing, LogOptOut, PairMeeting
from kaari.programme.groups.services import ProgrammeError


@dataclass(frozen=True)
class Entry:
    met_on: date
    goal: str = ""
    content: str = ""
    next_on: date | None = None
    next_topic: str = ""
    homework_actor: str = ""
    homework_mentor: str = ""
    mentor_comment: str = ""


def entry_of(meeting: PairMeeting) -> Entry:
    return Entry(**{field.name: getattr(meeting, field.name) for field in fields(Entry)})


def entries(pair: Pair) -> list[PairMeeting]:
    """The pair's meetings, newest first."""
    query = (
        select(PairMeeting)
        .where(PairMeeting.pair_id == pair.id)
        .order_by(PairMeeting.met_on.desc(), PairMeeting.id.desc())
    )
    return list(db.session.scalars(query))


def get_entry(pair: Pair, entry_id: int) -> PairMeeting | None:
    """One of the pair's own entries; a meeting staff recorded is not the pair's to change."""
    query = select(PairMeeting).where(
        PairMeeting.pair_id == pair.id, PairMeeting.id == entry_id, PairMeeting.by_staff.is_(False)
    )
    return db.session.scalar(query)


def _check(pair: Pair, entry: Entry, today: date) -> None:
    if pair.status != "confirmed":
        raise ProgrammeError("pair_not_confirmed")
    if entry.met_on > today:
        raise ProgrammeError("met_in_future")
    if entry.next_on is not None and entry.next_on < entry.met_on:
        raise ProgrammeError("next_before_met")


def save_entry(
    pair: Pair,
    entry: Entry,
    *,
    by: Person,
    today: date,
    meeting: PairMeeting | None = None,
    ip: str = "",
) -> PairMeeting:
    """Log a meeting, or change one. Only the mentor writes the mentor's comment."""
    _check(pair, entry, today)
    if meeting is None:
        meeting = PairMeeting(pair_id=pair.id, written_by=by.id)
        db.session.add(meeting)
    comment = meeting.mentor_comment or ""
    for field in fields(Entry):
        setattr(meeting, field.name, getattr(entry, field.name))
    if by.id != pair.mentor_id:
        meeting.mentor_comment = comment
    db.session.flush()
    record("diary.saved", actor_id=None, ip=ip, obj=meeting, person=by.id)
    return meeting


def delete_entry(meeting: PairMeeting, *, by: Person, ip: str = "") -> None:
    record("diary.deleted", actor_id=None, ip=ip, obj=meeting, person=by.id)
    db.session.delete(meeting)


def sharing(pair: Pair) -> set[int]:
    """The members who allow the coordinator to read the diary texts."""
    query = select(DiarySharing.person_id).where(DiarySharing.pair_id == pair.id)
    return set(db.session.scalars(query))


def shared_with_staff(pair: Pair) -> bool:
    return sharing(pair) >= {pair.actor_id, pair.mentor_id}


def set_sharing(pair: Pair, person: Person, allowed: bool, *, ip: str = "") -> None:
    query = select(DiarySharing).where(
        DiarySharing.pair_id == pair.id, DiarySharing.person_id == person.id
    )
    current = db.session.scalar(query)
    if allowed and current is None:
        db.session.add(DiarySharing(pair_id=pair.id, person_id=person.id))
    elif not allowed and current is not None:
        db.session.delete(current)
    else:
        return
    record("diary.sharing", actor_id=None, ip=ip, obj=pair, person=person.id, allowed=allowed)


def opted_out(pair: Pair) -> LogOptOut | None:
    """The pair's choice not to keep the log, if either member made it."""
    return db.session.scalar(select(LogOptOut).where(LogOptOut.pair_id == pair.id))


def opted_out_pairs(pair_ids: list[int]) -> set[int]:
    """Which of the pairs said they do not keep the log."""
    if not pair_ids:
        return set()
    return set(db.session.scalars(select(LogOptOut.pair_id).where(LogOptOut.pair_id.in_(pair_ids))))


def set_keeps_log(pair: Pair, person: Person, keeps: bool, *, ip: str = "") -> None:
    """Either member says the pair keeps the log, or does not (reversible)."""
    current = opted_out(pair)
    if not keeps and current is None:
        db.session.add(LogOptOut(pair_id=pair.id, chosen_by=person.id))
    elif keeps and current is not None:
        db.session.delete(current)
    else:
        return
    record("diary.keeps_log", actor_id=None, ip=ip, obj=pair, person=person.id, keeps=keeps)


@dataclass(frozen=True)
class Activity:
    count: int = 0  # the pair's own entries and the meetings staff recorded
    last_met: date | None = None
    by_staff: int = 0  # of the count, recorded by staff


def activity(pair_ids: list[int], *, until: date | None = None) -> dict[int, Activity]:
    """Per pair: how many meetings are in its log (up to `until`), whoever logged
    them, how many of those staff recorded, and the latest date."""
    if not pair_ids:
        return {}
    query = (
        select(
            PairMeeting.pair_id,
            func.count(PairMeeting.id),
            func.max(PairMeeting.met_on),
            func.coalesce(func.sum(case((PairMeeting.by_staff.is_(True), 1), else_=0)), 0),
        )
        .where(PairMeeting.pair_id.in_(pair_ids))
        .group_by(PairMeeting.pair_id)
    )
    if until is not None:
        query = query.where(PairMeeting.met_on <= until)
    found = {row[0]: Activity(*row[1:]) for row in db.session.execute(query)}
    return {pair_id: found.get(pair_id, Activity()) for pair_id in pair_ids}
