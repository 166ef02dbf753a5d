"""Outcomes of the arc: what each actor achieved and when, recorded by staff or
answered by the actor after the arc, and the programme's way of counting them.

The programme reported each actor once, by priority (employment, in the own field
before another field, > internship > studies/grant > other > none), and funders
compare networks by that; the raw records keep everything else an actor achieved.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.months import add_months
from kaari.core.user_errors import UserError
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, GroupPair
from kaari.programme.outcomes.models import OUTCOME_KINDS, Outcome
from kaari.tenancy.models import Tenant

NOT_KNOWN = "not_known"  # an actor with no outcome recorded (yet)
CATEGORIES = (*OUTCOME_KINDS, NOT_KNOWN)
EMPLOYED = ("employed_own_field", "employed_other_field")
MONTHS_AFTER = 12  # the second moment reports look at: a year after the group's end


class OutcomeError(UserError):
    MESSAGES = {
        "not_in_group": _l("Choose an actor of this group."),
        "bad_kind": _l("Choose an outcome from the list."),
        "future_date": _l("The date cannot be in the future."),
        "text_missing": _l('Write what the "Other" outcome was.'),
    }
    FIELDS = {
        "not_in_group": "person",
        "bad_kind": "kind",
        "future_date": "happened_on",
        "text_missing": "other_text",
    }


# Counting


def counted_kind(kinds: Iterable[str]) -> str:
    """The one category an actor counts in: the first of OUTCOME_KINDS they have, or
    NOT_KNOWN when they have none."""
    present = set(kinds)
    return next((kind for kind in OUTCOME_KINDS if kind in present), NOT_KNOWN)


@dataclass(frozen=True)
class OutcomeSummary:
    """Outcomes of a set of actors up to a date: `counted` has each actor once (by
    priority, with NOT_KNOWN), `raw` every record (an actor with two appears twice)."""

    as_of: date | None
    actors: int
    counted: Mapping[str, int]
    raw: Mapping[str, int]

    def share(self, category: str) -> float:
        """The category's part of all actors (0.3 for 30 %)."""
        return self.counted[category] / self.actors if self.actors else 0.0

    @property
    def employed(self) -> int:
        return sum(self.counted[kind] for kind in EMPLOYED)

    @property
    def employed_share(self) -> float:
        return self.employed / self.actors if self.actors else 0.0

    @property
    def records(self) -> int:
        return sum(self.raw.values())


def summarise(
    actor_ids: Iterable[int], records: Iterable[tuple[int, str]], as_of: date | None = None
) -> OutcomeSummary:
    """Count (actor id, kind) records of the given actors; records of others are left out."""
    actors = set(actor_ids)
    kinds: dict[int, list[str]] = defaultdict(list)
    for actor_id, kind in records:
        if actor_id in actors:
            kinds[actor_id].append(kind)
    counted = Counter(counted_kind(kinds[actor_id]) for actor_id in actors)
    raw = Counter(kind for actor_kinds in kinds.values() for kind in actor_kinds)
    return OutcomeSummary(
        as_of=as_of,
        actors=len(actors),
        counted={category: counted[category] for category in CATEGORIES},
        raw={kind: raw[kind] for kind in OUTCOME_KINDS},
    )


def outcome_summary(actor_ids: Iterable[int], as_of: date | None = None) -> OutcomeSummary:
    """The actors' outcomes dated on or before `as_of` (all when None): one query."""
    actors = set(actor_ids)
    query = select(Outcome.person_id, Outcome.kind).where(Outcome.person_id.in_(actors))
    if as_of is not None:
        query = query.where(Outcome.happened_on <= as_of)
    records = db.session.execute(query).all() if actors else []
    return summarise(actors, records, as_of)


@dataclass(frozen=True)
class GroupOutcomes:
    """A group's outcomes at its end and a year later. With no end known (neither
    closed nor a planned end), `at_end` counts everything so far and there is no
    `after_year`."""

    ends_on: date | None
    at_end: OutcomeSummary
    after_year: OutcomeSummary | None

    @property
    def year_on(self) -> date | None:
        return self.after_year.as_of if self.after_year else None


