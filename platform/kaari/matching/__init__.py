"""Matching: rule library, tenant weights and constraints, scores, assignment, proposals."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.core.today import register as register_today
    from kaari.mail.links import register_minters
    from kaari.matching import (
        bundle,
        invitations,
        jobs,
        models,
        past_pairs,
        preferences,
        today,
        views,
    )
    from kaari.matching.settings import matching_settings
    from kaari.privacy.erasure import register_erasure_step
    from kaari.privacy.registry import register_person_data
    from kaari.tenancy.bundles import register_section
    from kaari.tenancy.settings import register_settings

    register_settings(matching_settings)
    register_blueprints(app, views.bp, views.public)
    add_recurring(jobs.remind_pairs, every=timedelta(hours=1))
    register_section("matching", bundle.SECTION)
    register_erasure_step(past_pairs.remember_before_erasure)
    register_minters(
        {"mentor_shortlist": preferences.mint_link, "pair_answer": invitations.mint_link}
    )
    register_person_data(*models.PERSON_DATA)
    register_today(*today.SOURCES)
    add_navigation(
        app,
        NavEntry(
            _l("Matching"),
            "matching.overview",
            "manage_matching",
            "matching",
            current=("matching.*",),
        ),
    )
