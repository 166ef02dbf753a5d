"""The views' object-level check: a group, or anything under it, that the signed-in
user may not act on answers 404 (never 403, never data), like another tenant's id.

Coordinators and admins act on every group; a group leader on the groups they lead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from flask import abort, g
from flask_login import current_user

from kaari.accounts.access import can
from kaari.core.paging import Page, Position
from kaari.programme.groups import services
from kaari.programme.groups.models import Group
from kaari.programme.groups.scope import GroupScope, scope_of

T = TypeVar("T")


def current_scope() -> GroupScope:
    """The signed-in user's groups, read once per request."""
    if "group_scope" not in g:
        g.group_scope = scope_of(current_user.id, every_group=can("every_group"))
    return g.group_scope


def group_or_404(group_id: int) -> Group:
    """The group named in the URL, if it is this tenant's and the user's to act on."""
    group = services.get_group(group_id)
    if group is None or not current_scope().allows(group.id):
        abort(404)
    return group


def visible(items: Iterable[T], group_id_of: Callable[[T], int | None]) -> list[T]:
    """The items (events, overview rows) whose group the user may act on."""
    scope = current_scope()
    return [item for item in items if scope.allows(group_id_of(item))]


def listed_groups(position: Position) -> tuple[list[Group], Page[Group]]:
    """The groups the user may act on as the groups and surveys lists show them: every
    open one, and a page of the closed ones at `position`."""
    led = current_scope().led
    return services.open_groups(led), services.closed_groups(position, led)


def visible_groups() -> list[Group]:
    """The groups the user may act on, in the order of services.list_groups."""
    return visible(services.list_groups(), lambda group: group.id)
