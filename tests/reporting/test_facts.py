"""The nightly aggregate rows: the same numbers as the organisation's own report,
rewritten on each run, for opted-in organisations only, in a fixed number of queries."""

from __future__ import annotations

import csv
import io
from collections import Counter

from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import cross_tenant, tenant_scope
from kaari.participants.models import StatusChange
from kaari.reporting.facts import refresh_facts
from kaari.reporting.models import ReportFact
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_person
from tests.reporting.conftest import Year, at


def _facts(app, tenant_id: int) -> list[ReportFact]:
    with app.app_context(), tenant_scope(tenant_id):
        return list(db.session.scalars(select(ReportFact).where(ReportFact.year == 2025)))


def _summed(facts: list[ReportFact], measure: str, by: str = "category") -> Counter:
    totals: Counter = Counter()
    for fact in facts:
        if fact.measure == measure:
            totals[getattr(fact, by)] += fact.people
    return totals


def _refresh(app, tenant_id: int) -> int:
    with app.app_context(), tenant_scope(tenant_id):
        written = refresh_facts(tenant_id, 2025)
        db.session.commit()
    return written


def _page_csv(client, table: str) -> list[list[str]]:
    text = client.get(f"/alpha/staff/reports/{table}.csv?year=2025&lang=en").get_data(as_text=True)
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


def test_the_facts_are_the_numbers_of_the_organisations_own_report(app, client, world, year_2025):
    written = _refresh(app, year_2025.tenant_id)
    assert _refresh(app, year_2025.tenant_id) == written  # rewritten, not added to
    facts = _facts(app, year_2025.tenant_id)
    assert len(facts) == written
    client.login(world.a.coordinator.email, tenant="alpha")

    *_rows, total = _page_csv(client, "funnel_by_role")
    stages = ("contacts", "registrations", "waiting", "matched", "in_group", "completed")
    funnel = _summed(facts, "funnel")
    assert [str(funnel[stage]) for stage in stages] == total[1:]
    assert dict(funnel) == {
        "contacts": 5, "registrations": 4, "waiting": 4, "matched": 6, "in_group": 6, "completed": 2
    }  # fmt: skip
    assert _summed(facts, "funnel", "role") == {"actor": 17, "mentor": 10}
    assert _summed(facts, "dropped_out") == {"withdrawn": 1, "dropped_out": 1}
    bands = {row[0]: int(row[1]) + int(row[2]) for row in _page_csv(client, "waiting_bands")[1:]}
    assert dict(_summed(facts, "waiting_days")) == {k: v for k, v in bands.items() if v}
    outcomes = {row[0]: row[1] for row in _page_csv(client, "outcomes")[1:]}
    assert _summed(facts, "outcome_end") == {"internship_own_field": 1, "studies": 1}
    assert outcomes["Internship in own field"] == "1"
    assert _summed(facts, "outcome_12m") == {"employed_own_field": 1, "studies": 1}
    assert _summed(facts, "groups_running", "target_group") == {"women": 1, "youth": 1}
    assert _summed(facts, "pairs", "target_group") == {"women": 2, "youth": 1}
    # Dimensions are filled where known: Aino is an actor of "women", ISCO 2, ISCED 07.
    aino = [
        f for f in facts
        if f.measure == "funnel" and f.category == "contacts" and f.isced_broad == "07"
    ]  # fmt: skip
    assert [(f.role, f.target_group, f.isco_major, f.people) for f in aino] == [
        ("actor", "women", "2", 1)
    ]


def _add_people(app, tenant_id: int, count: int, start: int) -> None:
    with app.app_context():
        tenant = db.session.get(Tenant, tenant_id)
        for n in range(start, start + count):
            person = make_person(
                tenant, f"Extra {n}", f"extra{n}@example.org", status="waiting",
                created_at=at("2025-02-01"), registered_at=at("2025-02-02"),
            )  # fmt: skip
            with tenant_scope(tenant_id):
                for status, day in (("registered", "2025-02-02"), ("waiting", "2025-02-03")):
                    db.session.add(StatusChange(person_id=person.id, new_status=status, at=at(day)))
        db.session.commit()


def test_the_refresh_runs_the_same_queries_however_many_people(app, year_2025: Year):
    def queries() -> int:
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            _refresh(app, year_2025.tenant_id)
        return counter.count

    queries()
    small = queries()
    _add_people(app, year_2025.tenant_id, 40, 0)
    assert queries() == small


def test_only_organisations_taking_part_are_refreshed(app, world, year_2025):
    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).national_reporting = True
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["reports", "refresh", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "rows written" in result.output
    with app.app_context(), cross_tenant():
        tenants = set(db.session.scalars(select(ReportFact.tenant_id).distinct()))
    assert tenants == {world.a.tenant_id}


def test_the_nightly_job_refreshes_this_year_and_last(app, world):
    from kaari.core.db import utcnow
    from kaari.reporting.jobs import refresh_all_facts

    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).national_reporting = True
        db.session.commit()
        refresh_all_facts()
        with cross_tenant():
            years = set(db.session.scalars(select(ReportFact.year).distinct()))
    # The world's one person made contact now: only this year has rows.
    assert years == {utcnow().year}


def test_sqlite_gets_fresh_planner_statistics_daily(app, world):
    from sqlalchemy import text

    from kaari.reporting.jobs import refresh_planner_statistics

    with app.app_context():
        sqlite = db.session.get_bind().dialect.name == "sqlite"
        assert refresh_planner_statistics() is sqlite
        if sqlite:
            tables = db.session.execute(text("SELECT DISTINCT tbl FROM sqlite_stat1")).scalars()
            assert "people" in set(tables)
