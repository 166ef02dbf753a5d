"""Scheduled programme work: reminders before meetings and of unanswered surveys,
nudges to quiet pairs."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from flask import url_for

from kaari.db import utcnow
from kaari.programme import invitations, nudges, surveys
from kaari.schedule import recurring
from kaari.tenancy.recurring import each_tenant


def rsvp_url(slug: str, token: str, language: str) -> str:
    return url_for("programme_public.rsvp", tenant=slug, token=token, lang=language, _external=True)


@recurring(every=timedelta(hours=1))
def remind_meetings() -> int:
    """Remind, once and two days ahead, everyone invited to a meeting who has not said no."""
    sent = 0
    for app, tenant in each_tenant():
        sent += invitations.remind_upcoming(
            tenant=tenant,
            secret_key=app.config["SECRET_KEY"],
            link_for=partial(rsvp_url, tenant.slug),
        )
    return sent


def portal_url(slug: str, token: str, language: str) -> str:
    return url_for("portal.enter", tenant=slug, token=token, lang=language, _external=True)


@recurring(every=timedelta(days=1))
def nudge_quiet_pairs() -> tuple[int, int]:
    """Remind quiet pairs, and tell coordinators of the long-quiet ones."""
    pairs = told = 0
    for _app, tenant in each_tenant():
        sent = nudges.nudge(tenant=tenant, link_for=partial(portal_url, tenant.slug), now=utcnow())
        pairs, told = pairs + sent[0], told + sent[1]
    return pairs, told


def survey_url(slug: str, token: str, language: str) -> str:
    return url_for("surveys_public.answer", tenant=slug, token=token, lang=language, _external=True)


@recurring(every=timedelta(days=1))
def remind_surveys() -> int:
    """Remind once those mailed a survey link who have not answered after some days."""
    sent = 0
    for app, tenant in each_tenant():
        sent += surveys.remind_unanswered(
            tenant=tenant,
            secret_key=app.config["SECRET_KEY"],
            link_for=partial(survey_url, tenant.slug),
        )
    return sent
