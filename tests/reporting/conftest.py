"""National reporting fixtures: organisations with fact rows written directly (the
nightly refresh is tested elsewhere), and a national analyst."""

from __future__ import annotations

import pytest

from kaari import db
from kaari.accounts.services import create_user
from kaari.reporting.models import ReportFact
from kaari.tenancy.scoping import tenant_scope
from tests.helpers import PASSWORD, Client, make_tenant

ANALYST = "analyst@kaari.example.org"


def add_facts(tenant_id: int, year: int, measure: str, counts: dict, **dimensions) -> None:
    """One ReportFact row per category of `counts`, with the given dimensions
    (call `rebuild_national_facts` after the last one, as the hourly job would)."""
    with tenant_scope(tenant_id):
        for category, people in counts.items():
            db.session.add(
                ReportFact(
                    year=year,
                    measure=measure,
                    category=category,
                    people=people,
                    role=dimensions.get("role", "actor"),
                    target_group=dimensions.get("target_group", ""),
                    isco_major=dimensions.get("isco_major", ""),
                    isced_broad=dimensions.get("isced_broad", ""),
                )
            )


def organisation(slug: str, name: str, region: str, national: bool = True) -> int:
    tenant = make_tenant(slug, name)
    tenant.region = region
    tenant.national_reporting = national
    db.session.flush()
    return tenant.id


@pytest.fixture
def analyst(app) -> Client:
    with app.app_context():
        create_user(ANALYST, password=PASSWORD, platform_role="national_analyst")
        db.session.commit()
    client = Client(app)
    client.login(ANALYST)
    return client
