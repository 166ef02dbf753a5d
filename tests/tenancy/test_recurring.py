"""count_in_each_tenant: one call per enabled tenant, in its scope, totals summed."""

from __future__ import annotations

import logging

from kaari.core import db
from kaari.core.scoping import current_tenant_id
from kaari.tenancy.models import Tenant
from kaari.tenancy.recurring import count_in_each_tenant


def test_work_runs_in_each_tenant_scope_and_is_summed(app, world, caplog):
    seen: list[int] = []

    def work(*, tenant: Tenant) -> int:
        assert current_tenant_id() == tenant.id
        seen.append(tenant.id)
        return 2

    with app.app_context(), caplog.at_level(logging.INFO, logger="kaari.tenancy.recurring"):
        assert count_in_each_tenant(work) == 2 * len(seen)
    assert {world.a.tenant_id, world.b.tenant_id} <= set(seen)
    assert any("work: 2 in" in message for message in caplog.messages)


def test_disabled_tenants_are_left_out(app, world):
    with app.app_context():
        db.session.get(Tenant, world.b.tenant_id).enabled = False
        db.session.commit()
        seen: list[int] = []
        count_in_each_tenant(lambda *, tenant: seen.append(tenant.id) or 1)
    assert world.b.tenant_id not in seen and world.a.tenant_id in seen
