"""Staff write a mailing, preview it in each language, send it, follow its progress;
recipients can stop bulk mail with one click."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from kaari.accounts.models import User
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.mail.models import OutboxMessage
from tests.helpers import CONFIRMED, read_outbox, send_mailing, text_body

FORM = {
    "audience": "staff",
    "options_staff": ["coordinator", "partner"],
    "subject_fi": "Syksyn tapaaminen",
    "body_fi": "Tervetuloa syksyn tapaamiseen.",
    "subject_en": "Autumn meeting",
    "body_en": "Welcome to the autumn meeting.",
}


def _set_language(app, email: str, language: str) -> None:
    with app.app_context():
        db.session.execute(update(User).where(User.email == email).values(language=language))
        db.session.commit()


def test_a_coordinator_previews_a_mailing_in_each_language(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    response = client.submit("/alpha/staff/mailings/new", {**FORM, "preview": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'lang="fi"' in html and "Tervetuloa syksyn tapaamiseen." in html
    assert 'lang="en"' in html and "Welcome to the autumn meeting." in html
    assert 'value="Syksyn tapaaminen"' in html  # what was typed stays in the form


def test_each_recipient_gets_one_message_in_their_language(app, client, world, outbox):
    _set_language(app, world.a.partner.email, "en")
    client.login(world.a.coordinator.email, tenant="alpha")
    response = send_mailing(client, FORM)
    assert response.status_code == 302
    messages = {m["To"]: m for m in read_outbox(outbox)}
    assert set(messages) == {world.a.coordinator.email, world.a.partner.email}
    assert messages[world.a.partner.email]["Subject"] == "Autumn meeting"
    assert messages[world.a.coordinator.email]["Subject"] == "Syksyn tapaaminen"
    unsubscribe = messages[world.a.partner.email]["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://localhost/alpha/unsubscribe/")
    assert messages[world.a.partner.email]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    page = client.get(response.headers["Location"]).get_data(as_text=True)
    progress = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", page))
    assert sorted(progress.values()) == ["0", "0", "0", "0", "2"]
    assert world.a.partner.email in page


def test_a_missing_translation_falls_back_to_the_default_language(app, client, world, outbox):
    _set_language(app, world.a.partner.email, "sv")
    client.login(world.a.coordinator.email, tenant="alpha")
    send_mailing(client, FORM)
    swedish = next(m for m in read_outbox(outbox) if m["To"] == world.a.partner.email)
    assert swedish["Subject"] == "Syksyn tapaaminen"
    assert swedish["Content-Language"] == "sv"


def test_nothing_is_sent_before_the_sender_has_seen_how_many_get_it(client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    url = "/alpha/staff/mailings/new?lang=en"
    unseen = client.submit(url, {**FORM, "send": "1"}).get_data(as_text=True)
    assert "This mailing goes to 2 people. Check the number, then press Send again." in unseen
    assert read_outbox(outbox) == []

    confirmed = CONFIRMED.search(unseen).group(1)
    fewer = {**FORM, "options_staff": ["coordinator"], "confirmed": confirmed, "send": "1"}
    changed = client.submit(url, fewer).get_data(as_text=True)  # not what was confirmed
    assert "This mailing goes to 1 person." in changed
    assert read_outbox(outbox) == []

    sent = client.submit(url, {**FORM, "confirmed": confirmed, "send": "1"})
    assert sent.status_code == 302
    assert len(read_outbox(outbox)) == 2


def test_the_default_language_text_is_required_and_nothing_typed_is_lost(client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    response = send_mailing(client, {**FORM, "subject_fi": ""})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Tervetuloa syksyn tapaamiseen." in html and 'aria-invalid="true"' in html
    assert read_outbox(outbox) == []


def test_an_audience_must_be_chosen(client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    response = send_mailing(client, {**FORM, "options_staff": []})
    assert response.status_code == 400
    assert read_outbox(outbox) == []


def test_one_click_unsubscribe_stops_bulk_mail_but_not_personal_mail(app, client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    send_mailing(client, FORM)
    message = next(m for m in read_outbox(outbox) if m["To"] == world.a.partner.email)
    link = re.search(r"http://localhost(/alpha/unsubscribe/\S+)", text_body(message)).group(1)

    visitor = client.__class__(app)
    assert visitor.get(link).status_code == 200  # a confirmation page, nothing changed yet
    response = visitor.post(link, data={"List-Unsubscribe": "One-Click"})  # as a mail program does
    assert response.status_code == 200

    for old in outbox.glob("*.eml"):
        old.unlink()
    send_mailing(client, FORM)
    assert [m["To"] for m in read_outbox(outbox)] == [world.a.coordinator.email]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        cancelled = db.session.scalars(
            select(OutboxMessage.recipient).where(OutboxMessage.status == "cancelled")
        ).all()
    assert cancelled == [world.a.partner.email]


def test_failed_messages_can_be_retried(app, client, world, outbox):
    client.login(world.a.coordinator.email, tenant="alpha")
    response = send_mailing(client, FORM)
    mailing_url = response.headers["Location"]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.recipient == world.a.partner.email)
            .values(status="failed", last_error="550 mailbox unavailable")
        )
        db.session.commit()
    page = client.get(mailing_url).get_data(as_text=True)
    assert "550 mailbox unavailable" in page
    client.submit(f"{mailing_url}/retry", form_url=mailing_url)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        statuses = set(db.session.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent"}


def test_partners_cannot_send_mailings(client, world):
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get("/alpha/staff/mailings/").status_code == 403


def test_the_development_outbox_shows_this_tenants_mail_only(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    html = client.get("/alpha/staff/outbox").get_data(as_text=True)
    assert "Uutiskirje" in html
    assert client.get(f"/alpha/staff/outbox/{world.a.message_id}").status_code == 200
    assert client.get(f"/alpha/staff/outbox/{world.b.message_id}").status_code == 404


def test_the_outbox_page_does_not_exist_with_real_mail(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", "smtp://mail.example.org")
    client.login(world.a.admin.email, tenant="alpha")
    assert client.get("/alpha/staff/outbox").status_code == 404


def test_a_mailing_whose_job_was_lost_is_written_by_the_sweep(app, client, world, outbox):
    """The job that writes a mailing's messages goes to Redis after commit; if Redis
    lost it, the outbox sweep finds the unwritten mailing and writes it, once."""
    from datetime import timedelta

    from kaari.core.db import utcnow
    from kaari.mail.jobs import MAILING_GRACE, sweep_outbox
    from kaari.mail.models import Mailing

    with app.app_context(), tenant_scope(world.a.tenant_id):
        lost = Mailing(
            subject={"fi": "Kadonnut"},
            body={"fi": "Teksti"},
            audience={"key": "staff", "options": ["coordinator"]},
            created_at=utcnow() - MAILING_GRACE - timedelta(seconds=1),
        )
        fresh = Mailing(
            subject={"fi": "Juuri tehty"},
            body={"fi": "Teksti"},
            audience={"key": "staff", "options": ["coordinator"]},
        )
        db.session.add_all([lost, fresh])
        db.session.commit()
        lost_id, fresh_id = lost.id, fresh.id

    client.login(world.a.coordinator.email, tenant="alpha")
    waiting = client.get(f"/alpha/staff/mailings/{lost_id}?lang=en").get_data(as_text=True)
    assert "The messages are being written." in waiting

    with app.app_context():
        sweep_outbox()
        sweep_outbox()  # a second sweep finds it written and leaves it

    with app.app_context(), tenant_scope(world.a.tenant_id):
        ours = OutboxMessage.mailing_id.in_([lost_id, fresh_id])
        written = db.session.scalars(select(OutboxMessage.mailing_id).where(ours)).all()
        assert written == [lost_id]
        assert db.session.get(Mailing, lost_id).sent_at is not None
        assert db.session.get(Mailing, fresh_id).sent_at is None  # its own job may still come
    assert [m["Subject"] for m in read_outbox(outbox)] == ["Kadonnut"]
    written = client.get(f"/alpha/staff/mailings/{lost_id}?lang=en").get_data(as_text=True)
    assert "The messages are being written." not in written
