"""How accounts take part in mail: the staff as a mailing audience, by role,
and no mail to an account that has been closed since the message was queued."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from kaari import db
from kaari.accounts.forms import role_choices
from kaari.accounts.models import Membership, User
from kaari.mail.audiences import Audience, register
from kaari.mail.delivery import still_wanted_check


def staff_with_roles(roles: Sequence[str]) -> list[User]:
    query = (
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.role.in_(roles), User.active.is_(True))
        .order_by(User.email)
    )
    return list(db.session.scalars(query))


STAFF = register(
    Audience(
        key="staff", label=lambda: _l("Staff"), options=role_choices, recipients=staff_with_roles
    )
)


@still_wanted_check
def account_closed(message) -> str | None:
    if message.user_id is None:
        return None
    user = db.session.get(User, message.user_id)
    return "account closed" if user is None or not user.active else None
