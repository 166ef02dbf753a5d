"""Staff accounts: passwords, server-side sessions, roles and invitations.

Plain functions with explicit arguments: no request, no g. Views pass the
client's IP address where an audit entry needs it.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import delete, func, select, update

from kaari.accounts import hashing
from kaari.accounts.models import (
    PLATFORM_ROLES,
    TENANT_ROLES,
    Invitation,
    LoginFailure,
    Membership,
    StaffSession,
    User,
)
from kaari.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, password_problem
from kaari.accounts.two_factor import is_remembered
from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import cross_tenant
from kaari.core.signing import Signed
from kaari.core.tokens import digest, new_token
from kaari.core.user_errors import UserError
from kaari.tenancy.models import Tenant

INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)
LAST_SEEN_GRANULARITY = timedelta(minutes=1)
# Per-account backoff (ASVS V6.3.1, NIST 800-63B 5.2.2): at most this many failures an hour
# from places the account does not know (see is_locked).
FAILURE_LIMIT = 100
FAILURE_WINDOW = timedelta(hours=1)
# Addresses in one IPv4 /24 or IPv6 /64 count as one network (an office, a home router).
NETWORK_PREFIX = {4: 24, 6: 64}


class AccountError(UserError):
    """A request about accounts that cannot be carried out; `code` says why."""

    MESSAGES = {
        "too_short": lazy_ngettext(
            "The password is too short: use at least %(num)d character.",
            "The password is too short: use at least %(num)d characters.",
            MIN_PASSWORD_LENGTH,
        ),
        "too_long": lazy_ngettext(
            "The password is too long: use at most %(num)d character.",
            "The password is too long: use at most %(num)d characters.",
            MAX_PASSWORD_LENGTH,
        ),
        "common": _l(
            "This password is among the most common ones and easy to guess: choose another."
        ),
        "contains_email": _l("The password must not contain your email address."),
        "invalid_email": _l("Check the email address."),
        "email_taken": _l("This email address has an account already."),
        "already_member": _l("This person is already a member of the staff."),
        "last_admin": _l("The organisation must keep at least one administrator."),
        "sign_in_first": _l(
            "You have an account already: sign in first, then open the link again."
        ),
        "invalid_role": _l("Choose a role from the list."),
        "locked": _l(
            "Signing in to this account from a new place is paused for an hour after too many "
            "failed attempts. Your usual network or a remembered device still works."
        ),
    }


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError("invalid_email") from error


def find_user(email: str) -> User | None:
    try:
        email = normalise_email(email)
    except AccountError:
        return None
    return db.session.scalar(select(User).where(User.email == email))


def create_user(
    email: str,
    *,
    name: str = "",
    password: str | None = None,
    platform_role: str | None = None,
    language: str = "fi",
) -> User:
    email = normalise_email(email)
    if platform_role is not None and platform_role not in PLATFORM_ROLES:
        raise AccountError("invalid_role")
    if db.session.scalar(select(User.id).where(User.email == email)) is not None:
        raise AccountError("email_taken")
    user = User(email=email, name=name, platform_role=platform_role, language=language)
    if password is not None:
        _store_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def _store_password(user: User, password: str) -> None:
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hashing.hash_password(password)


def authenticate(
    email: str,
    password: str,
    *,
    ip: str = "",
    device_token: str | None = None,
) -> User | None:
    """The user with these credentials, or None without saying which part was wrong.

    Raises AccountError("locked") while the account has too many recent failures and
    the attempt comes from a place the account does not know (see is_locked).
    """
    user = find_user(email)
    if user is None or not user.password_hash:
        hashing.verify_nobody(password)
        return None
    known = check_password(user, password, ip=ip, device_token=device_token)
    return user if known and user.active else None


def check_password(
    user: User,
    password: str,
    *,
    ip: str = "",
    device_token: str | None = None,
) -> bool:
    """Whether this is the user's password; a wrong one counts towards the backoff."""
    if is_locked(user, ip=ip, device_token=device_token):
        raise AccountError("locked")
    if hashing.verify(user.password_hash, password):
        return True
    record_failure(user, ip=ip)
    return False


def recent_failures(user: User, *, now: datetime | None = None) -> int:
    since = (now or utcnow()) - FAILURE_WINDOW
    return db.session.execute(
        select(func.count(LoginFailure.id)).where(
            LoginFailure.user_id == user.id, LoginFailure.at > since
        )
    ).scalar_one()


