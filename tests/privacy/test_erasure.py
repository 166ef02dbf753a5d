"""A person asks to be forgotten: the coordinator confirms the erasure in two steps.
What identifies the person is gone, the pair's other member keeps their data, and the
counts that reports read stay as they were."""

from __future__ import annotations

from sqlalchemy import func, select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db, storage
from kaari.core.scoping import tenant_scope
from kaari.mail.models import OutboxMessage
from kaari.matching.models import Pair
from kaari.materials.models import StoredPdf
from kaari.participants.models import Note, Person, PortalLink, StatusChange
from kaari.programme.groups.models import AgreementSignature, PairMeeting
from kaari.programme.outcomes.models import Outcome
from tests.privacy.test_subject_access import _person_with_a_history


def _erase_page(person_id: int) -> str:
    return f"/alpha/staff/participants/{person_id}/erase"


def test_erasure_takes_two_steps_and_says_what_it_does(app, client, world):
    asa_id, _mentor_id = _person_with_a_history(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(_erase_page(asa_id) + "?lang=en").get_data(as_text=True)
    assert "Erasure cannot be undone" in page and "Kept, without a name" in page
    response = client.submit(_erase_page(asa_id) + "?lang=en", {})  # box not ticked
    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in response.get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(Person, asa_id).name == "Åsa Äikäs"


def test_an_erased_person_is_anonymised_and_the_counts_stay(app, client, world):
    asa_id, mentor_id = _person_with_a_history(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get(f"/alpha/staff/materials/groups/{world.a.group_id}/pairs/"
                      f"{_pair_of(app, world, asa_id)}/pack.pdf").status_code == 200  # fmt: skip
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add(OutboxMessage(person_id=asa_id, recipient="asa@example.org", language="sv",
                                     subject="Hej", text_body="Hej Åsa", html_body="", template="t",
                                     status="sent"))  # fmt: skip
        db.session.commit()
        people_before = db.session.scalar(select(func.count()).select_from(Person))
        assert [f for f in storage.current().files() if f.key.startswith("pdf/pair_pack/")]

    response = client.submit(_erase_page(asa_id), {"confirm": "y"})
    assert response.status_code == 302

    with app.app_context(), tenant_scope(world.a.tenant_id):
        asa = db.session.get(Person, asa_id)
        assert (asa.name, asa.email, asa.municipality, asa.question) == ("—", "", "", "")
        assert asa.erased_at is not None and asa.status == "withdrawn"
        assert "äikäs" not in asa.search_text.lower()
        assert db.session.scalar(select(func.count()).select_from(Person)) == people_before
        for model in (Note, PortalLink, OutboxMessage):
            column = model.person_id
            assert db.session.scalar(select(func.count()).where(column == asa_id)) == 0, model
        assert db.session.scalar(select(func.count()).where(Note.person_id == mentor_id)) == 1
        assert db.session.scalars(select(StatusChange.new_status).where(
            StatusChange.person_id == asa_id)).all() == ["matched", "withdrawn"]  # fmt: skip
        signature = db.session.scalar(select(AgreementSignature))
        assert signature.typed_name == "" and signature.person_id == asa_id
        entry = db.session.scalar(select(PairMeeting).where(PairMeeting.goal == ""))
        assert entry is not None and entry.written_by is None
        assert db.session.scalar(select(Outcome.kind).where(Outcome.person_id == asa_id)) == (
            "employed"
        )
        pair = db.session.scalar(select(Pair).where(Pair.actor_id == asa_id))
        assert db.session.get(Person, pair.mentor_id).name == "Mentori Möttönen"
        assert db.session.scalar(select(func.count()).select_from(StoredPdf)) == 0
        assert not [f for f in storage.current().files() if f.key.startswith("pdf/")]
        actions = db.session.scalars(select(TenantAuditEvent.action)).all()
        assert "person.erased" in actions

    page = client.get(f"/alpha/staff/participants/{asa_id}?lang=en").get_data(as_text=True)
    assert "data was erased on" in page and "Åsa" not in page
    again = client.submit(_erase_page(asa_id), {"confirm": "y"}, form_url=_erase_page(asa_id))
    assert again.status_code == 400  # nothing left to erase: the page says so
    assert "data was erased on" in again.get_data(as_text=True)


def _pair_of(app, world, actor_id: int) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Pair.id).where(Pair.actor_id == actor_id))


def test_a_partner_cannot_erase(app, client, world):
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get(_erase_page(world.a.person_id)).status_code == 403
