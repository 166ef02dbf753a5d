"""Outcomes of the arc: what each actor achieved, recorded by staff or answered through
the follow-up questions sent months after the group closed, and how they are counted."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from kaari.core.domains import register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.mail.links import register_minters
    from kaari.privacy.registry import register_person_data
    from kaari.programme.outcomes import follow_up_questions, models, views

    register_blueprints(app, views.bp, views.public)
    add_recurring(follow_up_questions.send_follow_ups, every=timedelta(days=1))
    register_minters({"follow_up": follow_up_questions.mint_link})
    register_person_data(*models.PERSON_DATA)
