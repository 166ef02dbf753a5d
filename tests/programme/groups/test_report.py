"""The group report: its figures match what was recorded, as a page, a CSV file and
a PDF read back as text."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from pypdf import PdfReader

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import (
    Agreement,
    AgreementSignature,
    Group,
    MeetingInvitation,
    PairMeeting,
)
from kaari.programme.outcomes.models import Outcome
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_pair, make_person


@pytest.fixture
def report_url(app, world):
    """Group ALPHA1: Päivi & Mikko (signed, three meetings), Åsa & Olli (one meeting).
    Of the four invited to the kick-off, three said yes and two came."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        people = [
            make_person(tenant, "Päivi Äijälä", "paivi@example.org"),
            make_person(tenant, "Mikko Mentor", "mikko@example.org", "mentor"),
            make_person(tenant, "Åsa Actor", "asa@example.org"),
            make_person(tenant, "Olli Mentor", "olli@example.org", "mentor"),
        ]
        with tenant_scope(tenant.id):
            first = make_group_pair(world.a.group_id, people[0], people[1])
            second = make_group_pair(world.a.group_id, people[2], people[3])
            for pair_id, count in ((first, 3), (second, 1)):
                for day in range(1, count + 1):
                    db.session.add(PairMeeting(pair_id=pair_id, met_on=date(2027, 4, day)))
            agreement = Agreement(pair_id=first, goals="Työ", version=1)
            db.session.add(agreement)
            db.session.flush()
            for person in people[:2]:
                db.session.add(
                    AgreementSignature(
                        agreement_id=agreement.id, version=1, person_id=person.id, typed_name="x"
                    )
                )
            for person, answer, came in zip(
                people, ("yes", "yes", "yes", "no"), (True, True, False, False), strict=True
            ):
                db.session.add(
                    MeetingInvitation(
                        meeting_id=world.a.meeting_id,
                        person_id=person.id,
                        answer=answer,
                        attended=came,
                    )
                )
            # Päivi found work in her field and a study place (she counts as employed);
            # Åsa an internship; Åsa's later job is after the group's end.
            db.session.get(Group, world.a.group_id).planned_end = date(2027, 10, 31)
            for person, kind, day in (
                (people[0], "studies", date(2027, 5, 2)),
                (people[0], "employed_own_field", date(2027, 9, 1)),
                (people[2], "internship_own_field", date(2027, 8, 15)),
                (people[2], "employed_other_field", date(2028, 2, 1)),
            ):
                db.session.add(Outcome(person_id=person.id, kind=kind, happened_on=day))
        db.session.commit()
    return f"/alpha/staff/groups/{world.a.group_id}/report"


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def test_the_report_page_shows_the_recorded_figures(coordinator, report_url):
    page = coordinator.get(report_url + "?lang=en").get_data(as_text=True)
    assert "Agreements signed by both: 1 of 2. Pair meetings logged: 4." in page
    assert "<td>4</td><td>3</td><td>2</td>" in page  # invited, coming, came
    # The world's survey has no responses yet: its answers are not shown.
    assert "Fewer than 3 responses: the answers are not shown" in page


def test_outcomes_count_each_actor_once_at_the_end_and_a_year_on(coordinator, report_url):
    rows = _csv(coordinator, report_url)
    counted = {row[0]: row[1:] for row in rows if len(row) == 4}
    # At the end (31.10.2027): Päivi employed in her field, Åsa an internship.
    # A year on: Åsa's job in another field outranks her internship.
    assert counted["Employed in own field"] == ["1", "1", "50%"]
    assert counted["Internship in own field"] == ["1", "0", "50%"]
    assert counted["Employed in another field"] == ["0", "1", "0%"]
    assert counted["Study place, continued studies or research grant"][:2] == ["0", "0"]
    header = next(i for i, row in enumerate(rows) if row and row[0].startswith("All outcomes"))
    raw = {row[0]: row[1:] for row in rows[header + 1 : header + 7]}
    assert raw["Study place, continued studies or research grant"] == ["1", "1"]
    assert raw["Employed in another field"] == ["0", "1"]


def _csv(client, url: str) -> list[list[str]]:
    response = client.get(url + "?format=csv&lang=en")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_csv_has_the_same_figures(coordinator, report_url):
    response = coordinator.get(report_url + "?format=csv&lang=en")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    pairs = {row[0]: row for row in rows if len(row) == 5 and row[0] != "Actor"}
    assert pairs["Päivi Äijälä"][3:] == ["3", "Signed"]
    assert pairs["Åsa Actor"][3:] == ["1", "Not signed"]
    kickoff = next(row for row in rows if row and row[0] == "Kick-off meeting")
    assert kickoff[2:] == ["4", "3", "2"]


def test_the_pdf_reads_back_with_finnish_and_swedish_letters(coordinator, report_url):
    response = coordinator.get(report_url + "?format=pdf&lang=fi")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ryhmän ALPHA1 raportti" in text
    assert "Päivi Äijälä" in text and "Åsa Actor" in text
    assert "Alpha Network" in text
    assert reader.metadata.title == "Ryhmän ALPHA1 raportti"
