"""Surveys of a group: the anonymous feedback survey (the question sets, opening it,
the personal links and the reminder, paper answers, the buffer answers wait in, the
results) and short polls, anonymous or named, that reuse all of it."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from kaari.core.domains import register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.mail.links import register_minters
    from kaari.privacy.registry import register_person_data
    from kaari.programme.surveys import jobs, models, poll_views, services, views

    register_blueprints(app, views.bp, views.public, poll_views.bp)
    add_recurring(jobs.remind_surveys, every=timedelta(days=1))
    register_minters({"survey": services.mint_link})
    register_person_data(*models.PERSON_DATA)
