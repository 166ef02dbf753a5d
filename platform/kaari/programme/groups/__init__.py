"""Mentoring groups: their pairs and leaders, the meetings and other events with their
invitations, the planner and calendar, the pairs' agreements, diaries and nudges, the
facts staff record about a pair (meetings heard of, agreements signed on paper), and the
group report."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.mail.audiences import register as register_audience
    from kaari.mail.links import register_minters
    from kaari.privacy.registry import register_person_data
    from kaari.programme.groups import (
        event_views,
        fact_views,
        invitations,
        jobs,
        mailing,
        models,
        note_views,
        paper_agreements,
        recorded_meetings,
        report_views,
        views,
    )

    register_blueprints(
        app,
        views.bp,
        views.public,
        event_views.bp,
        report_views.bp,
        note_views.bp,
        fact_views.bp,
    )
    add_recurring(jobs.remind_meetings, every=timedelta(hours=1))
    add_recurring(jobs.nudge_quiet_pairs, every=timedelta(days=1))
    register_minters({"meeting_rsvp": invitations.mint_link})
    register_audience(mailing.GROUP_MEMBERS)
    register_audience(mailing.MEETING_INVITEES)
    register_person_data(
        *models.PERSON_DATA, paper_agreements.PERSON_DATA, recorded_meetings.PERSON_DATA
    )
    add_navigation(
        app,
        NavEntry(
            _l("Groups"),
            "programme.group_list",
            "lead_groups",
            "programme",
            current=(
                "programme.*",
                "programme_reports.*",
                "outcomes.*",
                "surveys.*",
                "meeting_notes.*",
            ),
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
