"""Scheduled matching work: reminders to pair members who have not answered."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for

from kaari import db
from kaari.jobs import job_context
from kaari.matching import invitations
from kaari.schedule import recurring
from kaari.tenancy.scoping import cross_tenant, tenant_scope
from kaari.tenancy.services import list_tenants


@recurring(every=timedelta(hours=1))
def remind_pairs() -> int:
    """Remind, once, members of invited pairs who have not answered in time."""
    sent = 0
    with job_context() as app:
        with cross_tenant():
            tenants = [t for t in list_tenants() if t.enabled]
        for tenant in tenants:
            with tenant_scope(tenant.id), app.test_request_context(base_url=app.config["BASE_URL"]):

                def link_for(token: str, language: str, slug: str = tenant.slug) -> str:
                    return url_for(
                        "matching_public.answer",
                        tenant=slug,
                        token=token,
                        lang=language,
                        _external=True,
                    )

                sent += invitations.remind_silent(
                    tenant=tenant, secret_key=app.config["SECRET_KEY"], link_for=link_for
                )
                db.session.commit()
    return sent
