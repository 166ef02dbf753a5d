"""Who may see what: Flask-Login wiring, the permission table and its decorator.

The cookie holds a server-side session token (see models.User.get_id); each
request re-checks the session row, so logout, password change and role
removal take effect at once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import Flask, abort, current_app, flash, g, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts import services
from kaari.accounts.forms import role_choices
from kaari.accounts.models import TENANT_ROLES, Membership
from kaari.accounts.settings import accounts_settings
from kaari.core import db
from kaari.core.choices import labels_of
from kaari.core.domains import set_permission_guard, set_staff_check
from kaari.core.extensions import login_manager

# What each tenant role may do: the one table. Views check a permission, never a role.
# A group leader's group pages are further limited, object by object, to the groups
# they lead (kaari.programme.groups.access); "every_group" lifts that limit.
_MANAGERS = frozenset({"admin", "coordinator"})
PERMISSIONS: dict[str, frozenset[str]] = {
    "staff_pages": frozenset(TENANT_ROLES),  # the dashboard
    "lead_groups": _MANAGERS | {"group_leader"},  # read a group and what is under it
    "every_group": _MANAGERS,  # ... of every group, not only the ones they lead
    "manage_groups": _MANAGERS,  # create and change groups, meetings, events, surveys, outcomes
    "manage_register": _MANAGERS,  # the register of people
    "edit_people": _MANAGERS,  # add people by hand and correct their data (rectification)
    "import_register": _MANAGERS,  # import people from an organisation's own register file
    "privacy_requests": _MANAGERS,  # data requests, subject access, erasure
    "manage_matching": _MANAGERS,
    "send_mailings": _MANAGERS,  # mailings to anyone; the outbox
    "mail_groups": _MANAGERS | {"group_leader"},  # mailings to the groups one leads
    "tenant_reports": _MANAGERS,  # the organisation's reports across all groups
    "manage_intake": _MANAGERS,  # forms and partners
    "manage_materials": _MANAGERS,  # the material pack's sections
    "manage_settings": _MANAGERS,  # texts, logo, the programme's settings
    # Two-factor policy, link lifetimes, retention: the controller's decisions.
    "controller_settings": frozenset({"admin"}),
    "manage_staff": frozenset({"admin"}),
    "audit_log": frozenset({"admin"}),
    "refer_people": frozenset({"partner"}),
}

# Sensitive actions ask for the password (and code) again when the last time is older.
RECENT_AUTH = timedelta(minutes=15)
# The roles a tenant's two-factor policy (setting `require_two_factor`) applies to.
TWO_FACTOR_ROLES = _MANAGERS


def _load_user(token: str):
    config = current_app.config
    user = services.session_user(
        token, absolute=config["STAFF_SESSION_ABSOLUTE"], idle=config["STAFF_SESSION_IDLE"]
    )
    if db.session.dirty:
        db.session.commit()
    return user


def _to_login():
    tenant = g.get("tenant")
    target = url_for("accounts_tenant.tenant_login") if tenant else url_for("accounts.login")
    return redirect(f"{target}?next={request.full_path.rstrip('?')}")


def current_membership() -> Membership | None:
    """The signed-in user's membership in the tenant of this request."""
    if "membership" not in g:
        g.membership = (
            services.membership_of(current_user)
            if current_user.is_authenticated and g.get("tenant") is not None
            else None
        )
    return g.membership


def current_role() -> str | None:
    membership = current_membership()
    return membership.role if membership else None


def _refusal(is_allowed: Callable[[], bool]) -> ResponseReturnValue | None:
    """Sign in first, then `is_allowed()` or 403, then two-factor setup if owed; None
    when the request may go on."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not is_allowed():
        abort(403)
    if _owes_two_factor():
        flash(_("Your organisation asks you to set up two-factor sign-in first."), "info")
        return redirect(url_for("accounts.two_factor_setup"))
    return None


def _allow(is_allowed: Callable[[], bool]):
    """A view decorator: the view runs only where `_refusal` has nothing to say."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            refusal = _refusal(is_allowed)
            return view(*args, **kwargs) if refusal is None else refusal

        return wrapped

    return decorator


def permission_guard(permission: str) -> ResponseReturnValue | None:
    """`permission_required` for a whole blueprint of a domain below accounts
    (`domains.guard_blueprint`)."""
    if permission not in PERMISSIONS:
        raise KeyError(permission)
    return _refusal(lambda: can(permission))


def _owes_two_factor() -> bool:
    """An admin or coordinator without TOTP in a tenant whose policy requires it."""
    tenant = g.get("tenant")
    return (
        tenant is not None
        and not current_user.two_factor
        and current_role() in TWO_FACTOR_ROLES
        and accounts_settings.get(tenant, "require_two_factor")
    )


def can(permission: str) -> bool:
    """Whether the signed-in user's role in this tenant has the permission."""
    return current_role() in PERMISSIONS[permission]


def permission_required(permission: str):
    """Allow tenant members whose role has the permission; others get 403."""
    if permission not in PERMISSIONS:  # a misspelt name fails at import, not on a request
        raise KeyError(permission)
    allow = _allow(lambda: can(permission))

    def decorator(view):
        guarded = allow(view)
        guarded.permission = permission  # read by the access-matrix test
        return guarded

    return decorator


def platform_required(*roles: str):
    """Allow users with one of the platform roles."""
    return _allow(lambda: current_user.platform_role in roles)


def recent_auth_required(back: str | None = None):
    """Ask for the password (and code) again before a sensitive action (ASVS V7.5).

    Put it under the role decorator. A GET comes back to itself afterwards; a
    form (POST) cannot be replayed, so the user returns to the `back` page and
    does it again.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if services.recently_authenticated(current_user.session_token, within=RECENT_AUTH):
                return view(*args, **kwargs)
            if request.method == "GET":
                target = request.full_path.rstrip("?")
            else:
                target = url_for(back or "dashboard.home")
                flash(_("Confirm it is you, then do it again."), "info")
            return redirect(url_for("accounts.confirm_identity", next=target))

        return wrapped

    return decorator


def role_label(role: str | None) -> str:
    return str(labels_of(role_choices()).get(role, role or ""))


def init_app(app: Flask) -> None:
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_to_login)
    set_permission_guard(app, permission_guard, can)
    set_staff_check(app, lambda: current_role() is not None)
    app.jinja_env.globals.update(can=can, current_role=current_role, role_label=role_label)
