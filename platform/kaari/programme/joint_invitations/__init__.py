"""Joint invitations in bulk: the accepted pairs not yet invited on one page, each with
its group's kick-off and the two introductions prefilled from what each member agreed
to share, invited together in one action."""

from __future__ import annotations

from flask import Flask

from kaari.core.domains import register_blueprints


def init_app(app: Flask) -> None:
    from kaari.core.today import register as register_today
    from kaari.programme.joint_invitations import today, views

    register_blueprints(app, views.bp)
    register_today(*today.SOURCES)
