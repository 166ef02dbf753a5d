"""The programme: groups, meetings and events, agreements, diary, surveys, outcomes, portal."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.domains import NavEntry, add_navigation, register_blueprints
from kaari.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.mail.links import register_minters
    from kaari.privacy.registry import register_person_data
    from kaari.programme import (
        event_views,
        follow_ups,
        invitations,
        jobs,
        models,
        outcome_views,
        portal_views,
        report_views,
        survey_models,
        survey_views,
        surveys,
        views,
    )
    from kaari.programme.settings import programme_settings
    from kaari.tenancy.settings import register_settings

    register_settings(programme_settings)
    register_blueprints(
        app,
        views.bp,
        views.public,
        portal_views.bp,
        event_views.bp,
        report_views.bp,
        outcome_views.bp,
        outcome_views.public,
        survey_views.bp,
        survey_views.public,
    )
    add_recurring(jobs.remind_meetings, every=timedelta(hours=1))
    add_recurring(jobs.nudge_quiet_pairs, every=timedelta(days=1))
    add_recurring(jobs.remind_surveys, every=timedelta(days=1))
    add_recurring(follow_ups.send_follow_ups, every=timedelta(days=1))
    register_minters(
        {
            "survey": surveys.mint_link,
            "meeting_rsvp": invitations.mint_link,
            "follow_up": follow_ups.mint_link,
        }
    )
    register_person_data(*models.PERSON_DATA, *survey_models.PERSON_DATA)
    add_navigation(
        app,
        NavEntry(
            _l("Groups"),
            "programme.group_list",
            "lead_groups",
            "programme",
            current=("programme.*", "programme_reports.*", "outcomes.*", "surveys.*"),
            not_current=("programme.month",),
        ),
        NavEntry(
            _l("Calendar"),
            "programme.month",
            "lead_groups",
            "programme",
            current=("programme.month",),
        ),
        NavEntry(
            _l("Events"),
            "programme_events.event_list",
            "lead_groups",
            "programme",
            current=("programme_events.*",),
        ),
    )
