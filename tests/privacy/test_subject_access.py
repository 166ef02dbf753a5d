"""A person asks to see everything the organisation keeps about them: the coordinator
downloads it from the person's page as JSON and as a PDF in the person's language.
Every table that refers to a person is in the registry the export reads."""

from __future__ import annotations

import io
import json
from datetime import date

from pypdf import PdfReader
from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.intake.models import Consent
from kaari.mail.models import OutboxMessage
from kaari.models import metadata
from kaari.participants.models import Note, StatusChange
from kaari.privacy.registry import registered_columns
from kaari.programme.groups.models import Agreement, AgreementSignature, PairMeeting
from kaari.programme.outcomes.models import Outcome
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_group_pair, make_person


def test_every_reference_to_a_person_is_registered():
    references = {
        (table.name, fk.parent.name)
        for table in metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    }
    assert references, "the walk found no references"
    missing = (references | {("people", "id")}) - registered_columns()
    assert not missing, f"register these with kaari.privacy.registry: {sorted(missing)}"


def _person_with_a_history(app, world) -> tuple[int, int]:
    """Åsa Äikäs, in a group with a signed agreement, a diary entry, a note, a status
    change, a consent and an outcome; and another person's note beside hers."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        asa = make_person(tenant, "Åsa Äikäs", "asa@example.org", language="sv")
        mentor = make_person(tenant, "Mentori Möttönen", "mm@example.org", "mentor")
        with tenant_scope(tenant.id):
            pair_id = make_group_pair(world.a.group_id, asa, mentor)
            agreement = Agreement(pair_id=pair_id, goals="Arbete inom mitt område", version=1,
                                  changed_by=asa.id)  # fmt: skip
            db.session.add(agreement)
            db.session.flush()
            db.session.add_all([
                AgreementSignature(agreement_id=agreement.id, version=1, person_id=asa.id,
                                   typed_name="Åsa Äikäs"),
                PairMeeting(pair_id=pair_id, met_on=date(2027, 3, 1), goal="Uppdatera CV:t",
                            written_by=asa.id),
                Note(person_id=asa.id, text="Söker arbete som ingenjör"),
                Note(person_id=mentor.id, text="Mentorns egen anteckning"),
                StatusChange(person_id=asa.id, old_status="registered", new_status="matched"),
                Consent(person_id=asa.id, notice_version=1, form="contact"),
                Outcome(person_id=asa.id, kind="employed", happened_on=date(2027, 6, 1)),
            ])  # fmt: skip
        db.session.commit()
        return asa.id, mentor.id


def test_a_coordinator_downloads_everything_kept_about_a_person(app, client, world):
    asa_id, _mentor_id = _person_with_a_history(app, world)
    coordinator = client
    coordinator.login(world.a.coordinator.email, tenant="alpha")
    page = coordinator.get(f"/alpha/staff/participants/{asa_id}?lang=en").get_data(as_text=True)
    assert "All data as a machine-readable file (JSON)" in page

    response = coordinator.get(f"/alpha/staff/participants/{asa_id}/subject-access.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.get_data(as_text=True))["data"]
    assert data["people.id"]["rows"][0]["name"] == "Åsa Äikäs"
    assert "token_digest" not in json.dumps(data) and "tenant_id" not in json.dumps(data)
    assert [n["text"] for n in data["person_notes.person_id"]["rows"]] == [
        "Söker arbete som ingenjör"
    ]  # not the mentor's note
    assert data["pair_meetings.written_by"]["rows"][0]["goal"] == "Uppdatera CV:t"
    assert data["agreement_signatures.person_id"]["rows"][0]["typed_name"] == "Åsa Äikäs"
    assert data["outcomes.person_id"]["rows"][0]["kind"] == "employed"
    assert data["consents.person_id"]["rows"][0]["form"] == "contact"
    assert data["status_changes.person_id"]["rows"][0]["new_status"] == "matched"
    assert len(data["pairs.actor_id"]["rows"]) == 1 and data["pairs.mentor_id"]["rows"] == []
    # Opening the person's page above is itself in the export.
    assert "person.viewed" in [e["action"] for e in data["tenant_audit_events.object_id"]["rows"]]

    pdf = coordinator.get(f"/alpha/staff/participants/{asa_id}/subject-access.pdf")
    assert pdf.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(pdf.data))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Åsa Äikäs" in text and "Söker arbete som ingenjör" in text
    assert "Uppdatera CV:t" in text and "Mentorns egen anteckning" not in text
    assert reader.metadata.title == "Uppgifter om Åsa Äikäs"  # in Swedish, her language

    with app.app_context(), tenant_scope(world.a.tenant_id):
        formats = db.session.scalars(
            select(TenantAuditEvent.details).where(
                TenantAuditEvent.action == "person.subject_access"
            )
        ).all()
    assert [f["format"] for f in formats] == ["json", "pdf"]


def test_a_partner_cannot_download_a_persons_data(app, client, world):
    client.login(world.a.partner.email, tenant="alpha")
    url = f"/alpha/staff/participants/{world.a.person_id}/subject-access.json"
    assert client.get(url).status_code == 403


def _mail(app, world, person_id: int, first: int, count: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add_all([
            OutboxMessage(person_id=person_id, recipient="asa@example.org", language="sv",
                          subject=f"Nyhetsbrev {n}", text_body=f"Brödtext {n}. " * 200,
                          html_body=f"<p>{'Brödtext. ' * 200}</p>", template="mailing",
                          context={"body": "Brödtext. " * 200}, status="sent")
            for n in range(first, first + count)
        ])  # fmt: skip
        db.session.commit()


def test_the_data_of_a_person_with_a_long_mail_history_stays_short(app, client, world):
    """Mails are a line each in the PDF (their texts are in the JSON), and neither file
    runs more queries for more mail."""
    asa_id, _mentor_id = _person_with_a_history(app, world)
    client.login(world.a.coordinator.email, tenant="alpha")
    base = f"/alpha/staff/participants/{asa_id}/subject-access"

    def download(kind: str) -> tuple[int, bytes]:
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            response = client.get(f"{base}.{kind}")
            assert response.status_code == 200
        return counter.count, response.data

    _mail(app, world, asa_id, 0, 2)
    few = {kind: download(kind) for kind in ("json", "pdf")}
    _mail(app, world, asa_id, 2, 40)
    many = {kind: download(kind) for kind in ("json", "pdf")}

    assert {kind: count for kind, (count, _data) in many.items()} == {
        kind: count for kind, (count, _data) in few.items()
    }
    mails = json.loads(many["json"][1])["data"]["outbox_messages.person_id"]["rows"]
    assert len(mails) == 42 and mails[41]["text_body"].startswith("Brödtext 41.")
    pages = {kind: PdfReader(io.BytesIO(data)).pages for kind, (_count, data) in (
        ("few", few["pdf"]), ("many", many["pdf"]))}  # fmt: skip
    assert len(pages["many"]) <= len(pages["few"]) + 1
    text = " ".join(" ".join(page.extract_text().split()) for page in pages["many"])
    assert "Nyhetsbrev 41" in text and "Brödtext" not in text