def is_locked(
    user: User,
    *,
    ip: str = "",
    device_token: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Too many failures in the last hour: no sign-in from an unknown place, even with
    the right password; the owner still gets in from a known one (is_known_place).

    A successful sign-in does not clear the count: if it did, an attacker could
    wait for the owner to sign in and get a fresh hundred guesses. Only time does.
    """
    if recent_failures(user, now=now) < FAILURE_LIMIT:
        return False
    return not is_known_place(user, ip=ip, device_token=device_token)


def is_known_place(user: User, *, ip: str, device_token: str | None) -> bool:
    """A device the user chose to remember, or the network of their last sign-in.

    Someone guessing from elsewhere cannot lock the owner out of either; someone on
    the owner's own network is still held back by the per-address rate limit.
    """
    return is_remembered(user, device_token) or same_network(ip, last_sign_in_ip(user))


def last_sign_in_ip(user: User) -> str:
    """The address of the user's newest session (a session exists only after a full sign-in)."""
    query = (
        select(StaffSession.ip)
        .where(StaffSession.user_id == user.id)
        .order_by(StaffSession.created_at.desc(), StaffSession.id.desc())
        .limit(1)
    )
    return db.session.scalar(query) or ""


def same_network(first: str, second: str) -> bool:
    """Whether two addresses are in one IPv4 /24 or one IPv6 /64."""
    try:
        a, b = ipaddress.ip_address(first), ipaddress.ip_address(second)
    except ValueError:
        return False
    if a.version != b.version:
        return False
    prefix = NETWORK_PREFIX[a.version]
    return ipaddress.ip_network(f"{a}/{prefix}", strict=False) == ipaddress.ip_network(
        f"{b}/{prefix}", strict=False
    )


def record_failure(user: User, *, ip: str = "", now: datetime | None = None) -> None:
    """Count a wrong password or code; the failure that reaches the limit is audited."""
    now = now or utcnow()
    db.session.execute(
        delete(LoginFailure).where(
            LoginFailure.user_id == user.id, LoginFailure.at <= now - FAILURE_WINDOW
        )
    )
    db.session.add(LoginFailure(user_id=user.id, at=now))
    db.session.flush()
    if recent_failures(user, now=now) == FAILURE_LIMIT:
        record("account.locked", actor_id=None, ip=ip, obj=user, failures=FAILURE_LIMIT)


def change_password(user: User, password: str, *, keep_session: str | None = None) -> None:
    """Set a new password and end every other session of the user."""
    _store_password(user, password)
    revoke_sessions(user, except_token=keep_session)


# Sessions -----------------------------------------------------------------


def start_session(user: User, *, ip: str = "", user_agent: str = "") -> str:
    """Open a server-side session and return the token for the cookie."""
    raw, token_digest = new_token()
    db.session.add(
        StaffSession(token_digest=token_digest, user=user, ip=ip, user_agent=user_agent[:200])
    )
    user.session_token = raw
    return raw


def session_user(
    raw_token: str, *, absolute: timedelta, idle: timedelta, now: datetime | None = None
) -> User | None:
    """The user of a live session, or None if revoked, expired or idle too long."""
    now = now or utcnow()
    staff_session = _staff_session(raw_token)
    if staff_session is None or staff_session.revoked_at is not None:
        return None
    if now - staff_session.created_at > absolute or now - staff_session.last_seen_at > idle:
        staff_session.revoked_at = now
        return None
    if not staff_session.user.active:
        return None
    if now - staff_session.last_seen_at > LAST_SEEN_GRANULARITY:
        staff_session.last_seen_at = now
    user = staff_session.user
    user.session_token = raw_token
    return user


def _staff_session(raw_token: str) -> StaffSession | None:
    return db.session.scalar(
        select(StaffSession).where(StaffSession.token_digest == digest(raw_token))
    )


def recently_authenticated(
    raw_token: str, *, within: timedelta, now: datetime | None = None
) -> bool:
    """Whether the session's password (and code) were given within `within`."""
    staff_session = _staff_session(raw_token)
    return (
        staff_session is not None
        and staff_session.authenticated_at is not None
        and (now or utcnow()) - staff_session.authenticated_at <= within
    )


def confirm_identity(raw_token: str) -> None:
    """The user gave the password (and code) again in this session."""
    staff_session = _staff_session(raw_token)
    if staff_session is not None:
        staff_session.authenticated_at = utcnow()


def end_session(raw_token: str) -> None:
    db.session.execute(
        update(StaffSession)
        .where(StaffSession.token_digest == digest(raw_token), StaffSession.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


def revoke_sessions(user: User, *, except_token: str | None = None) -> None:
    statement = update(StaffSession).where(
        StaffSession.user_id == user.id, StaffSession.revoked_at.is_(None)
    )
    if except_token is not None:
        statement = statement.where(StaffSession.token_digest != digest(except_token))
    db.session.execute(statement.values(revoked_at=utcnow()))


# Roles --------------------------------------------------------------------


def membership_of(user: User) -> Membership | None:
    """The user's membership in the tenant in scope."""
    return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


def tenants_of(user: User) -> list[Membership]:
    """All the user's memberships, across tenants (for choosing an organisation)."""
    with cross_tenant():
        query = (
            select(Membership)
            .join(Membership.tenant)
            .where(Membership.user_id == user.id, Tenant.enabled.is_(True))
            .order_by(Tenant.name)
        )
        return list(db.session.scalars(query))


def list_members() -> list[Membership]:
    query = select(Membership).join(Membership.user).order_by(User.name, User.email)
    return list(db.session.scalars(query))


def grant_role(user: User, role: str, *, actor: User | None, ip: str = "") -> Membership:
    if role not in TENANT_ROLES:
        raise AccountError("invalid_role")
    membership = membership_of(user)
    if membership is None:
        membership = Membership(user=user, role=role)
        db.session.add(membership)
        db.session.flush()
    else:
        membership.role = role
    record(
        "role.granted",
        actor_id=actor.id if actor is not None else None,
        ip=ip,
        obj=membership,
        role=role,
    )
    return membership


def change_role(membership: Membership, role: str, *, actor: User, ip: str = "") -> None:
    if role not in TENANT_ROLES:
        raise AccountError("invalid_role")
    if membership.role == role:
        return
    _keep_an_admin(membership, new_role=role)
    old = membership.role
    membership.role = role
    # A narrower role takes effect at once: the user signs in again.
    revoke_sessions(membership.user)
    record("role.changed", actor_id=actor.id, ip=ip, obj=membership, old=old, new=role)


def remove_member(membership: Membership, *, actor: User, ip: str = "") -> None:
    _keep_an_admin(membership, new_role=None)
    record("role.removed", actor_id=actor.id, ip=ip, obj=membership, role=membership.role)
    revoke_sessions(membership.user)
    db.session.delete(membership)


def _keep_an_admin(membership: Membership, *, new_role: str | None) -> None:
    if membership.role != "admin" or new_role == "admin":
        return
    admins = db.session.scalars(select(Membership.id).where(Membership.role == "admin")).all()
    if len(admins) <= 1:
        raise AccountError("last_admin")


# Invitations --------------------------------------------------------------


def invite(email: str, role: str, *, invited_by: User | None, ip: str = "") -> Invitation:
    """Create an invitation in the tenant in scope. Its link is made when the mail
    leaves (`issue_invitation_token`); until then no token opens it."""
    email = normalise_email(email)
    if role not in TENANT_ROLES:
        raise AccountError("invalid_role")
    existing = find_user(email)
    if existing is not None and membership_of(existing) is not None:
        raise AccountError("already_member")
    invitation = Invitation(
        email=email,
        role=role,
        token_digest=new_token()[1],  # a digest whose token nobody has
        invited_by_id=invited_by.id if invited_by else None,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    record(
        "invitation.created",
        actor_id=invited_by.id if invited_by is not None else None,
        ip=ip,
        obj=invitation,
        role=role,
    )
    return invitation


def issue_invitation_token(invitation: Invitation) -> str:
    """A new token for the invitation's link; the last one stops working."""
    raw, invitation.token_digest = new_token()
    return raw


def open_invitation(raw_token: str) -> Invitation | None:
    """A usable invitation of the tenant in scope for this token, or None."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_digest == digest(raw_token))
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.revoked_at is not None
        or invitation.expires_at < utcnow()
    ):
        return None
    return invitation


def pending_invitations() -> list[Invitation]:
    query = (
        select(Invitation)
        .where(
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
        .order_by(Invitation.created_at.desc())
    )
    return list(db.session.scalars(query))


def accept_invitation(
    invitation: Invitation, *, user: User | None, name: str = "", password: str = "", ip: str = ""
) -> User:
    """Join the tenant: an existing user is given the role, a new one is created."""
    if user is None:
        user = find_user(invitation.email)
        if user is not None:
            raise AccountError("sign_in_first")
        user = create_user(invitation.email, name=name, password=password)
    grant_role(user, invitation.role, actor=user, ip=ip)
    invitation.accepted_at = utcnow()
    record("invitation.accepted", actor_id=user.id, ip=ip, obj=invitation)
    return user


# Password reset -----------------------------------------------------------


RESET_LINK = Signed("password-reset", RESET_LIFETIME)


def reset_token(user: User) -> str:
    """A signed token bound to the current password hash, so it works once."""
    return RESET_LINK.dumps([user.id, digest(user.password_hash)[:16]])


def user_for_reset(token: str) -> User | None:
    fields = RESET_LINK.fields(token, 2)
    if fields is None:
        return None
    user_id, fingerprint = fields
    user = db.session.get(User, user_id)
    if user is None or not user.active or digest(user.password_hash)[:16] != fingerprint:
        return None
    return user
