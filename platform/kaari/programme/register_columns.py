"""The programme's columns and filters in the register (kaari.participants.
register_columns): the group and pair partner, whether the pair's agreement is signed,
how many meetings the pair logged, and the outcome an actor counts in at the end."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, and_, func, select

from kaari.core import db
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.participants.register_columns import ColumnSource, PersonFields, RegisterFilter
from kaari.programme.current_pairs import current_pairs, groups_of, in_a_current_pair, partner_of
from kaari.programme.groups import diary
from kaari.programme.groups.agreements import signed_by_both, signed_pairs
from kaari.programme.groups.models import GroupPair, PairMeeting
from kaari.programme.groups.services import list_groups
from kaari.programme.labels import kind_names
from kaari.programme.outcomes.models import OUTCOME_KINDS, Outcome
from kaari.programme.outcomes.services import NOT_KNOWN, counted_kind

PAIR_COLUMNS = ("group", "pair_partner", "agreement", "meetings")
MEETINGS_AT_LEAST = (1, 3, 6)


def _labels() -> dict[str, str]:
    return {
        "group": _l("Group"),
        "pair_partner": _l("Pair partner"),
        "agreement": _l("Agreement signed"),
        "meetings": _l("Pair meetings logged"),
        "outcome": _l("Outcome"),
    }


def _yes_no(value: bool) -> str:
    return str(_l("Yes") if value else _l("No"))


def _outcomes(person_ids: list[int]) -> dict[int, str]:
    """The outcome each person counts in (by priority), for those with any recorded."""
    kinds: dict[int, list[str]] = defaultdict(list)
    query = select(Outcome.person_id, Outcome.kind).where(Outcome.person_id.in_(person_ids))
    for person_id, kind in db.session.execute(query):
        kinds[person_id].append(kind)
    names = kind_names()
    return {person_id: str(names[counted_kind(found)]) for person_id, found in kinds.items()}


def _values(people: Sequence[PersonFields], keys: Sequence[str], language: str):
    ids = [person.id for person in people]
    pairs = current_pairs(ids) if set(keys) & set(PAIR_COLUMNS) else {}
    pair_ids = sorted({pair.id for pair in pairs.values()})
    values: dict[str, dict[int, str]] = {}
    if "group" in keys:
        groups = groups_of(pair_ids)
        values["group"] = {pid: groups[p.id].name for pid, p in pairs.items() if p.id in groups}
    if "pair_partner" in keys:
        partners = {pid: partner_of(pair, pid) for pid, pair in pairs.items()}
        query = select(Person.id, Person.name).where(Person.id.in_(set(partners.values())))
        names = dict(db.session.execute(query).all()) if partners else {}
        values["pair_partner"] = {pid: names.get(other, "") for pid, other in partners.items()}
    if "agreement" in keys:
        signed = signed_by_both(pair_ids)
        values["agreement"] = {pid: _yes_no(pair.id in signed) for pid, pair in pairs.items()}
    if "meetings" in keys:
        logged = diary.activity(pair_ids)
        values["meetings"] = {pid: str(logged[pair.id].count) for pid, pair in pairs.items()}
    if "outcome" in keys:
        values["outcome"] = _outcomes(ids)
    return values


PROGRAMME_COLUMNS = ColumnSource("programme", _labels, _values)


# Filters --------------------------------------------------------------------------


def _group(value: str) -> ColumnElement[bool] | None:
    if not value.isdigit():
        return None
    in_group = select(GroupPair.pair_id).where(GroupPair.group_id == int(value))
    return in_a_current_pair(Pair.id.in_(in_group))


def _pair(value: str) -> ColumnElement[bool] | None:
    if value not in ("yes", "no"):
        return None
    return in_a_current_pair() if value == "yes" else ~in_a_current_pair()


def _agreement(value: str) -> ColumnElement[bool] | None:
    if value not in ("yes", "no"):
        return None
    signed = Pair.id.in_(signed_pairs())
    return in_a_current_pair(signed if value == "yes" else ~signed)


def _meetings(value: str) -> ColumnElement[bool] | None:
    if value == "0":
        return in_a_current_pair(~Pair.id.in_(select(PairMeeting.pair_id)))
    if not value.isdigit() or int(value) not in MEETINGS_AT_LEAST:
        return None
    logged = (
        select(PairMeeting.pair_id)
        .group_by(PairMeeting.pair_id)
        .having(func.count(PairMeeting.id) >= int(value))
    )
    return in_a_current_pair(Pair.id.in_(logged))


def _outcome(value: str) -> ColumnElement[bool] | None:
    """The people who count in this outcome: they have it and none ranked higher."""
    if value == NOT_KNOWN:
        return and_(Person.role == "actor", ~Person.id.in_(select(Outcome.person_id)))
    if value not in OUTCOME_KINDS:
        return None
    higher = OUTCOME_KINDS[: OUTCOME_KINDS.index(value)]
    having = select(Outcome.person_id).where(Outcome.kind == value)
    above = select(Outcome.person_id).where(Outcome.kind.in_(higher))
    return and_(Person.id.in_(having), ~Person.id.in_(above))


def _meeting_choices() -> dict[str, str]:
    return {
        "0": str(_l("None logged")),
        **{str(n): str(_l("At least %(count)d", count=n)) for n in MEETINGS_AT_LEAST},
    }


def _yes_no_choices() -> dict[str, str]:
    return {"yes": _yes_no(True), "no": _yes_no(False)}


FILTERS = (
    RegisterFilter(
        "group", lambda: _l("Group"), lambda: {str(g.id): g.name for g in list_groups()}, _group
    ),
    RegisterFilter("pair", lambda: _l("Has a pair partner"), _yes_no_choices, _pair),
    RegisterFilter("agreement", lambda: _l("Agreement signed"), _yes_no_choices, _agreement),
    RegisterFilter("meetings", lambda: _l("Pair meetings logged"), _meeting_choices, _meetings),
    RegisterFilter(
        "outcome",
        lambda: _l("Outcome"),
        lambda: {kind: str(name) for kind, name in kind_names().items()},
        _outcome,
    ),
)
