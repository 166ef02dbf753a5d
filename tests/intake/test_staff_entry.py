"""Staff add people who got in touch by phone, email or on paper, and correct people's
data; people who never finish the registration get one reminder."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.intake import unfinished
from kaari.intake.models import Consent, PersonCorrection, RegistrationLink
from kaari.participants.models import DataRequest, Person, StatusChange
from kaari.tenancy.models import Tenant
from tests.helpers import make_group_leader, read_outbox, text_body
from tests.intake.test_registration import ACTOR

ADD = "/alpha/staff/participants/new/actor?lang=en"
PHONED_IN = {
    "entry-name": "Phoned Paula",
    "entry-email": "",
    "entry-municipality": "Vantaa",
    "entry-language": "fi",
    "entry-consent_channel": "phone",
    "entry-consent_date": "2026-12-01",
    "entry-notice_version": "1",
    "entry-event": "Info evening at the library",
    "answer-phone": "040 123 4567",
    "answer-occupation": "Nurse",
}


def _person(app, tenant_id, name):
    with app.app_context(), tenant_scope(tenant_id):
        person = db.session.scalar(select(Person).where(Person.name == name))
        db.session.expunge_all()
        return person


def test_a_coordinator_adds_a_person_who_phoned_in(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get("/alpha/staff/participants/new").status_code == 200
    response = client.submit(ADD, PHONED_IN)
    assert response.status_code == 302, response.get_data(as_text=True)
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    assert person.status == "contacted" and person.email == ""
    assert person.answers["phone"] == "040 123 4567" and person.answers["occupation"] == "Nurse"
    assert "finnish_level" not in person.answers  # a subset, nothing invented
    with app.app_context(), tenant_scope(world.a.tenant_id):
        consent = db.session.scalar(select(Consent).where(Consent.person_id == person.id))
        change = db.session.scalar(select(StatusChange).where(StatusChange.person_id == person.id))
        audit = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "person.added_by_staff")
        )
    assert consent.form == "staff-phone" and consent.given_at.date().isoformat() == "2026-12-01"
    assert change.reason == "added_by_staff_from:Info evening at the library"
    assert audit.object_id == str(person.id) and audit.details["consent"] == "phone"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Phoned Paula" in page
    assert "Added by staff; came from: Info evening at the library" in page
    page = client.get(f"/alpha/staff/participants/{person.id}?lang=fi").get_data(as_text=True)
    assert "Info evening at the library" in page and "Added by staff" not in page


def test_the_registration_forms_checks_hold_but_answers_may_be_missing(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.submit(ADD, {**PHONED_IN, "answer-phone": "12", "answer-birth_year": "1850"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Check the phone number" in html and "Write the year you were born" in html
    assert 'value="Phoned Paula"' in html  # nothing typed is lost
    response = client.submit(ADD, {**PHONED_IN, "answer-phone": ""})
    assert response.status_code == 400
    assert "Give an email address or a phone number." in response.get_data(as_text=True)
    assert _person(app, world.a.tenant_id, "Phoned Paula") is None


def test_a_duplicate_by_phone_is_shown_before_saving_and_can_be_saved_anyway(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(ADD, PHONED_IN)
    first = _person(app, world.a.tenant_id, "Phoned Paula")
    again = {**PHONED_IN, "entry-name": "Paula Again", "answer-phone": "+358401234567"}
    response = client.submit(ADD, again)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Save anyway" in html
    assert f"/alpha/staff/participants/{first.id}" in html
    with app.app_context(), tenant_scope(world.a.tenant_id):
        read = db.session.scalar(
            select(TenantAuditEvent).where(
                TenantAuditEvent.action == "person.viewed",
                TenantAuditEvent.object_id == str(first.id),
            )
        )
    assert read.details["what"] == "duplicate"
    assert _person(app, world.a.tenant_id, "Paula Again") is None
    response = client.submit(ADD, {**again, "confirmed": "1"})
    assert response.status_code == 302
    assert _person(app, world.a.tenant_id, "Paula Again") is not None


def test_a_duplicate_by_email_in_another_case_is_flagged(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        existing = db.session.scalar(select(Person).where(Person.email != "").limit(1))
        email = existing.email.upper()
    response = client.submit(ADD, {**PHONED_IN, "entry-email": email, "answer-phone": ""})
    assert "Save anyway" in response.get_data(as_text=True)


def test_the_person_can_be_sent_the_registration_link(app, client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    data = {**PHONED_IN, "entry-email": "paula@example.org", "entry-send_link": "y"}
    assert client.submit(ADD, data).status_code == 302
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    assert person.status == "registration_sent"
    mail = [m for m in read_outbox(outbox) if m["To"] == "paula@example.org"]
    assert len(mail) == 1 and "/alpha/register/" in text_body(mail[0])


PAPER_FORM = {f"answer-{name}": value for name, value in ACTOR.items()}


def test_a_whole_paper_form_entered_by_staff_completes_the_registration(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    partial = {**PHONED_IN, "entry-complete": "y"}
    response = client.submit(ADD, partial)
    assert response.status_code == 400  # the required answers are then required
    assert "This field is required." in response.get_data(as_text=True)
    assert _person(app, world.a.tenant_id, "Phoned Paula") is None
    response = client.submit(ADD, {**partial, **PAPER_FORM})
    assert response.status_code == 302, response.get_data(as_text=True)
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    assert person.status == "registered" and person.registered_at is not None
    assert person.answers["_submitted"] is True and person.answers["finnish_level"] == "b1"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        steps = db.session.scalars(
            select(StatusChange.new_status).where(StatusChange.person_id == person.id)
        ).all()
    assert steps == ["contacted", "registered"]
    page = client.get(f"/alpha/staff/participants/{person.id}?lang=en").get_data(as_text=True)
    assert "Registration form entered by staff" in page


def test_a_paper_form_that_came_later_completes_the_registration_on_the_correct_page(
    app, client, world
):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(ADD, PHONED_IN)
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    url = _correct_url(person.id)
    assert "the registration is complete" in client.get(url).get_data(as_text=True)
    details = {
        "entry-name": "Phoned Paula",
        "entry-email": "",
        "entry-municipality": "Vantaa",
        "entry-language": "fi",
    }
    response = client.submit(url, {**details, **PAPER_FORM, "entry-complete": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    assert person.status == "registered" and person.answers["goals"] == ACTOR["goals"]
    assert "the registration is complete" not in client.get(url).get_data(as_text=True)


def _correct_url(person_id: int, **query) -> str:
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    return f"/alpha/staff/participants/{person_id}/correct?lang=en{extra}"


def test_a_coordinator_corrects_an_email_and_an_answer(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(ADD, {**PHONED_IN, "entry-email": "paula@exmaple.org"})
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    url = _correct_url(person.id)
    form = client.hidden_fields(url)
    page = client.get(url).get_data(as_text=True)
    assert 'value="paula@exmaple.org"' in page and 'value="Nurse"' in page
    data = {
        **form,
        **{
            k: v
            for k, v in PHONED_IN.items()
            if k.startswith(("entry-name", "entry-m", "entry-l", "answer-"))
        },
    }
    data.update({"entry-email": "paula@example.org", "answer-occupation": "Midwife"})
    assert client.post(url, data=data).status_code == 302
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    assert person.email == "paula@example.org" and person.answers["occupation"] == "Midwife"
    with app.app_context(), tenant_scope(world.a.tenant_id):
        made = {
            c.field: (c.old_value, c.new_value)
            for c in db.session.scalars(select(PersonCorrection))
        }
        audit = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "person.corrected")
        )
    assert made == {
        "email": ("paula@exmaple.org", "paula@example.org"),
        "answer:occupation": ("Nurse", "Midwife"),
    }
    assert "paula" not in str(audit.details)  # values stay out of the audit log
    assert "Midwife" in client.get(url).get_data(as_text=True)


def test_a_request_from_the_portal_is_applied_and_answered_in_one_step(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(ADD, {**PHONED_IN, "entry-email": "paula@exmaple.org"})
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        request = DataRequest(person_id=person.id, kind="rectification", message="My email is wrong",
                              due_at=utcnow() + timedelta(days=30))  # fmt: skip
        db.session.add(request)
        db.session.commit()
        request_id = request.id
    listing = client.get("/alpha/staff/participants/requests/").get_data(as_text=True)
    url = _correct_url(person.id, request=request_id)
    assert f"/alpha/staff/participants/{person.id}/correct?request={request_id}" in listing
    assert "My email is wrong" in client.get(url).get_data(as_text=True)
    data = {**client.hidden_fields(url), "entry-name": "Phoned Paula", "entry-language": "fi",
            "entry-email": "paula@example.org", "answer-phone": "040 123 4567"}  # fmt: skip
    assert client.post(url, data=data).status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        answered = db.session.get(DataRequest, request_id)
        assert answered.answered_at is not None
        correction = db.session.scalar(
            select(PersonCorrection).where(PersonCorrection.field == "email")
        )
        assert correction.data_request_id == request_id


def test_group_leaders_and_partners_may_not_add_or_correct(app, client, world):
    leader = make_group_leader(app, world.a.tenant_id, world.a.group_id)
    for staff in (world.a.partner, leader):
        client.login(staff.email, tenant="alpha")
        assert client.get("/alpha/staff/participants/new").status_code == 403
        assert client.get(ADD).status_code == 403
        assert client.get(_correct_url(world.a.person_id)).status_code == 403
        client.logout()


def _sent_days_ago(app, tenant_id, person_id, days):
    with app.app_context(), tenant_scope(tenant_id):
        for link in db.session.scalars(
            select(RegistrationLink).where(RegistrationLink.person_id == person_id)
        ):
            link.created_at = utcnow() - timedelta(days=days)
        db.session.commit()


def test_people_who_never_finish_get_one_reminder(app, client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    data = {**PHONED_IN, "entry-email": "paula@example.org", "entry-send_link": "y"}
    client.submit(ADD, data)
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    with app.app_context():
        assert unfinished.remind_unfinished() == 0  # too early
    _sent_days_ago(app, world.a.tenant_id, person.id, 15)
    with app.app_context():
        assert unfinished.remind_unfinished() == 1
        assert unfinished.remind_unfinished() == 0  # once only
    mails = [m for m in read_outbox(outbox) if m["To"] == "paula@example.org"]
    assert len(mails) == 2 and "/alpha/register/" in text_body(mails[1])  # the reply, one reminder
    listing = client.get("/alpha/staff/participants/?unfinished=1").get_data(as_text=True)
    assert "Phoned Paula" in listing
    with app.app_context(), tenant_scope(world.a.tenant_id):
        registered = db.session.scalar(select(Person).where(Person.status == "registered").limit(1))
    assert registered is None or registered.name not in listing


def test_the_reminder_waits_as_long_as_the_tenant_set(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    client.submit(ADD, {**PHONED_IN, "entry-email": "paula@example.org", "entry-send_link": "y"})
    person = _person(app, world.a.tenant_id, "Phoned Paula")
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        tenant.settings = {**(tenant.settings or {}), "registration_reminder_days": 30}
        db.session.commit()
    _sent_days_ago(app, world.a.tenant_id, person.id, 15)
    with app.app_context():
        assert unfinished.remind_unfinished() == 0
    _sent_days_ago(app, world.a.tenant_id, person.id, 31)
    with app.app_context():
        assert unfinished.remind_unfinished() == 1
