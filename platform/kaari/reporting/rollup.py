"""The national rollup: `ReportFact` rows of the organisations that report
nationally, summed into `NationalFact` rows once per dimension.

The fact rows cross every dimension with every other, so their number grows almost
with the number of people; the rollup keeps one row per year, measure, category and
value of a single dimension, which stops growing once the categories are filled.
The national pages read only the rollup (see docs/REPORTING.md). It is rebuilt
every hour, so an organisation that stops reporting nationally drops out of the
national figures within the hour.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import String, cast, delete, func, insert, literal, select

from kaari.core import db
from kaari.core.jobs import job_context
from kaari.core.scoping import cross_tenant
from kaari.reporting.models import NationalFact, ReportFact
from kaari.tenancy.models import Tenant

DIMENSIONS = {
    "role": lambda: ReportFact.role,
    "region": lambda: Tenant.region,
    "target_group": lambda: ReportFact.target_group,
    "isco_major": lambda: ReportFact.isco_major,
    "isced_broad": lambda: ReportFact.isced_broad,
    "organisation": lambda: cast(ReportFact.tenant_id, String),
}
REBUILD_EVERY = timedelta(hours=1)


def rebuild_national_facts() -> None:
    """Replace the rollup with fresh sums (in the caller's transaction)."""
    with cross_tenant():
        db.session.execute(delete(NationalFact))
        for dimension, column in DIMENSIONS.items():
            value = column()
            sums = (
                select(
                    ReportFact.year,
                    ReportFact.measure,
                    ReportFact.category,
                    literal(dimension),
                    value,
                    func.sum(ReportFact.people),
                )
                .join(Tenant, Tenant.id == ReportFact.tenant_id)
                .where(Tenant.national_reporting.is_(True))
                .group_by(ReportFact.year, ReportFact.measure, ReportFact.category, value)
            )
            db.session.execute(
                insert(NationalFact).from_select(
                    ["year", "measure", "category", "dimension", "value", "people"], sums
                )
            )


def refresh_national_facts() -> None:
    with job_context():
        rebuild_national_facts()
        db.session.commit()
