"""Staff users, memberships, sessions, invitations, password reset, two-factor, permissions."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints


def init_app(app: Flask) -> None:
    from kaari.accounts import access, mailing, views
    from kaari.accounts.settings import accounts_settings
    from kaari.mail import audiences, delivery, links
    from kaari.tenancy.settings import register_settings

    register_settings(accounts_settings)
    access.init_app(app)
    register_blueprints(app, views.bp, views.tenant_bp, views.staff_bp)
    audiences.register(mailing.STAFF)
    delivery.register_wanted_check(mailing.account_closed)
    links.register_minters(
        {
            "staff_invitation": mailing.invitation_link,
            "password_reset": mailing.password_reset_link,
        }
    )
    add_navigation(
        app,
        NavEntry(
            _l("Staff"),
            "staff_members.members",
            "manage_staff",
            "organisation",
            current=("staff_members.*",),
        ),
    )
