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

from flask import Blueprint, Flask, current_app
from flask.typing import ResponseReturnValue

_registering: ContextVar[str | None] = ContextVar("kaari_registering_domain", default=None)

# (registry, key) -> the domain whose init_app registered it.
ORIGINS: dict[tuple[str, str], str] = {}

# The staff menu, in this order of groups (and in registration order within a group).
NAVIGATION_GROUPS = (
    "overview",
    "people",
    "programme",
    "reports",
    "intake",
    "organisation",
    "materials",
    "mail",
    "partner",
    "staff",
    "privacy",
)


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
class NavEntry:
    """A link in the staff menu.

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
    menu = app.extensions.setdefault("kaari.navigation", [])
    for entry in entries:
        if entry.group not in NAVIGATION_GROUPS:
            raise RegistrationError(f"unknown navigation group {entry.group!r}")
        registering_domain()
        menu.append(entry)


def navigation(app: Flask) -> tuple[NavEntry, ...]:
    """The staff menu in group order."""
    menu = app.extensions.get("kaari.navigation", [])
    return tuple(sorted(menu, key=lambda entry: NAVIGATION_GROUPS.index(entry.group)))
