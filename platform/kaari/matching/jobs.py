"""Scheduled matching work: reminders to pair members who have not answered."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from flask import url_for

from kaari import db
from kaari.jobs import job_context
from kaari.matching import invitations
from kaari.schedule import recurring
from kaari.tenancy.scoping import cross_tenant, tenant_scope
from kaari.tenancy.services import list_tenants


def _answer_url(slug: str, token: str, language: str) -> str:
    return url_for(
        "matching_public.answer", tenant=slug, token=token, lang=language, _external=True
    )


@recurring(every=timedelta(hours=1))
def remind_pairs() -> int:
    """Remind, once, members of invited pairs who have not answered in time."""
    sent = 0
    with job_context() as app, app.test_request_context(base_url=app.config["BASE_URL"]):
        with cross_tenant():
            tenants = list_tenants(enabled_only=True)
        for tenant in tenants:
            with tenant_scope(tenant.id):
                sent += invitations.remind_silent(
                    tenant=tenant,
                    secret_key=app.config["SECRET_KEY"],
                    link_for=partial(_answer_url, tenant.slug),
                )
                db.session.commit()
    return sent
