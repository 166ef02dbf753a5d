"""The pair's agreement as a PDF of its own, for staff and for the pair: as signed, and
with places to sign again after a change."""

from __future__ import annotations

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.materials.models import StoredPdf
from kaari.programme.groups.models import Agreement
from tests.helpers import Client
from tests.isolation_routes import portal_link
from tests.materials.conftest import pdf_pages, pdf_title


def _url(pair_of_a) -> str:
    return pair_of_a.staff_url.replace("/pack.pdf", "/agreement.pdf")


def test_staff_download_the_signed_agreement(coordinator, pair_of_a):
    response = coordinator.get(_url(pair_of_a) + "?lang=fi")
    text = "\n".join(pdf_pages(response))
    assert pdf_title(response) == "Mentorointisopimus"
    assert "Päivi Äijälä" in text and "Åke Öberg" in text
    assert "Työ omalta alalta" in text
    english = "\n".join(pdf_pages(coordinator.get(_url(pair_of_a) + "?lang=en")))
    assert "Päivi Äijälä signed on" in english and "Åke Öberg signed on" in english


def test_a_change_makes_a_new_file_with_places_to_sign(app, world, coordinator, pair_of_a):
    first = coordinator.get(_url(pair_of_a) + "?lang=en")
    assert coordinator.get(_url(pair_of_a) + "?lang=en").data == first.data  # from the store
    with app.app_context(), tenant_scope(world.a.tenant_id):
        agreement = db.session.scalar(select(Agreement))
        agreement.goals, agreement.version = "A job in my own field", 2
        db.session.commit()
    text = "\n".join(pdf_pages(coordinator.get(_url(pair_of_a) + "?lang=en")))
    assert "A job in my own field" in text and "signed on" not in text
    with app.app_context(), tenant_scope(world.a.tenant_id):
        kinds = db.session.scalar(
            select(func.count()).select_from(StoredPdf).where(StoredPdf.kind == "agreement")
        )
    assert kinds == 2


def test_a_member_downloads_their_own_agreement_only(app, world, pair_of_a):
    member = Client(app)
    assert member.submit(portal_link(app, world.a.tenant_id, pair_of_a.actor_id)).status_code == 302
    own = member.get(f"/alpha/portal/pairs/{pair_of_a.pair_id}/agreement.pdf?lang=sv")
    assert "Päivi Äijälä" in "\n".join(pdf_pages(own))
    assert member.get(f"/alpha/portal/pairs/{world.b.pair_id}/agreement.pdf").status_code == 404
