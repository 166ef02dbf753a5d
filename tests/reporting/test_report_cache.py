"""The reports page reads its figures as they were counted: the same day's count, a
recount the next day, on the coordinator's request and every night."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.reporting.models import ReportCache
from kaari.tenancy.models import Tenant
from tests.helpers import make_person

PAGE = "/alpha/staff/reports/?lang=en"


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _contacts(client) -> int:
    """This year's contacts in the funnel, as the page's CSV file gives them."""
    response = client.get("/alpha/staff/reports/funnel_by_role.csv?lang=en")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    return int(rows[-1][1])


def _register_someone(app, world, number: int) -> None:
    with app.app_context():
        make_person(db.session.get(Tenant, world.a.tenant_id), f"New {number}", f"n{number}@e.org")
        db.session.commit()


def _age_the_count(app, world, days: int = 1) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(ReportCache).values(computed_at=utcnow() - timedelta(days=days)))
        db.session.commit()


def test_the_page_says_when_it_was_counted_and_a_recount_shows_a_new_registration(
    app, coordinator, world
):
    html = coordinator.get(PAGE).get_data(as_text=True)
    assert "Figures counted" in html and "up to a day old" in html
    before = _contacts(coordinator)
    _register_someone(app, world, 1)
    assert _contacts(coordinator) == before  # the same day's count
    page = coordinator.hidden_fields(PAGE)
    response = coordinator.post("/alpha/staff/reports/count?lang=en", data=page)
    assert response.status_code == 302
    assert _contacts(coordinator) == before + 1


def test_a_count_from_an_earlier_day_is_counted_again(app, coordinator, world):
    before = _contacts(coordinator)
    _register_someone(app, world, 2)
    _age_the_count(app, world)
    assert _contacts(coordinator) == before + 1


def test_the_nightly_job_recounts_the_years_read_and_drops_stale_periods(app, coordinator, world):
    from kaari.reporting.cache import refresh_report_caches

    before = _contacts(coordinator)
    coordinator.get("/alpha/staff/reports/?from=1.1.2020&to=31.1.2020&lang=en")
    _register_someone(app, world, 3)
    _age_the_count(app, world, days=2)
    with app.app_context():
        assert refresh_report_caches() == 1  # this year in English; January 2020 dropped
    with app.app_context(), tenant_scope(world.a.tenant_id):
        rows = db.session.scalars(select(ReportCache)).all()
        assert [(row.period_start.year, row.language) for row in rows] == [(utcnow().year, "en")]
        assert rows[0].computed_at.date() == utcnow().date()
    assert _contacts(coordinator) == before + 1


def test_a_network_reads_only_its_own_counts(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.get(PAGE)
    with app.app_context(), tenant_scope(world.b.tenant_id):
        assert db.session.scalars(select(ReportCache)).all() == []
