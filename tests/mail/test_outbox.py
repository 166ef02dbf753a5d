"""The outbox: a message is a row written with the change that causes it, delivered
after commit, once, in the recipient's language; faults lose nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from kaari.accounts.models import User
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.mail import services
from kaari.mail.delivery import MAX_ATTEMPTS
from kaari.mail.jobs import sweep_outbox
from kaari.mail.models import OutboxMessage, PlatformOutboxMessage, Suppression
from tests.helpers import read_outbox, text_body


@pytest.fixture
def alpha(app, world):
    """Tenant A's scope inside an app context, with a clean outbox folder."""
    with app.test_request_context(), tenant_scope(world.a.tenant_id):
        yield world.a


def _send_to_user(email: str, **kwargs) -> OutboxMessage:
    user = db.session.scalar(select(User).where(User.email == email))
    return services.send(
        "staff_invitation",
        to=user,
        context={"link": "http://x/y", "role": "coordinator", "inviter": "Ann"},
        **kwargs,
    )


def _rows(model=OutboxMessage):
    return db.session.scalars(select(model).where(model.template != "mailing")).all()


def test_a_message_is_stored_with_the_change_and_delivered_after_commit(alpha, outbox):
    message = _send_to_user(alpha.coordinator.email)
    assert message.status == "queued"
    assert read_outbox(outbox) == []  # nothing leaves before the commit
    db.session.commit()
    [delivered] = read_outbox(outbox)
    assert delivered["To"] == alpha.coordinator.email
    assert delivered["Reply-To"] == "coordinator@alpha.example.org"
    assert "Alpha Network" in text_body(delivered)  # the tenant's footer
    db.session.refresh(message)
    assert message.status == "sent" and message.attempts == 1 and message.sent_at


def test_a_rolled_back_change_sends_nothing(alpha, outbox):
    _send_to_user(alpha.coordinator.email)
    db.session.rollback()
    db.session.commit()
    assert _rows() == []
    assert read_outbox(outbox) == []


def test_the_same_key_stores_one_message(alpha, outbox):
    first = _send_to_user(alpha.coordinator.email, key="invite-42")
    second = _send_to_user(alpha.coordinator.email, key="invite-42")
    db.session.commit()
    assert first.id == second.id
    assert len(_rows()) == 1 and len(read_outbox(outbox)) == 1


@pytest.mark.parametrize(("language", "expected"), [("fi", "fi"), ("sv", "sv"), ("en", "en")])
def test_the_message_is_in_the_recipients_language(alpha, outbox, language, expected):
    db.session.execute(update(User).values(language=language))
    _send_to_user(alpha.coordinator.email)
    db.session.commit()
    [delivered] = read_outbox(outbox)
    assert delivered["Content-Language"] == expected


def test_mail_without_a_tenant_goes_to_the_platform_outbox(app, world, outbox):
    with app.test_request_context():
        services.send(
            "password_reset",
            to="someone@example.org",
            language="en",
            context={"link": "http://x", "hours": 1},
        )
        db.session.commit()
        [row] = db.session.scalars(select(PlatformOutboxMessage)).all()
    assert row.status == "sent"
    assert "Reply-To" not in read_outbox(outbox)[0]


def test_bulk_mail_to_an_unsubscribed_address_is_cancelled_at_send_time(alpha, outbox):
    services.suppress(services.address_digest(alpha.coordinator.email), "unsubscribed")
    bulk = _send_to_user(alpha.coordinator.email, bulk=True)
    personal = _send_to_user(alpha.coordinator.email, key="transactional")
    db.session.commit()
    db.session.refresh(bulk)
    db.session.refresh(personal)
    assert (bulk.status, bulk.last_error) == ("cancelled", "unsubscribed")
    assert personal.status == "sent"


def test_mail_to_a_closed_account_is_cancelled(alpha, outbox):
    message = _send_to_user(alpha.coordinator.email)
    db.session.execute(
        update(User).where(User.email == alpha.coordinator.email).values(active=False)
    )
    db.session.commit()
    db.session.refresh(message)
    assert message.status == "cancelled"
    assert read_outbox(outbox) == []


