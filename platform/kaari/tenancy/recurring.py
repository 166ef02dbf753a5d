"""For recurring jobs that do the same work in every organisation."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from flask import Flask

from kaari.core import db
from kaari.core.jobs import job_context, url_context
from kaari.core.scoping import cross_tenant, tenant_scope
from kaari.tenancy.models import Tenant
from kaari.tenancy.services import list_tenants

log = logging.getLogger(__name__)


def each_tenant() -> Iterator[tuple[Flask, Tenant]]:
    """Every enabled tenant in turn, inside its scope and a request context (so mail
    links can be built with url_for); each tenant's work is committed on its own."""
    with job_context() as app, url_context(app):
        with cross_tenant():
            tenants = list_tenants(enabled_only=True)
        for tenant in tenants:
            with tenant_scope(tenant.id):
                yield app, tenant
                db.session.commit()


def count_in_each_tenant(work: Callable[..., int]) -> int:
    """`work(tenant=...)` in every enabled tenant (see each_tenant); the total of what
    it returns (mails sent, rows changed), each tenant's count logged."""
    total = 0
    for _app, tenant in each_tenant():
        count = work(tenant=tenant)
        log.info("%s: %d in %s", work.__qualname__, count, tenant.slug)
        total += count
    return total
