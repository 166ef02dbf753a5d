"""The faces of the domains: who registered what, and the staff navigation.

Each domain's `__init__.py` has `init_app(app)`, the only place where the domain
registers what it owns (blueprints, recurring jobs, bundle sections, mail audiences,
personal-link minters, person data, navigation entries). `create_app` calls them in
layer order inside `registering(name)`; every registry asks `registering_domain()`
who is registering, so registering anything outside a domain's `init_app` (at import
time, say) fails at once, and `ORIGINS` remembers which domain added each entry for
the test that lists them (tests/test_domains.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

_registering: ContextVar[str | None] = ContextVar("kaari_registering_domain", default=None)

# (registry, key) -> the domain whose init_app registered it.
ORIGINS: dict[tuple[str, str], str] = {}


class RegistrationError(RuntimeError):
    """Something was registered outside a domain's `init_app`."""


@contextmanager
def registering(domain: str) -> Iterator[None]:
    """Mark everything registered inside as registered by `domain`."""
    token = _registering.set(domain)
    try:
        yield
    finally:
        _registering.reset(token)


def registering_domain() -> str:
    """The domain whose `init_app` is running; anywhere else this raises."""
    domain = _registering.get()
    if domain is None:
        raise RegistrationError("register from a domain's init_app, not by import")
    return domain


def record(registry: str, key: str) -> None:
    """Note that the running domain registered `key` in `registry`."""
    ORIGINS[(registry, key)] = registering_domain()


def register_blueprints(app: Flask, *blueprints: Blueprint) -> None:
    """Register the domain's blueprints, remembering which domain they belong to."""
    owners = app.extensions.setdefault("kaari.blueprint_domains", {})
    for blueprint in blueprints:
        owners[blueprint.name] = registering_domain()
        app.register_blueprint(blueprint)


# permission name -> None to go on, or the response that refuses (sign in, 403, ...)
PermissionGuard = Callable[[str], ResponseReturnValue | None]
_GUARD = "kaari.permission_guard"
_CHECK = "kaari.permission_check"


def guard_blueprint(blueprint: Blueprint, permission: str) -> None:
    """Every view of `blueprint` needs `permission`: for the staff pages of a domain below
    `accounts` (mail), which may not import accounts' decorator. The check is the guard
    accounts sets in its `init_app` (`set_permission_guard`), looked up per request."""
    blueprint.before_request(lambda: current_app.extensions[_GUARD](permission))


def guard_view(permission: str):
    """A view of such a blueprint that needs more than the blueprint's permission."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            refusal = current_app.extensions[_GUARD](permission)
            return view(*args, **kwargs) if refusal is None else refusal

        wrapped.permission = permission  # read by the access-matrix test
        return wrapped

    return decorator


def set_permission_guard(app: Flask, guard: PermissionGuard, check: Callable[[str], bool]) -> None:
    """The guard refuses a request; `check` only answers whether the signed-in user's
    role has a permission (for domains below accounts choosing what to offer)."""
    app.extensions[_GUARD] = guard
    app.extensions[_CHECK] = check


def permitted(permission: str) -> bool:
    """Whether the signed-in user's role in this tenant has the permission."""
    return bool(current_app.extensions[_CHECK](permission))


_STAFF_CHECK = "kaari.staff_check"


def set_staff_check(app: Flask, check: Callable[[], bool]) -> None:
    """Accounts tells whether the signed-in user is staff of the tenant in the URL."""
    app.extensions[_STAFF_CHECK] = check


def is_tenant_staff() -> bool:
    """For the public pages of a domain below accounts (tenancy's landing page, shown
    to the organisation's own staff as a preview before it is published)."""
    return bool(current_app.extensions[_STAFF_CHECK]())


@dataclass(frozen=True)
class NavGroup:
    """A heading of the staff menu, under which its links open. The headings are
    declared here, not by the domains, so the menu keeps one short row whatever
    the domains add: a domain files each of its entries under one of them."""

    key: str
    title: Any  # a lazy translation


NAVIGATION_GROUPS = (
    NavGroup("today", _l("Today")),
    NavGroup("people", _l("People")),
    NavGroup("matching", _l("Matching")),
    NavGroup("programme", _l("Groups and events")),
    NavGroup("communication", _l("Communication")),
    NavGroup("reports", _l("Reports")),
    NavGroup("organisation", _l("Organisation")),
    NavGroup("privacy", _l("Privacy")),
)
_GROUP_KEYS = tuple(group.key for group in NAVIGATION_GROUPS)


@dataclass(frozen=True)
class NavEntry:
    """A link in the staff menu, filed under the heading `group` (a `NavGroup` key).

    `current` names the endpoints where the link is marked as the current page: an
    exact endpoint, or a prefix ending in "*"; `not_current` takes some back out.
    The link shows when the user has `permission` (None: every staff member), does
    not have `unless` (then another entry stands in its place), and `shown(config)`.
    """

    label: Any  # a lazy translation
    endpoint: str
    permission: str | None
    group: str
    current: tuple[str, ...] = ()
    not_current: tuple[str, ...] = ()
    unless: str | None = None
    shown: Callable[[Mapping[str, Any]], bool] = lambda _config: True

    def visible(self, can: Callable[[str], bool], config: Mapping[str, Any]) -> bool:
        if self.permission is not None and not can(self.permission):
            return False
        if self.unless is not None and can(self.unless):
            return False
        return self.shown(config)

    def is_current(self, endpoint: str | None) -> bool:
        if not endpoint or endpoint in self.not_current:
            return False
        return any(
            endpoint.startswith(pattern[:-1]) if pattern.endswith("*") else endpoint == pattern
            for pattern in self.current
        )


def add_navigation(app: Flask, *entries: NavEntry) -> None:
    """Add the domain's entries to the staff menu."""
    registered = app.extensions.setdefault("kaari.navigation", [])
    for entry in entries:
        if entry.group not in _GROUP_KEYS:
            raise RegistrationError(f"unknown navigation group {entry.group!r}")
        registering_domain()
        registered.append(entry)


def navigation(app: Flask) -> tuple[NavEntry, ...]:
    """Every registered entry, in the order of the groups (registration order within)."""
    registered = app.extensions.get("kaari.navigation", [])
    return tuple(sorted(registered, key=lambda entry: _GROUP_KEYS.index(entry.group)))


@dataclass(frozen=True)
class MenuSection:
    """One heading of the menu as a user sees it: the links they may follow under it,
    and the one of the page they are on, if it is here."""

    group: NavGroup
    links: tuple[NavEntry, ...]
    current: NavEntry | None


def menu(
    entries: tuple[NavEntry, ...],
    can: Callable[[str], bool],
    config: Mapping[str, Any],
    endpoint: str | None,
) -> tuple[MenuSection, ...]:
    """The staff menu of one user on one page: the headings with a visible link, in
    order. A heading with nothing for the user is left out, so a partner or a group
    leader gets a short menu rather than empty headings."""
    sections = []
    for group in NAVIGATION_GROUPS:
        links = tuple(e for e in entries if e.group == group.key and e.visible(can, config))
        if links:
            current = next((link for link in links if link.is_current(endpoint)), None)
            sections.append(MenuSection(group, links, current))
    return tuple(sections)


def staff_menu() -> tuple[MenuSection, ...]:
    """The menu for the signed-in user on this request (a template global)."""
    return menu(navigation(current_app), permitted, current_app.config, request.endpoint)
