"""The programme: what happens to the pairs once matched. Its sub-packages, each with
its own face: groups (groups, meetings and events, agreements, diary, nudges, the group
report), surveys, outcomes (with the follow-up questions after the arc) and the
participant portal."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The programme's settings, then each sub-package registers what it owns, groups first."""
    from kaari.programme import groups, outcomes, portal, surveys
    from kaari.programme.settings import programme_settings
    from kaari.tenancy.settings import register_settings

    register_settings(programme_settings)
    for sub in (groups, surveys, outcomes, portal):
        sub.init_app(app)
