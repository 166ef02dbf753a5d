"""The tenant's indicators for a period, counted by the database.

Every figure here is a GROUP BY over the register, the pairs, the groups and their
history; Python only adds up the aggregated rows (a few per combination of the
report's dimensions), never walks through people. The same functions feed the
staff page, its CSV files and PDF, and the nightly `ReportFact` rows (facts.py), so
the national numbers are the organisation's own.

A *cell* is one combination of the fixed dimensions: role, target group key, ISCO-08
major group (the first digit of `people.occupation_code`) and ISCED-F broad field
(the first two digits of the answer `education_field_code`), "" where unknown.

Stages of the arc (`STAGES`), each defined once, in `_arcs()`: a person counts in a
stage in the period when the moment they *first reached it* falls in the period.
- contacts: the person was added to the register (the contact form), `created_at`;
- registrations: the first status change to registered or any later stage of the
  arc, else `registered_at` (the detailed form was sent);
- waiting: the first change to waiting or later;
- matched: the first change to matched or later;
- in_group: the first change to in_group or later;
- completed: the first change to completed.
A later stage implies the earlier ones, so someone moved straight from registered to
matched counts as waiting too. People whose status was set without history (imported
or demo data) count at their registration day for registration and waiting, and at
their first pair's creation for matched and in_group.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Integer,
    and_,
    case,
    cast,
    distinct,
    extract,
    func,
    literal,
    or_,
    select,
    union_all,
)

from kaari.accounts.models import Membership
from kaari.core import db
from kaari.core.months import add_months
from kaari.intake.models import Partner
from kaari.matching.models import Pair
from kaari.participants.models import EXIT_STATUSES, Person, StatusChange
from kaari.programme.groups.models import (
    GROUP_MEETINGS,
    Group,
    GroupPair,
    Meeting,
    MeetingInvitation,
)
from kaari.programme.outcomes.models import OUTCOME_KINDS, Outcome
from kaari.programme.outcomes.services import CATEGORIES, MONTHS_AFTER, counted_kind, group_end
from kaari.programme.surveys.models import Survey
from kaari.programme.surveys.results import survey_results
from kaari.tenancy.models import TargetGroup

STAGES = ("contacts", "registrations", "waiting", "matched", "in_group", "completed")
# The statuses at or beyond each stage after the first: reaching any of them reaches it.
_ARC = ("registered", "waiting", "matched", "in_group", "completed")
BEYOND = {stage: _ARC[index:] for index, stage in enumerate(STAGES[1:])}
DIMENSIONS = ("role", "target_group", "isco_major", "isced_broad")
# Waiting-time bands in days (lower bounds); the last band is open.
WAIT_BANDS = (0, 30, 90, 180)
# The planning rule of thumb: one half-time coordinator per group of ten pairs.
COORDINATOR_FTE_PER_PAIR = 0.5 / 10
# Pairs that never came to be do not count as a group's pairs.
UNMADE_PAIRS = ("declined", "cancelled")


def band_name(lower: int) -> str:
    """ "0-29", "30-89", …, "180+": the facts' category of a waiting time."""
    index = WAIT_BANDS.index(lower)
    if index == len(WAIT_BANDS) - 1:
        return f"{lower}+"
    return f"{lower}-{WAIT_BANDS[index + 1] - 1}"


@dataclass(frozen=True)
class Period:
    """[start, end) in days; datetimes are compared in UTC."""

    start: date
    end: date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year + 1, 1, 1))

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), UTC)

    @property
    def until(self) -> datetime:
        return datetime.combine(self.end, time(), UTC)

    @property
    def last_day(self) -> date:
        """The last day inside the period (`end` is the first day after it)."""
        return self.end - timedelta(days=1)

    @property
    def is_year(self) -> bool:
        return self == Period.year(self.start.year)

    def within(self, column):
        return and_(column >= self.since, column < self.until)


Cell = tuple[str, str, str, str]  # role, target group, ISCO major, ISCED broad