def test_smtp_down_then_up_is_retried_and_delivered_once(alpha, app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", smtp.url)
    smtp.stop()
    message = _send_to_user(alpha.coordinator.email)
    db.session.commit()
    db.session.refresh(message)
    assert message.status == "queued" and message.attempts == 1
    assert "ConnectionRefused" in message.last_error
    assert message.next_attempt_at > utcnow()

    smtp.__init__(smtp.port)
    smtp.start()
    assert sweep_outbox() == 0  # not due yet: the backoff holds
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
    db.session.commit()
    assert sweep_outbox() >= 1
    assert sweep_outbox() == 0
    db.session.refresh(message)
    assert message.status == "sent" and message.attempts == 2
    assert [m["To"] for m in smtp.sink.messages] == [alpha.coordinator.email]


def test_a_550_rejection_fails_for_good_with_the_reason(alpha, app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", smtp.url)
    smtp.sink.refuse["coordinator@"] = "550 5.1.1 mailbox unavailable"
    message = _send_to_user(alpha.coordinator.email, bulk=True)
    db.session.commit()
    db.session.refresh(message)
    assert message.status == "failed" and "550" in message.last_error
    db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    sweep_outbox()
    db.session.refresh(message)
    assert message.attempts == 1  # no retry
    assert db.session.scalar(select(Suppression.reason)) == "bounced"


def test_temporary_failures_give_up_after_the_last_attempt(alpha, app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", smtp.url)
    smtp.sink.refuse["coordinator@"] = "451 4.3.0 try again later"
    message = _send_to_user(alpha.coordinator.email)
    db.session.commit()
    for _ in range(MAX_ATTEMPTS):
        db.session.execute(update(OutboxMessage).values(next_attempt_at=utcnow()))
        db.session.commit()
        sweep_outbox()
    db.session.refresh(message)
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    assert "451" in message.last_error


def test_a_message_whose_job_was_lost_is_swept_later(alpha, app, outbox, monkeypatch):
    monkeypatch.setattr("kaari.mail.services.deliver_after_commit", lambda *_: None)
    message = _send_to_user(alpha.coordinator.email)
    db.session.commit()
    assert sweep_outbox() == 0  # too fresh: its job may still be on the way
    db.session.execute(update(OutboxMessage).values(updated_at=utcnow() - timedelta(minutes=2)))
    db.session.commit()
    assert sweep_outbox() == 1
    db.session.refresh(message)
    assert message.status == "sent"
    assert len(read_outbox(outbox)) == 1


def test_an_expired_lease_is_taken_over_and_a_live_one_is_not(alpha, app, outbox, monkeypatch):
    monkeypatch.setattr("kaari.mail.services.deliver_after_commit", lambda *_: None)
    message = _send_to_user(alpha.coordinator.email)
    db.session.commit()
    live = {"status": "sending", "lease_until": utcnow() + timedelta(minutes=5)}
    mine = update(OutboxMessage).where(OutboxMessage.id == message.id)
    db.session.execute(mine.values(**live))
    db.session.commit()
    assert sweep_outbox() == 0
    db.session.execute(mine.values(lease_until=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert sweep_outbox() == 1
    db.session.refresh(message)
    assert message.status == "sent"


def test_every_attempt_at_a_message_carries_the_same_message_id(app, alpha, outbox):
    """A copy sent again after a lost receipt can be recognised by the receiver."""
    from kaari.mail.delivery import as_email

    first = _send_to_user(alpha.coordinator.email)
    second = _send_to_user(alpha.coordinator.email, key="another")
    db.session.commit()
    delivered = {m["Message-ID"] for m in read_outbox(outbox)}
    again = as_email(first, app.config["MAIL_FROM"])["Message-ID"]
    assert again in delivered
    assert as_email(second, app.config["MAIL_FROM"])["Message-ID"] != again
    assert again.startswith(f"<outbox_messages.{first.id}.")