def group_end(group: Group) -> date | None:
    """The day the group's arc ended: its closing day in the tenant's time zone, else
    its planned end."""
    if group.closed_at is None:
        return group.planned_end
    zone = db.session.get_one(Tenant, group.tenant_id).zone
    return group.closed_at.astimezone(zone).date()


def _actors_of(group: Group) -> Select:
    """The ids of the actors of the group's pairs, as a subquery."""
    query = select(Pair.actor_id).join(GroupPair, GroupPair.pair_id == Pair.id)
    return query.where(GroupPair.group_id == group.id)


def group_actor_ids(group: Group) -> list[int]:
    """The actors of the pairs in the group now: whose outcomes the group reports."""
    return list(dict.fromkeys(db.session.scalars(_actors_of(group))))


def group_outcomes(group: Group) -> GroupOutcomes:
    """The group's outcomes as reported: at the end of its arc, and a year later (when
    follow-up answers have come in)."""
    actors = group_actor_ids(group)
    ends_on = group_end(group)
    if ends_on is None:
        return GroupOutcomes(None, outcome_summary(actors), None)
    year_on = add_months(ends_on, MONTHS_AFTER)
    return GroupOutcomes(
        ends_on, outcome_summary(actors, ends_on), outcome_summary(actors, year_on)
    )


# Records


@dataclass
class ActorOutcomes:
    """One line of a group's outcomes page."""

    person: Person
    outcomes: list[Outcome]


def actors_with_outcomes(group: Group) -> list[ActorOutcomes]:
    """The group's actors by name, each with their outcomes by date: two queries."""
    query = select(Person).where(Person.id.in_(_actors_of(group)))
    people = list(db.session.scalars(query.order_by(Person.name, Person.id)))
    found: dict[int, list[Outcome]] = {person.id: [] for person in people}
    if people:
        of_them = select(Outcome).where(Outcome.person_id.in_(found))
        for outcome in db.session.scalars(of_them.order_by(Outcome.happened_on, Outcome.id)):
            found[outcome.person_id].append(outcome)
    return [ActorOutcomes(person, found[person.id]) for person in people]


def check(kind: str, other_text: str, *, text_required: bool = True) -> str:
    """The free text kept for the kind: "other" has one (staff must say what it was;
    an actor answering a follow-up may leave it out), the other kinds none."""
    if kind not in OUTCOME_KINDS:
        raise OutcomeError("bad_kind")
    text = other_text.strip()[:500]
    if kind == "other" and text_required and not text:
        raise OutcomeError("text_missing")
    return text if kind == "other" else ""


def record_outcome(
    group: Group,
    *,
    person_id: int,
    kind: str,
    happened_on: date,
    other_text: str = "",
    today: date,
    staff_id: int,
    ip: str = "",
) -> Outcome:
    """Staff record an outcome of one of the group's actors (not in the future)."""
    if person_id not in group_actor_ids(group):
        raise OutcomeError("not_in_group")
    text = check(kind, other_text)
    if happened_on > today:
        raise OutcomeError("future_date")
    outcome = Outcome(
        person_id=person_id,
        kind=kind,
        other_text=text,
        happened_on=happened_on,
        source="staff",
        recorded_by=staff_id,
    )
    db.session.add(outcome)
    db.session.flush()
    record("outcome.recorded", actor_id=staff_id, ip=ip, obj=outcome, person=person_id, kind=kind)
    return outcome


def get_outcome(group: Group, outcome_id: int) -> Outcome | None:
    """An outcome of one of this group's actors (looked up through the group)."""
    query = select(Outcome).where(
        Outcome.id == outcome_id, Outcome.person_id.in_(_actors_of(group))
    )
    return db.session.scalar(query)


def remove_outcome(outcome: Outcome, *, staff_id: int, ip: str = "") -> None:
    record(
        "outcome.removed",
        actor_id=staff_id,
        ip=ip,
        obj=outcome,
        person=outcome.person_id,
        kind=outcome.kind,
        happened_on=outcome.happened_on.isoformat(),
    )
    db.session.delete(outcome)
    db.session.flush()
