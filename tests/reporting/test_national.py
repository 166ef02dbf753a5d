"""A national analyst reads the opted-in organisations' figures together, small
groups hidden, and nothing that names a person."""

from __future__ import annotations

import csv
import io
import re

import pytest
from pypdf import PdfReader

from kaari.accounts.services import create_user
from kaari.core import db
from kaari.reporting.disclosure import HIDDEN_MARK as DASH
from kaari.reporting.rollup import rebuild_national_facts
from kaari.tenancy.models import Tenant
from tests.helpers import PASSWORD, Client, QueryCounter, make_person, make_staff
from tests.reporting.conftest import add_facts, organisation

OUTCOMES = "outcome_end"


@pytest.fixture
def national(app):
    """2026: Alpha (30 participants) and Beta (12) report nationally, Delta (6) too;
    Gamma (1000) did not opt in. 2025: only Alpha's registrations."""
    with app.app_context():
        alpha = organisation("alpha", "Alpha Network", "Uusimaa")
        beta = organisation("beta", "Beta Network", "Pirkanmaa")
        delta = organisation("delta", "Delta Network", "Pirkanmaa")
        gamma = organisation("gamma", "Gamma Hidden Network", "Lappi", national=False)
        funnel = ("contacts", "registrations", "waiting", "matched", "in_group", "completed")
        add_facts(
            alpha,
            2026,
            "funnel",
            dict(zip(funnel, (40, 30, 12, 20, 18, 15), strict=True)),
            target_group="women",
            isco_major="2",
            isced_broad="06",
        )
        add_facts(
            beta,
            2026,
            "funnel",
            dict(zip(funnel, (20, 12, 4, 8, 8, 7), strict=True)),
            target_group="youth",
            isco_major="5",
        )
        add_facts(delta, 2026, "funnel", {"registrations": 6, "completed": 3})
        add_facts(gamma, 2026, "funnel", {"registrations": 1000, "completed": 900})
        add_facts(alpha, 2025, "funnel", {"registrations": 25})
        add_facts(
            alpha,
            2026,
            OUTCOMES,
            {"employed_own_field": 6, "studies": 4, "none": 3},
            target_group="women",
            isco_major="2",
            isced_broad="06",
        )
        add_facts(
            beta,
            2026,
            OUTCOMES,
            {"employed_own_field": 5, "studies": 1, "none": 1},
            target_group="youth",
            isco_major="5",
        )
        add_facts(gamma, 2026, OUTCOMES, {"employed_own_field": 700})
        add_facts(alpha, 2026, "waiting_days", {"0-29": 10, "30-89": 8, "90-179": 2})
        add_facts(alpha, 2026, "dropped_out", {"moved": 2, "work": 6})
        db.session.commit()
        rebuild_national_facts()
        db.session.commit()
        return {"alpha": alpha, "beta": beta, "gamma": gamma}


