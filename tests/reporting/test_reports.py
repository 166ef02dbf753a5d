"""A coordinator reads the network's year: every table's numbers as worked out by hand
for the year in conftest.py, through the page, its CSV files and the yearly PDF."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.materials.models import StoredPdf
from kaari.reporting.indicators import nearest_rank
from tests.helpers import make_staff
from tests.reporting.conftest import Year

YEAR = "/alpha/staff/reports/{table}.csv?year=2025&lang=en"


def _csv(client, table: str, query: str = "year=2025") -> list[list[str]]:
    response = client.get(f"/alpha/staff/reports/{table}.csv?{query}&lang=en")
    assert response.status_code == 200, table
    assert response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


@pytest.fixture
def coordinator(client, world, year_2025: Year):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def test_the_funnel_counts_who_reached_each_stage_in_the_year(coordinator):
    rows = _csv(coordinator, "funnel_by_role")
    assert rows[0] == [
        "Role",
        "Contacts",
        "Registrations",
        "Waiting for a pair",
        "Matched",
        "In a group",
        "Completed",
    ]
    # Eero, Niko and Olli registered in 2024 and were matched in 2025.
    assert rows[1:] == [
        ["Actor", "4", "3", "3", "3", "3", "1"],
        ["Mentor", "1", "1", "1", "3", "3", "1"],
        ["Total", "5", "4", "4", "6", "6", "2"],
    ]
    assert _csv(coordinator, "funnel_by_target_group")[1:] == [
        ["No target group", "2", "1", "1", "3", "3", "1"],
        ["Women", "2", "2", "2", "1", "1", "1"],
        ["Young people", "1", "1", "1", "2", "2", "0"],
        ["Total", "5", "4", "4", "6", "6", "2"],
    ]


def test_drop_outs_are_counted_by_their_exit(coordinator):
    assert _csv(coordinator, "dropouts_by_role") == [
        ["Role", "Withdrawn", "Dropped out", "Outside the target group", "Not reachable", "Total"],
        ["Actor", "1", "1", "0", "0", "2"],
    ]
    assert _csv(coordinator, "dropouts_by_target_group")[1:] == [
        ["No target group", "1", "0", "0", "0", "1"],
        ["Young people", "0", "1", "0", "0", "1"],
    ]


def test_waiting_times_are_the_nearest_rank_median_and_90th_percentile(coordinator):
    # Actors waited 10, 40 and 181 days; mentors 54, 75 and 215.
    assert _csv(coordinator, "waiting_times")[1:] == [
        ["Actor", "3", "40", "181"],
        ["Mentor", "3", "75", "215"],
    ]
    assert _csv(coordinator, "waiting_bands") == [
        ["Days", "Actor", "Mentor"],
        ["0-29", "1", "0"],
        ["30-89", "1", "2"],
        ["90-179", "0", "0"],
        ["180+", "1", "1"],
    ]


def test_nearest_rank_on_a_known_list():
    days = list(range(1, 11))  # 1..10
    assert nearest_rank(days, 50) == 5
    assert nearest_rank(days, 90) == 9
    assert nearest_rank(days, 91) == 10
    assert nearest_rank([7], 90) == 7
    assert nearest_rank([2, 9], 50) == 2  # the lower middle
    assert nearest_rank([], 50) is None


def test_referral_sources_and_their_conversion(coordinator):
    assert _csv(coordinator, "referrals") == [
        ["Partner", "Contacts", "Registered", "Matched", "Conversion"],
        ["No partner", "3", "2", "1", "33%"],
        ["Partner of alpha", "2", "2", "2", "100%"],
    ]


def test_groups_attendance_and_the_coordinator_workload(coordinator):
    assert _csv(coordinator, "groups")[1:] == [
        ["HKI1", "Women", "10 Mar 2025", "1 Oct 2025", "2", "2", "6", "4", "67%"],
        ["HKI2", "Young people", "10 May 2025", "28 Feb 2026", "1", "1", "2", "1", "50%"],
    ]
    # Three pairs need 3 x 0.05 full-time coordinators; Alpha has one coordinator.
    assert _csv(coordinator, "workload")[1:] == [["2", "3", "0.15", "1", "0.15"]]


def test_outcomes_count_each_actor_once_by_priority(coordinator):
    """HKI1 ended 1.10.2025: Aino had an internship by then and a job in her field
    later; Bashir said "none", then studies and something else: studies count."""
    rows = {row[0]: row[1:] for row in _csv(coordinator, "outcomes")[1:]}
    assert rows["Internship in own field"] == ["1", "50%", "0", "0%"]
    assert rows["Study place, continued studies or research grant"] == ["1", "50%", "1", "50%"]
    assert rows["Employed in own field"] == ["0", "0%", "1", "50%"]
    assert rows["None"] == ["0", "0%", "0", "0%"]
    assert rows["Other"] == ["0", "0%", "0", "0%"]
    by_group = _csv(coordinator, "outcomes_by_target_group")
    assert by_group[0][:2] == ["Target group", "Actors"]
    internship, studies = (
        by_group[0].index("Internship in own field"),
        by_group[0].index("Study place, continued studies or research grant"),
    )
    women, youth = by_group[1:]
    assert (women[0], women[1], women[internship], women[studies]) == ("Women", "1", "1", "0")
    assert (youth[0], youth[1], youth[internship], youth[studies]) == (
        "Young people",
        "1",
        "0",
        "1",
    )
    fields = _csv(coordinator, "outcomes_by_field")[1:]
    assert [row[:2] for row in fields] == [["2 Professionals", "2"]]
    years = _csv(coordinator, "outcomes_by_year")[1:]
    assert [(row[0], row[1], row[-1]) for row in years] == [("2025", "2", "0%")]


def test_survey_aggregates_keep_small_groups_of_answers_hidden(coordinator):
    """Three actors answered 4, 5 and 3; one mentor's answer is not shown."""
    assert _csv(coordinator, "surveys")[1:] == [
        ["Actor", "2", "3", "100%", "Overall", "4.0"],
        ["Mentor", "2", "1", "50%", "", ""],
    ]


