"""The staff home's list of what needs attention today.

Each domain registers its sources of to-dos from its `init_app` (new contacts from
intake, unanswered invitations from matching, quiet pairs and this week's meetings
from the programme, ...). A source answers with a few aggregate queries whatever the
size of the register, and returns a `Todo` for each thing that needs someone, with how
many and where it is handled; a handled thing is simply no longer returned.

The dashboard asks every source the signed-in user has the permission for, in the
scope of the groups they may act on (`groups`: None for every group), so a group
leader's list holds only their groups' items.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.domains import record


@dataclass(frozen=True)
class Todo:
    text: str  # translated, with its count ("3 pairs have not met for 8 weeks")
    url: str  # the page where it is handled
    count: int
    details: tuple[str, ...] = ()  # a few lines more, e.g. who has not answered


@dataclass(frozen=True)
class TodayScope:
    tenant: Any  # kaari.tenancy.models.Tenant (core does not import domains)
    now: datetime
    can: Callable[[str], bool]  # whether the user has a permission (links follow it)
    user_id: int | None = None  # the signed-in staff member
    groups: frozenset[int] | None = None  # the groups one may act on; None: every group

    def allows(self, group_id: int | None) -> bool:
        return self.groups is None or group_id in self.groups


# The page's sections, in this order; each source belongs to one.
SECTIONS = ("people", "pairs", "groups", "partner", "privacy", "mail")


@dataclass(frozen=True)
class TodaySource:
    key: str
    section: str
    permission: str  # who sees these to-dos (kaari.accounts.access.PERMISSIONS)
    collect: Callable[[TodayScope], list[Todo]]


SOURCES: dict[str, TodaySource] = {}


def register(*sources: TodaySource) -> None:
    """Add sources (from the owning domain's `init_app`)."""
    for source in sources:
        if source.section not in SECTIONS:
            raise ValueError(f"unknown section {source.section!r}")
        record("today", source.key)
        SOURCES[source.key] = source


def count_of(model: Any, *conditions: Any) -> int:
    """How many rows of `model` (in the tenant in scope) meet the conditions: the one
    query most sources ask."""
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def todos(scope: TodayScope) -> dict[str, list[Todo]]:
    """What needs attention, by section, from the sources the user may see; a section
    with nothing to do is left out."""
    found: dict[str, list[Todo]] = {}
    for source in SOURCES.values():
        if scope.can(source.permission):
            todos = [todo for todo in source.collect(scope) if todo.count]
            found.setdefault(source.section, []).extend(todos)
    return {section: found[section] for section in SECTIONS if found.get(section)}