def read_csv(client: Client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[-1][0].startswith(f"{DASH} = "), rows[-1]  # every file explains its mark
    return rows[:-1]


def test_the_analyst_sees_the_opted_in_organisations_added_up(analyst, national):
    page = analyst.get("/national/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Gamma Hidden Network" not in html
    assert "Alpha Network" in html and "Beta Network" in html
    funnel = read_csv(analyst, "/national/2026/funnel.csv")
    # stages by year: contacts, registered, waiting, matched, in group, completed
    assert [row[1:] for row in funnel[2:]] == [
        ["0", "60"],
        ["25", "48"],
        ["0", "16"],
        ["0", "28"],
        ["0", "26"],
        ["0", "25"],
    ]


def test_an_organisation_that_stops_reporting_drops_out_at_the_next_rebuild(app, analyst, national):
    from kaari.reporting.rollup import refresh_national_facts

    with app.app_context():
        db.session.get(Tenant, national["beta"]).national_reporting = False
        db.session.commit()
        refresh_national_facts()  # the hourly job
    assert "Beta Network" not in analyst.get("/national/").get_data(as_text=True)
    funnel = read_csv(analyst, "/national/2026/funnel.csv")
    assert funnel[3][1:] == ["25", "36"]  # registered: Alpha 30 and Delta 6


def test_small_cells_are_hidden_with_their_complements(analyst, national):
    table = read_csv(analyst, "/national/2026/outcome_end_by_region.csv")
    # Pirkanmaa 5/1/1, Uusimaa 6/4/3: the small ones are hidden; the column of "none"
    # totals 4, so the smallest other column total (5) is hidden with it.
    assert [row[1:] for row in table[2:]] == [
        ["5", DASH, DASH, "7"],
        ["6", DASH, DASH, "13"],
        ["11", DASH, DASH, "20"],
    ]
    assert [row[0] for row in table[2:4]] == ["Pirkanmaa", "Uusimaa"]


def test_a_figure_hidden_in_one_table_is_hidden_in_every_table_that_shows_it(analyst, national):
    trend = read_csv(analyst, "/national/2026/outcomes.csv")
    year_row = next(row for row in trend if row[0] == "2026")
    assert year_row[1:] == ["11", DASH, DASH, "20"]
    for dimension in ("region", "target_group", "isco_major", "isced_broad"):
        table = read_csv(analyst, f"/national/2026/outcome_end_by_{dimension}.csv")
        assert table[-1][1:] == year_row[1:], dimension
    funnel = read_csv(analyst, "/national/2026/funnel.csv")
    organisations = read_csv(analyst, "/national/2026/organisations.csv")
    assert organisations[-1][1:] == [funnel[3][2], funnel[7][2]]  # registered, completed


def test_small_organisations_are_not_named(analyst, national):
    table = read_csv(analyst, "/national/2026/organisations.csv")
    assert [row[0] for row in table[2:4]] == ["Alpha Network", "Beta Network"]
    assert "Delta" not in " ".join(table[4])
    # Delta's 3 completed are hidden, and Beta's 7 with them: the total would give 3 back.
    assert [row[1:] for row in table[2:]] == [["30", "15"], ["12", DASH], ["6", DASH], ["48", "25"]]


def test_a_higher_threshold_hides_more(app, analyst, national):
    with app.app_context():
        admin = Client(app)
        create_user("root@kaari.example.org", password=PASSWORD, platform_role="platform_admin")
        db.session.commit()
    admin.login("root@kaari.example.org")
    refused = admin.submit("/platform/settings", {"disclosure_threshold": "2"})
    assert refused.status_code == 400
    assert "ei koskaan alle 3 henkilöä" in refused.get_data(as_text=True)  # the UI is in Finnish
    assert admin.submit("/platform/settings", {"disclosure_threshold": "10"}).status_code == 302
    table = read_csv(analyst, "/national/2026/organisations.csv")
    # Delta's 6 participants are now too few, and Beta's 12 are hidden with them.
    assert [row[1:] for row in table[2:]] == [
        ["30", "15"],
        [DASH, DASH],
        [DASH, DASH],
        ["48", "25"],
    ]
    page = analyst.get("/national/?lang=en").get_data(as_text=True)
    assert "&lt;10" not in page and "about 1 to 9 people" in page


def test_the_threshold_service_refuses_less_than_three(app_context):
    from kaari.platform_admin.settings import platform_setting, set_platform_setting
    from kaari.reporting.threshold import disclosure_threshold

    assert platform_setting("disclosure_threshold") == 5
    with pytest.raises(ValueError):
        set_platform_setting("disclosure_threshold", 2)
    set_platform_setting("disclosure_threshold", 3)
    assert platform_setting("disclosure_threshold") == 3
    assert disclosure_threshold() == 3  # what reporting reads, through platform_admin


def _national_urls(app, client: Client) -> list[str]:
    """Every /national/ address the pages link to, for every year."""
    urls = ["/national/"]
    for year in (2025, 2026):
        html = client.get(f"/national/?year={year}").get_data(as_text=True)
        urls += re.findall(r'href="(/national/[^"]+)"', html)
    endpoints = {app.url_map.bind("localhost").match(url.split("?")[0])[0] for url in urls}
    national_endpoints = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("national.")
    }
    assert endpoints == national_endpoints
    return sorted(set(urls))


def test_no_national_page_names_a_person(app, analyst, national):
    markers = []
    with app.app_context():
        for slug in ("alpha", "gamma"):
            tenant = db.session.get(Tenant, national[slug])
            make_person(
                tenant,
                f"Zebulon Quartzfield {slug}",
                f"zebulon.{slug}@example.net",
                question=f"My secret wish {slug} is to run a bakery",
            )
            make_staff(tenant, f"coordinator.{slug}@example.net", "coordinator", f"Ottilie {slug}")
            markers += [
                f"Zebulon Quartzfield {slug}",
                f"zebulon.{slug}@example.net",
                f"My secret wish {slug}",
                f"coordinator.{slug}@example.net",
                f"Ottilie {slug}",
                tenant.contact_email,
            ]
        db.session.commit()
    urls = _national_urls(app, analyst)
    assert len(urls) >= 20
    for url in urls:
        response = analyst.get(url)
        assert response.status_code == 200, url
        if response.mimetype == "application/pdf":
            text = "\n".join(
                page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages
            )
            assert "Alpha Network" in text
        else:
            text = response.get_data(as_text=True)
        for marker in [*markers, "Gamma Hidden Network"]:
            assert marker not in text, (url, marker)


def test_the_yearly_pdf_carries_the_hidden_figures_as_hidden(analyst, national):
    response = analyst.get("/national/2026/report.pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    assert "2026" in text and DASH in text


def test_tenant_staff_cannot_open_the_national_pages(app, client, national):
    with app.app_context():
        make_staff(db.session.get(Tenant, national["alpha"]), "admin@alpha.example.org", "admin")
        db.session.commit()
    client.login("admin@alpha.example.org", tenant="alpha")
    for url in ("/national/", "/national/2026/funnel.csv", "/national/2026/report.pdf"):
        assert client.get(url).status_code == 403, url


def test_an_unknown_table_or_year_answers_404(analyst, national):
    assert analyst.get("/national/2026/people.csv").status_code == 404
    assert analyst.get("/national/1999/funnel.csv").status_code == 404
    assert analyst.get("/national/1999/report.pdf").status_code == 404


def _dashboard_queries(app, client: Client) -> int:
    with QueryCounter(app.extensions["kaari_engine"]) as counter:
        assert client.get("/national/").status_code == 200
    return counter.count


def test_the_dashboard_query_count_does_not_grow_with_organisations(app, analyst, national):
    small = _dashboard_queries(app, analyst)
    with app.app_context():
        for number in range(12):
            tenant_id = organisation(f"extra-{number}", f"Extra {number}", f"Region {number}")
            add_facts(tenant_id, 2026, "funnel", {"registrations": 11 + number, "completed": 4})
            add_facts(tenant_id, 2026, OUTCOMES, {"studies": 3}, isco_major=str(number % 9 + 1))
        db.session.commit()
        rebuild_national_facts()
        db.session.commit()
    assert _dashboard_queries(app, analyst) == small


def test_a_networks_own_year_reaches_the_national_page(app, analyst, year_2025):
    """The whole way: the nightly refresh of a real register, the rollup, the page."""
    from kaari.reporting.jobs import refresh_all_facts
    from kaari.tenancy.models import Tenant

    with app.app_context():
        db.session.get(Tenant, year_2025.tenant_id).national_reporting = True
        db.session.commit()
        assert refresh_all_facts(2025) > 0  # the rollup is rebuilt right after
    page = analyst.get("/national/?year=2025&lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Registrations" in html and "Participating organisations, 2025" in html
    assert "Aino" not in html and "aino@example.org" not in html


def test_a_hidden_complement_is_not_printed_as_small(app, analyst, national):
    """A complement of 21 was printed "<5": false, and it told which hidden figure
    was the small one. Every hidden figure now prints one neutral mark."""
    with app.app_context():
        add_facts(national["alpha"], 2026, "funnel", {"completed": 10})  # Alpha 25
        add_facts(national["beta"], 2026, "funnel", {"completed": 14})  # Beta 21
        db.session.commit()  # the rollup reads on its own connection (the cross-tenant role)
        rebuild_national_facts()
        db.session.commit()
    table = read_csv(analyst, "/national/2026/organisations.csv")
    # The other organisations' 3 completed are hidden, and Beta's 21 with them.
    assert [row[1:] for row in table[2:]] == [["30", "25"], ["12", DASH], ["6", DASH], ["48", "49"]]
    page = analyst.get("/national/?lang=en").get_data(as_text=True)
    organisations = page.split("Beta Network", 1)[1].split("</tr>", 1)[0]
    assert f"{DASH}</abbr>" in organisations and "&lt;" not in page
    assert f"{DASH} = hidden: a figure about 1 to 4 people" in page
    pdf = analyst.get("/national/2026/report.pdf?lang=en")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "<5" not in text and f"{DASH} = hidden" in text
    assert re.search(rf"Beta Network\s+12\s+{DASH}", text), text
