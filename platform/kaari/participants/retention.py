"""Retention: each organisation sets how long personal data is kept after a person's
arc ended, after they left, or after a contact that never registered; a daily job
erases what is past it, and staff see what falls due soon.

The time counts from the person's last status change (when the arc ended or they
left: `Person.status_since`), or from the contact for those who never registered. A month is 30.44 days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Select, literal, select, tuple_

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import UTCDateTime, utcnow
from kaari.core.paging import PAGE_SIZE, Page, Position, page_of, time_of
from kaari.participants.models import EXIT_STATUSES, Person
from kaari.participants.services import erase
from kaari.participants.settings import participants_settings
from kaari.tenancy.models import Tenant
from kaari.tenancy.recurring import count_in_each_tenant

DAYS_PER_MONTH = 30.44
SOON = timedelta(days=30)


@dataclass(frozen=True)
class Rule:
    setting: str
    statuses: tuple[str, ...]
    from_last_change: bool  # else from the contact

    def __post_init__(self) -> None:
        if self.setting not in participants_settings.settings:  # fails at import
            raise KeyError(f"{self.setting!r} is not a setting of participants")


RULES = (
    Rule("retention_after_arc_months", ("completed",), True),
    Rule("retention_after_exit_months", EXIT_STATUSES, True),
    Rule("retention_unanswered_months", ("contacted", "registration_sent"), False),
)


@dataclass(frozen=True)
class Due:
    person_id: int
    name: str
    status: str
    since: datetime
    due_at: datetime


def kept_for(tenant: Tenant, rule: Rule) -> timedelta:
    return timedelta(days=participants_settings.get(tenant, rule.setting) * DAYS_PER_MONTH)


def _due_query(
    rule: Rule, before: datetime, statuses: tuple[str, ...]
) -> tuple[Select, ColumnElement[datetime]]:
    """The rule's people in `statuses` whose time counts from before `before`, and
    that time: their status's `status_since` (the last status change) or their
    `created_at` (the contact), each indexed with the status."""
    since = Person.status_since if rule.from_last_change else Person.created_at
    query = select(Person.id, Person.name, Person.status, since.label("since")).where(
        Person.erased_at.is_(None), Person.status.in_(statuses), since < before
    )
    return query, since


def due(tenant: Tenant, now: datetime, *, within: timedelta = timedelta(0)) -> list[Due]:
    """People whose data is past its keeping time at `now + within`, earliest first:
    one query per rule, whatever the size of the register."""
    found = []
    for rule in RULES:
        kept = kept_for(tenant, rule)
        query, _since = _due_query(rule, now + within - kept, rule.statuses)
        found += [Due(*row, due_at=row.since + kept) for row in db.session.execute(query)]
    return sorted(found, key=lambda item: item.due_at)


def due_page(
    tenant: Tenant, now: datetime, position: Position, *, within: timedelta = SOON
) -> Page[Due]:
    """One page of `due` (earliest first, then by person), read by keyset from each
    rule's people status by status and merged: one short indexed read per status,
    whatever the register's size. A person's erasure day is their time plus the
    rule's keeping time, so a position (day, person) is, in each rule, (day - keeping
    time, person)."""
    forward = position.forward
    bound = position.after if forward else position.before
    found = []
    for rule in RULES:
        kept = kept_for(tenant, rule)
        for status in rule.statuses:
            query, since = _due_query(rule, now + within - kept, (status,))
            if bound is not None:
                at = tuple_(literal(time_of(bound[0]) - kept, UTCDateTime()), literal(bound[1]))
                row = tuple_(since, Person.id)
                query = query.where(row > at if forward else row < at)
            order = (since, Person.id) if forward else (since.desc(), Person.id.desc())
            rows = db.session.execute(query.order_by(*order).limit(PAGE_SIZE + 1))
            found += [Due(*row, due_at=row.since + kept) for row in rows]
    found.sort(key=_due_key, reverse=not forward)
    page = page_of(found[: PAGE_SIZE + 1], _due_key, position, PAGE_SIZE)
    return page if page is not None else due_page(tenant, now, Position(), within=within)


def _due_key(item: Due) -> tuple[datetime, int]:
    return item.due_at, item.person_id


def apply_retention(tenant: Tenant, now: datetime) -> list[int]:
    """Erase everyone past the keeping time; one audit entry says who (by id) and why."""
    people = due(tenant, now)
    for item in people:
        erase(db.session.get(Person, item.person_id), actor_id=None)
    if people:
        record("retention.erased", actor_id=None, people=[item.person_id for item in people])
    return [item.person_id for item in people]


def erase_past_retention() -> int:
    """The daily job, in every tenant; returns how many people were erased."""
    return count_in_each_tenant(_erase_in)


def _erase_in(*, tenant: Tenant) -> int:
    return len(apply_retention(tenant, utcnow()))
