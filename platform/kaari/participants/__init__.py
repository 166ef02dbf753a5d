"""The register: people, statuses and their history, notes, search, export, requests."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.core.today import register as register_today
    from kaari.mail import audiences, links
    from kaari.participants import (
        data_requests,
        lifecycle,
        mailing,
        models,
        portal_access,
        profile_columns,
        reconfirm,
        request_views,
        retention,
        today,
        views,
    )
    from kaari.participants.register_columns import register_column_source
    from kaari.participants.settings import participants_settings
    from kaari.privacy.registry import register_person_data
    from kaari.tenancy.settings import register_settings

    register_settings(participants_settings)
    app.add_template_filter(lifecycle.describe_cause, "status_cause")
    register_blueprints(app, views.bp, views.public, request_views.bp, request_views.public)
    add_recurring(retention.erase_past_retention, every=timedelta(days=1))
    audiences.register(mailing.PARTICIPANTS)
    register_today(*today.SOURCES)
    links.register_minters(
        {
            "portal": portal_access.mint_link,
            "data_copy": data_requests.mint_link,
            "reconfirm": reconfirm.mint_link,
        }
    )
    register_person_data(*models.PERSON_DATA)
    register_column_source(profile_columns.PROFILE_COLUMNS)
    add_navigation(
        app,
        NavEntry(
            _l("Participants"),
            "participants.people",
            "manage_register",
            "people",
            current=("participants.*",),
            not_current=("participants.privacy_records",),
        ),
        NavEntry(
            _l("Data requests"),
            "data_requests.request_list",
            "privacy_requests",
            "privacy",
            current=("data_requests.*",),
        ),
        NavEntry(
            _l("Personal data"),
            "participants.privacy_records",
            "privacy_requests",
            "privacy",
            current=("participants.privacy_records",),
        ),
    )
