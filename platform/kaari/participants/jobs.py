"""Background work of the participants domain: thin, calling the services."""

from __future__ import annotations

from kaari.core import db
from kaari.core.jobs import job_context, url_context
from kaari.participants import portal_access
from kaari.tenancy.models import Tenant


def request_portal_link(tenant_id: int, email: str, ip: str) -> None:
    """The job behind the portal's link request: the request only queued it, so its
    answer takes the same time whether the address is known or not."""
    with job_context(tenant_id) as app, url_context(app):
        tenant = db.session.get(Tenant, tenant_id)
        portal_access.request_link(email, tenant=tenant, ip=ip)
        db.session.commit()
