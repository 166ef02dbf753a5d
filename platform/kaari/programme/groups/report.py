"""The group report: who took part, who came to each meeting, how often each pair
met, which pairs signed their agreement, what the feedback survey said (only from
three respondents up) and the actors' outcomes by the priority rule. Read-only; the
same figures feed the staff page, the CSV file and the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from kaari.core import db
from kaari.matching.services import people_by_id
from kaari.programme.groups import agreements, calendar, diary, services
from kaari.programme.groups.models import Group, Meeting, MeetingInvitation
from kaari.programme.outcomes.services import GroupOutcomes, group_outcomes
from kaari.programme.surveys.results import RoleResults, survey_results
from kaari.programme.surveys.services import survey_of


@dataclass(frozen=True)
class PairLine:
    actor: str
    mentor: str
    status: str
    meetings: int
    signed: bool


@dataclass(frozen=True)
class MeetingLine:
    meeting: Meeting
    invited: int
    coming: int
    came: int


@dataclass(frozen=True)
class GroupReport:
    group: Group
    made_at: datetime
    pairs: list[PairLine]
    meetings: list[MeetingLine]
    outcomes: GroupOutcomes
    survey: dict[str, RoleResults] | None  # by role; None when no survey was opened

    @property
    def signed(self) -> int:
        return sum(line.signed for line in self.pairs)

    @property
    def pair_meetings(self) -> int:
        return sum(line.meetings for line in self.pairs)


def attendance(meetings: list[Meeting]) -> list[MeetingLine]:
    """Invited, coming and came per meeting, in one query."""
    if not meetings:
        return []
    query = (
        select(
            MeetingInvitation.meeting_id,
            func.count(MeetingInvitation.id),
            func.sum(case((MeetingInvitation.answer == "yes", 1), else_=0)),
            func.sum(case((MeetingInvitation.attended.is_(True), 1), else_=0)),
        )
        .where(MeetingInvitation.meeting_id.in_([m.id for m in meetings]))
        .group_by(MeetingInvitation.meeting_id)
    )
    counts = {row[0]: row[1:] for row in db.session.execute(query)}
    return [MeetingLine(m, *(int(n or 0) for n in counts.get(m.id, (0, 0, 0)))) for m in meetings]


def group_report(group: Group, *, now: datetime) -> GroupReport:
    pairs = services.group_pairs(group)
    people = people_by_id({p.actor_id for p in pairs} | {p.mentor_id for p in pairs})
    seen = diary.activity([p.id for p in pairs])
    signed = agreements.signed_by_both([p.id for p in pairs])
    lines = [
        PairLine(
            actor=people[p.actor_id].name,
            mentor=people[p.mentor_id].name,
            status=p.status,
            meetings=seen[p.id].count,
            signed=p.id in signed,
        )
        for p in pairs
    ]
    survey = survey_of(group)
    return GroupReport(
        group,
        now,
        lines,
        attendance(calendar.group_meetings(group)),
        group_outcomes(group),
        survey_results(survey) if survey else None,
    )
