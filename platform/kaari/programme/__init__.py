"""The programme: what happens to the pairs once matched. Its sub-packages, each with
its own face: groups (groups, meetings and events, agreements, diary, nudges, the group
report), surveys, outcomes (with the follow-up questions after the arc), the
participant portal and the joint invitations of accepted pairs to their group's kick-off."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The programme's settings, its columns, filters and panel in the register (read
    across the sub-packages), then each sub-package registers what it owns, groups first."""
    from kaari.core.today import register as register_today
    from kaari.participants.person_panels import register_person_panel
    from kaari.participants.register_columns import register_column_source, register_filters
    from kaari.programme import (
        groups,
        joint_invitations,
        outcomes,
        person_summary,
        portal,
        register_columns,
        surveys,
        today,
    )
    from kaari.programme.settings import programme_settings
    from kaari.tenancy.settings import register_settings

    register_settings(programme_settings)
    register_column_source(register_columns.PROGRAMME_COLUMNS)
    register_filters(*register_columns.FILTERS)
    register_person_panel(person_summary.PANEL)
    register_today(*today.SOURCES)
    for sub in (groups, surveys, outcomes, portal, joint_invitations):
        sub.init_app(app)
