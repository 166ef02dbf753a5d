"""A group of tenant A with one pair, its three meetings and a signed agreement,
and helpers that read a pack back from its PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Agreement, AgreementSignature, Meeting
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_pair, make_person


@dataclass
class PairOfA:
    group_id: int
    pair_id: int
    actor_id: int
    staff_url: str  # the pair's pack for staff


@pytest.fixture
def pair_of_a(app, world) -> PairOfA:
    """Päivi Äijälä and Åke Öberg in ALPHA1, which meets on 2.3., 3.8. and 12.1.;
    their agreement is signed by both."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        tenant.contact_name, tenant.contact_email = (
            "Kaisa Koordinaattori",
            "kaisa@alpha.example.org",
        )
        actor = make_person(tenant, "Päivi Äijälä", "paivi@example.org")
        mentor = make_person(tenant, "Åke Öberg", "ake@example.org", "mentor")
        with tenant_scope(tenant.id):
            pair_id = make_group_pair(world.a.group_id, actor, mentor)
            for kind, day in (
                ("midpoint", datetime(2027, 8, 3, 15)),
                ("final", datetime(2028, 1, 12, 15)),
            ):
                starts = day.replace(tzinfo=UTC)
                db.session.add(Meeting(group_id=world.a.group_id, kind=kind, starts_at=starts,
                                       ends_at=starts + timedelta(hours=2)))  # fmt: skip
            agreement = Agreement(pair_id=pair_id, goals="Työ omalta alalta", themes="CV, verkostot",
                                  first_meeting_on=date(2027, 3, 16), version=1)  # fmt: skip
            db.session.add(agreement)
            db.session.flush()
            for person in (actor, mentor):
                db.session.add(AgreementSignature(agreement_id=agreement.id, version=1,
                                                  person_id=person.id, typed_name=person.name))  # fmt: skip
        db.session.commit()
        return PairOfA(
            world.a.group_id,
            pair_id,
            actor.id,
            f"/alpha/staff/materials/groups/{world.a.group_id}/pairs/{pair_id}/pack.pdf",
        )


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def pdf_pages(response) -> list[str]:
    """The text of each page of a PDF response."""
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/pdf"
    return [page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages]


def pdf_title(response) -> str:
    return PdfReader(io.BytesIO(response.data)).metadata.title
