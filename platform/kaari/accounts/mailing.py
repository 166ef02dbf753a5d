"""How accounts take part in mail: the staff as a mailing audience, by role,
and no mail to an account that has been closed since the message was queued."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from kaari.accounts.forms import role_choices
from kaari.accounts.models import Invitation, Membership, User
from kaari.accounts.services import issue_invitation_token, reset_token
from kaari.core import db
from kaari.mail.audiences import Audience
from kaari.mail.links import LinkUnavailable, platform_url, tenant_url


def staff_with_roles(roles: Sequence[str]) -> Select:
    members = select(Membership.user_id).where(Membership.role.in_(roles))
    return select(User).where(User.id.in_(members), User.active.is_(True))


STAFF = Audience(
    key="staff",
    label=lambda: _l("Staff"),
    options=role_choices,
    recipients=staff_with_roles,
    rule=lambda: _l("Staff members who have one of the chosen roles."),
)


def account_closed(message) -> str | None:
    if message.user_id is None:
        return None
    user = db.session.get(User, message.user_id)
    return "account closed" if user is None or not user.active else None


# Personal links, made when the mail leaves (kaari.mail.links)


def invitation_link(params: dict, _language: str, _recipient: str) -> str:
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.id == params["invitation_id"])
    )
    if invitation is None:
        raise LinkUnavailable
    token = issue_invitation_token(invitation)
    return tenant_url("accounts_tenant.accept_invitation", token=token)


def password_reset_link(params: dict, _language: str, _recipient: str) -> str:
    user = db.session.get(User, params["user_id"])
    if user is None or not user.active:
        raise LinkUnavailable
    token = reset_token(user)
    return platform_url("accounts.reset_password", token=token)