def nearest_rank(values: Sequence[int], percent: int) -> int | None:
    """The nearest-rank percentile of sorted `values`: the smallest value that at least
    `percent` % of the values are at or below (rank ⌈percent·n/100⌉). Always a value
    that occurs; the median is `percent=50` (the lower middle for an even count)."""
    if not values:
        return None
    rank = max(1, -(-percent * len(values) // 100))
    return values[rank - 1]


def _days(later, earlier):
    """Whole days from `earlier` to `later`, on SQLite and PostgreSQL."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.floor(extract("epoch", later - earlier) / 86400), Integer)
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def _arcs(tenant_id: int):
    """One row per person: the dimensions, the partner and when each stage was reached."""
    history = (
        select(
            StatusChange.person_id,
            *(
                func.min(case((StatusChange.new_status.in_(BEYOND[stage]), StatusChange.at))).label(
                    stage
                )
                for stage in BEYOND
            ),
        )
        .where(StatusChange.tenant_id == tenant_id)
        .group_by(StatusChange.person_id)
        .subquery()
    )
    made = Pair.tenant_id == tenant_id, Pair.status.notin_(UNMADE_PAIRS)
    members = union_all(
        select(Pair.actor_id.label("person_id"), Pair.created_at.label("at")).where(*made),
        select(Pair.mentor_id.label("person_id"), Pair.created_at.label("at")).where(*made),
    ).subquery()
    first_pair = (
        select(members.c.person_id, func.min(members.c.at).label("at"))
        .group_by(members.c.person_id)
        .subquery()
    )

    def fallback(stage: str, at):
        return case((Person.status.in_(BEYOND[stage]), at))

    reached = {
        "contacts": Person.created_at,
        "registrations": func.coalesce(history.c.registrations, Person.registered_at),
        "waiting": func.coalesce(history.c.waiting, fallback("waiting", Person.registered_at)),
        "matched": func.coalesce(history.c.matched, fallback("matched", first_pair.c.at)),
        "in_group": func.coalesce(history.c.in_group, fallback("in_group", first_pair.c.at)),
        "completed": history.c.completed,
    }
    return (
        select(
            Person.id,
            Person.partner_id,
            Person.role,
            func.coalesce(TargetGroup.key, "").label("target_group"),
            func.coalesce(func.substr(Person.occupation_code, 1, 1), "").label("isco_major"),
            func.coalesce(
                func.substr(Person.answers["education_field_code"].as_string(), 1, 2), ""
            ).label("isced_broad"),
            *(at.label(stage) for stage, at in reached.items()),
        )
        .outerjoin(history, history.c.person_id == Person.id)
        .outerjoin(first_pair, first_pair.c.person_id == Person.id)
        .outerjoin(TargetGroup, TargetGroup.id == Person.target_group_id)
        .where(Person.tenant_id == tenant_id)
        .subquery()
    )


def _cells(rows: Iterable[Any]) -> list[tuple[Cell, tuple]]:
    """Query rows whose first four columns are the dimensions, as (cell, the rest)."""
    return [(tuple(row[:4]), tuple(row[4:])) for row in rows]


# Funnel and drop-outs


def funnel_cells(tenant_id: int, period: Period) -> dict[Cell, dict[str, int]]:
    """Per cell, how many people reached each stage in the period: one query."""
    arcs = _arcs(tenant_id)
    dims = [arcs.c[name] for name in DIMENSIONS]
    in_period = [period.within(arcs.c[stage]) for stage in STAGES]
    query = (
        select(*dims, *(func.sum(case((hit, 1), else_=0)) for hit in in_period))
        .where(or_(*in_period))
        .group_by(*dims)
    )
    return {
        cell: dict(zip(STAGES, map(int, counts), strict=True))
        for cell, counts in _cells(db.session.execute(query))
    }


def dropout_cells(tenant_id: int, period: Period) -> dict[Cell, dict[str, int]]:
    """Per cell, people who left the arc in the period by the kind of side exit (the
    exit status is the reason code; the free-text reason stays in the register)."""
    arcs = _arcs(tenant_id)
    dims = [arcs.c[name] for name in DIMENSIONS]
    query = (
        select(*dims, StatusChange.new_status, func.count(distinct(StatusChange.person_id)))
        .join(arcs, arcs.c.id == StatusChange.person_id)
        .where(
            StatusChange.tenant_id == tenant_id,
            StatusChange.new_status.in_(EXIT_STATUSES),
            period.within(StatusChange.at),
        )
        .group_by(*dims, StatusChange.new_status)
    )
    found: dict[Cell, dict[str, int]] = defaultdict(dict)
    for cell, (reason, count) in _cells(db.session.execute(query)):
        found[cell][reason] = int(count)
    return dict(found)


# Waiting times


def _waits(tenant_id: int, period: Period):
    """People matched in the period with the days they waited since registering."""
    arcs = _arcs(tenant_id)
    return (
        select(
            *(arcs.c[name] for name in DIMENSIONS),
            _days(arcs.c.matched, arcs.c.registrations).label("days"),
        )
        .where(period.within(arcs.c.matched), arcs.c.registrations <= arcs.c.matched)
        .subquery()
    )


def waiting_days(tenant_id: int, period: Period) -> dict[str, list[int]]:
    """Role → the sorted day counts of those matched in the period (one column)."""
    waits = _waits(tenant_id, period)
    query = select(waits.c.role, waits.c.days).order_by(waits.c.role, waits.c.days)
    days: dict[str, list[int]] = defaultdict(list)
    for role, count in db.session.execute(query):
        days[role].append(int(count))
    return dict(days)


def waiting_band_cells(tenant_id: int, period: Period) -> dict[Cell, dict[str, int]]:
    """Per cell, people matched in the period by waiting-time band: one query."""
    waits = _waits(tenant_id, period)
    dims = [waits.c[name] for name in DIMENSIONS]
    band = case(
        *((waits.c.days >= lower, literal(band_name(lower))) for lower in reversed(WAIT_BANDS))
    ).label("band")
    query = select(*dims, band, func.count()).group_by(*dims, band)
    found: dict[Cell, dict[str, int]] = defaultdict(dict)
    for cell, (name, count) in _cells(db.session.execute(query)):
        if name is not None:
            found[cell][name] = int(count)
    return dict(found)


@dataclass(frozen=True)
class WaitingTime:
    role: str
    matched: int
    median: int | None
    p90: int | None


def waiting_times(tenant_id: int, period: Period) -> list[WaitingTime]:
    return [
        WaitingTime(role, len(days), nearest_rank(days, 50), nearest_rank(days, 90))
        for role, days in sorted(waiting_days(tenant_id, period).items())
    ]


# Partners


@dataclass(frozen=True)
class Referral:
    partner: str  # "" for people who came without a partner's link
    contacts: int
    registrations: int
    matched: int

    @property
    def conversion(self) -> float | None:
        """The part of the period's contacts who have been matched by now."""
        return self.matched / self.contacts if self.contacts else None


def referrals(tenant_id: int, period: Period) -> list[Referral]:
    """Per partner, the period's contacts through their links and how many of them
    have registered and been matched since: one query."""
    arcs = _arcs(tenant_id)
    query = (
        select(
            Partner.name,
            func.count(arcs.c.id),
            func.count(arcs.c.registrations),
            func.count(arcs.c.matched),
        )
        .select_from(arcs)
        .outerjoin(Partner, and_(Partner.id == arcs.c.partner_id, Partner.tenant_id == tenant_id))
        .where(period.within(arcs.c.contacts))
        .group_by(Partner.id, Partner.name)
        .order_by(func.count(arcs.c.id).desc(), Partner.name)
    )
    return [Referral(name or "", *map(int, counts)) for name, *counts in db.session.execute(query)]


# Groups, attendance and workload


@dataclass(frozen=True)
class GroupLine:
    group_id: int
    name: str
    target_group: str
    starts: date | None
    ends: date | None
    pairs: int
    meetings: int
    invited: int
    came: int

    @property
    def attendance(self) -> float | None:
        return self.came / self.invited if self.invited else None


def _groups_with_ends(tenant_id: int) -> list[tuple[Group, date | None, str]]:
    """Every started group with the day its arc ended (or will end) and its target
    group key: one query (the groups, not their people)."""
    query = (
        select(Group, func.coalesce(TargetGroup.key, ""))
        .outerjoin(TargetGroup, TargetGroup.id == Group.target_group_id)
        .where(Group.tenant_id == tenant_id, Group.status != "planning")
        .order_by(Group.planned_start, Group.name)
    )
    return [(group, group_end(group), key) for group, key in db.session.execute(query)]


def running_groups(tenant_id: int, period: Period) -> list[GroupLine]:
    """Groups whose arc overlaps the period (started before its end, not ended before
    its start), with their pairs and the attendance of their group meetings held in
    the period: three queries."""
    groups = [
        (group, ends, key)
        for group, ends, key in _groups_with_ends(tenant_id)
        if (group.planned_start or group.created_at.date()) < period.end
        and (ends is None or ends >= period.start)
    ]
    ids = [group.id for group, _ends, _key in groups]
    pairs = dict(
        db.session.execute(
            select(GroupPair.group_id, func.count(Pair.id))
            .join(Pair, Pair.id == GroupPair.pair_id)
            .where(GroupPair.group_id.in_(ids), Pair.status.notin_(UNMADE_PAIRS))
            .group_by(GroupPair.group_id)
        ).all()
    )
    seen = {
        group_id: counts
        for group_id, *counts in db.session.execute(
            select(
                Meeting.group_id,
                func.count(distinct(Meeting.id)),
                func.count(MeetingInvitation.id),
                func.sum(case((MeetingInvitation.attended.is_(True), 1), else_=0)),
            )
            .outerjoin(MeetingInvitation, MeetingInvitation.meeting_id == Meeting.id)
            .where(
                Meeting.group_id.in_(ids),
                Meeting.kind.in_(GROUP_MEETINGS),
                period.within(Meeting.starts_at),
            )
            .group_by(Meeting.group_id)
        )
    }
    return [
        GroupLine(
            group.id,
            group.name,
            key,
            group.planned_start,
            ends,
            int(pairs.get(group.id, 0)),
            *(int(n or 0) for n in seen.get(group.id, (0, 0, 0))),
        )
        for group, ends, key in groups
    ]


@dataclass(frozen=True)
class Workload:
    groups: int
    pairs: int
    coordinators: int  # staff with the coordinator role now

    @property
    def needed_fte(self) -> float:
        """Full-time equivalents the rule of thumb asks for these pairs."""
        return self.pairs * COORDINATOR_FTE_PER_PAIR

    @property
    def fte_per_coordinator(self) -> float | None:
        return self.needed_fte / self.coordinators if self.coordinators else None


def workload(tenant_id: int, groups: list[GroupLine]) -> Workload:
    coordinators = db.session.scalar(
        select(func.count(Membership.id)).where(
            Membership.tenant_id == tenant_id, Membership.role == "coordinator"
        )
    )
    return Workload(len(groups), sum(line.pairs for line in groups), int(coordinators or 0))


# Outcomes


def ended_groups(tenant_id: int, period: Period) -> dict[int, date]:
    """Group id → end day, for the groups whose arc ended in the period."""
    return {
        group.id: ends
        for group, ends, _key in _groups_with_ends(tenant_id)
        if ends is not None and period.start <= ends < period.end
    }


OutcomeKey = tuple[Cell, int]  # (cell, the year the group ended)


def outcome_cells(
    tenant_id: int, ends: dict[int, date]
) -> tuple[dict[OutcomeKey, Counter], dict[OutcomeKey, Counter]]:
    """The actors of the groups that ended on the given days, each counted once per
    group by the priority rule (`programme.outcomes.counted_kind`): at the group's end
    and `MONTHS_AFTER` months later. The database reduces each actor to the set of
    kinds they had by each moment and counts actors per set; only those few sets go
    through the rule. One query."""
    at_end: dict[OutcomeKey, Counter] = defaultdict(Counter)
    later: dict[OutcomeKey, Counter] = defaultdict(Counter)
    if not ends:
        return at_end, later
    arcs = _arcs(tenant_id)
    end_day = case(ends, value=GroupPair.group_id)
    year_on = case(
        {gid: add_months(day, MONTHS_AFTER) for gid, day in ends.items()}, value=GroupPair.group_id
    )
    year = case({gid: day.year for gid, day in ends.items()}, value=GroupPair.group_id)

    def had(kind: str, moment):
        hit = and_(Outcome.kind == kind, Outcome.happened_on <= moment)
        return func.max(case((hit, 1), else_=0))

    dims = [arcs.c[name] for name in DIMENSIONS]
    per_actor = (
        select(
            *dims,
            year.label("year"),
            *(had(kind, end_day).label(f"end_{kind}") for kind in OUTCOME_KINDS),
            *(had(kind, year_on).label(f"later_{kind}") for kind in OUTCOME_KINDS),
        )
        .select_from(GroupPair)
        .join(Pair, Pair.id == GroupPair.pair_id)
        .join(arcs, arcs.c.id == Pair.actor_id)
        .outerjoin(
            Outcome, and_(Outcome.person_id == Pair.actor_id, Outcome.tenant_id == tenant_id)
        )
        .where(GroupPair.tenant_id == tenant_id, GroupPair.group_id.in_(ends))
        .group_by(arcs.c.id, GroupPair.group_id, *dims)
        .subquery()
    )
    columns = [c for c in per_actor.c if c.name not in DIMENSIONS]
    query = select(*(per_actor.c[name] for name in DIMENSIONS), *columns, func.count()).group_by(
        *(per_actor.c[name] for name in DIMENSIONS), *columns
    )
    count = len(OUTCOME_KINDS)
    for cell, (row_year, *flags, actors) in _cells(db.session.execute(query)):
        key = (cell, int(row_year))
        end_flags, later_flags = flags[:count], flags[count:]
        at_end[key][
            counted_kind(k for k, f in zip(OUTCOME_KINDS, end_flags, strict=True) if f)
        ] += actors
        later[key][
            counted_kind(k for k, f in zip(OUTCOME_KINDS, later_flags, strict=True) if f)
        ] += actors
    return at_end, later


@dataclass(frozen=True)
class OutcomeShares:
    """Actors counted once by priority: `counted` per category (NOT_KNOWN included)."""

    label: str
    counted: dict[str, int]

    @property
    def actors(self) -> int:
        return sum(self.counted.values())

    def share(self, category: str) -> float | None:
        return self.counted[category] / self.actors if self.actors else None


def outcome_shares(cells: dict[OutcomeKey, Counter], label_of) -> list[OutcomeShares]:
    """The cells summed by `label_of(cell, year)`, in label order."""
    totals: dict[str, Counter] = defaultdict(Counter)
    for (cell, year), counted in cells.items():
        totals[label_of(cell, year)].update(counted)
    return [
        OutcomeShares(label, {category: totals[label][category] for category in CATEGORIES})
        for label in sorted(totals)
    ]


# Surveys


@dataclass
class SurveyAggregate:
    """Responses of one role over the surveys of the groups that ended in the period,
    and the average of each scale question that at least three of that role answered
    in each survey counted (`survey_results` suppresses smaller ones)."""

    role: str
    members: int = 0
    responses: int = 0
    surveys_shown: int = 0
    scales: dict[str, list[float]] = field(default_factory=dict)  # label → [sum, answers]

    @property
    def rate(self) -> float | None:
        return min(1.0, self.responses / self.members) if self.members else None

    def averages(self) -> list[tuple[str, float]]:
        return [(label, total / n) for label, (total, n) in sorted(self.scales.items()) if n]


def survey_aggregates(group_ids: Iterable[int], label_of) -> list[SurveyAggregate]:
    """One query for the surveys, then `survey_results` (four queries) per survey."""
    ids = list(group_ids)
    feedback = select(Survey).where(Survey.group_id.in_(ids), Survey.kind == "feedback")
    surveys = db.session.scalars(feedback).all()
    found: dict[str, SurveyAggregate] = {}
    for survey in surveys:
        for role, result in survey_results(survey).items():
            aggregate = found.setdefault(role, SurveyAggregate(role))
            aggregate.members += result.rate.members
            aggregate.responses += result.rate.responses
            aggregate.surveys_shown += result.shown
            for item in result.questions:
                if item.average is None:
                    continue
                label = label_of(item.question)
                total = aggregate.scales.setdefault(label, [0.0, 0])
                total[0] += item.average * item.answered
                total[1] += item.answered
    return [found[role] for role in sorted(found)]


# Everything for the page


@dataclass(frozen=True)
class TenantReport:
    period: Period
    funnel: dict[Cell, dict[str, int]]
    dropouts: dict[Cell, dict[str, int]]
    waiting: list[WaitingTime]
    waiting_bands: dict[Cell, dict[str, int]]
    referrals: list[Referral]
    groups: list[GroupLine]
    workload: Workload
    outcomes_end: dict[OutcomeKey, Counter]
    outcomes_later: dict[OutcomeKey, Counter]
    surveys: list[SurveyAggregate]


def summed(cells: dict[Cell, dict[str, int]], by: str) -> dict[str, Counter]:
    """Cells added up along one dimension ("role", "target_group", …)."""
    index = DIMENSIONS.index(by)
    totals: dict[str, Counter] = defaultdict(Counter)
    for cell, counts in cells.items():
        totals[cell[index]].update(counts)
    return dict(sorted(totals.items()))


def tenant_report(tenant_id: int, period: Period, *, question_label) -> TenantReport:
    """Every indicator of the period. The number of queries does not depend on the
    number of people (surveys add three each, groups none)."""
    groups = running_groups(tenant_id, period)
    ends = ended_groups(tenant_id, period)
    at_end, later = outcome_cells(tenant_id, ends)
    return TenantReport(
        period=period,
        funnel=funnel_cells(tenant_id, period),
        dropouts=dropout_cells(tenant_id, period),
        waiting=waiting_times(tenant_id, period),
        waiting_bands=waiting_band_cells(tenant_id, period),
        referrals=referrals(tenant_id, period),
        groups=groups,
        workload=workload(tenant_id, groups),
        outcomes_end=at_end,
        outcomes_later=later,
        surveys=survey_aggregates(ends, question_label),
    )