def test_a_period_of_days_counts_only_what_happened_in_it(coordinator):
    rows = _csv(coordinator, "funnel_by_role", "from=1.3.2025&to=31.3.2025")
    assert rows[1:] == [
        ["Actor", "1", "1", "1", "1", "2", "0"],
        ["Mentor", "0", "0", "0", "1", "2", "0"],
        ["Total", "1", "1", "1", "2", "4", "0"],
    ]


def test_bad_days_are_explained_and_kept_as_typed(coordinator):
    page = coordinator.get("/alpha/staff/reports/?from=2025-13-01&to=tomorrow")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Kirjoita molemmat päivät muodossa 31.1.2026." in html  # the Finnish error
    assert 'value="2025-13-01"' in html and 'value="tomorrow"' in html
    backwards = coordinator.get("/alpha/staff/reports/?from=1.5.2025&to=30.4.2025&lang=en")
    assert "The last day cannot come before the first." in backwards.get_data(as_text=True)


def test_the_page_shows_every_table_with_charts_and_links_them_as_csv(coordinator):
    html = coordinator.get("/alpha/staff/reports/?year=2025&lang=en").get_data(as_text=True)
    assert "<svg" in html and 'role="img"' in html
    assert '<title id="chart-funnel-title">People reaching each stage in the period' in html
    assert "Contacts: 5; Registrations: 4" in html  # the chart's description reads its bars
    assert "funnel_by_role.csv" in html and "year.pdf?year=2025" in html
    for name in ("Aino", "Bashir", "aino@example.org"):
        assert name not in html  # counts only
    assert coordinator.get("/alpha/staff/reports/people.csv?year=2025").status_code == 404


def test_the_yearly_pdf_is_read_back_and_kept(app, coordinator, world):
    response = coordinator.get("/alpha/staff/reports/year.pdf?year=2025&lang=en")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "Alpha Network" in text
    assert "Yearly report 2025" in text
    assert "Partner of alpha" in text and "100%" in text
    again = coordinator.get("/alpha/staff/reports/year.pdf?year=2025&lang=en")
    assert again.data == response.data
    with app.app_context(), tenant_scope(world.a.tenant_id):
        kept = db.session.scalar(
            select(func.count()).select_from(StoredPdf).where(StoredPdf.kind == "year_report")
        )
    assert kept == 1


@pytest.mark.parametrize("role", ["group_leader", "partner"])
def test_other_staff_roles_may_not_read_reports(app, client, world, role):
    from kaari.tenancy.models import Tenant

    with app.app_context():
        staff = make_staff(db.session.get(Tenant, world.a.tenant_id), f"{role}@x.example.org", role)
        db.session.commit()
    client.login(staff.email, tenant="alpha")
    for url in (
        "/alpha/staff/reports/",
        "/alpha/staff/reports/funnel_by_role.csv",
        "/alpha/staff/reports/year.pdf",
    ):
        assert client.get(url).status_code == 403, url
    assert "/alpha/staff/reports/" not in client.get("/alpha/staff/").get_data(as_text=True)


def test_a_coordinator_of_another_network_cannot_read_alphas_reports(client, world, year_2025):
    client.login(world.b.coordinator.email, tenant="beta")
    for url in (
        "/alpha/staff/reports/?year=2025",
        "/alpha/staff/reports/funnel_by_role.csv?year=2025",
        "/alpha/staff/reports/year.pdf?year=2025",
    ):
        assert client.get(url).status_code in (403, 404), url
    html = client.get("/beta/staff/reports/?year=2025&lang=en").get_data(as_text=True)
    assert "Partner of alpha" not in html and "HKI1" not in html
