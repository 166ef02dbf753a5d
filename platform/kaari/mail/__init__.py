"""Mail: the outbox, delivery with retries, the sweeper, mailings to audiences, personal links."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def _local_outbox(config: Mapping[str, Any]) -> bool:
    """The outbox page exists only where mail is written to files, not in production."""
    return config.get("ENV_NAME") != "production" and not config.get("MAIL_URL")


def init_app(app: Flask) -> None:
    from kaari.core.today import register as register_today
    from kaari.mail import jobs, links, mailings, models, today, views
    from kaari.privacy.registry import register_person_data

    register_blueprints(app, views.bp, views.public)
    add_recurring(jobs.sweep_outbox, every=jobs.SWEEP_EVERY)
    links.register_minters({"unsubscribe": mailings.unsubscribe_link})
    register_person_data(*models.PERSON_DATA)
    register_today(*today.SOURCES)
    add_navigation(
        app,
        NavEntry(
            _l("Mailings"),
            "mail.mailing_list",
            "mail_groups",
            "communication",
            current=("mail.mailing*", "mail.new_mailing"),
        ),
        NavEntry(
            _l("Outbox"),
            "mail.outbox",
            "send_mailings",
            "communication",
            current=("mail.outbox*",),
            shown=_local_outbox,
        ),
    )
