"""A mailing to a large audience: the request counts its recipients in the database,
and the job writes their messages in batches, each in the recipient's language, once
however often it runs."""

from __future__ import annotations

import pytest
from redis import Redis
from sqlalchemy import func, select, update

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.mail import writing
from kaari.mail.jobs import write_mailing
from kaari.mail.models import Mailing, OutboxMessage
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant
from tests.helpers import CONFIRMED, QueryCounter, make_person, read_outbox, send_mailing

FORM = {
    "audience": "participants",
    "options_participants": ["role:mentor"],
    "subject_fi": "Syystapaaminen",
    "body_fi": "Tervetuloa syystapaamiseen.",
    "subject_sv": "Höstträff",
    "body_sv": "Välkommen till höstträffen.",
    "subject_en": "Autumn meeting",
    "body_en": "Welcome to the autumn meeting.",
}
SUBJECTS = {"fi": "Syystapaaminen", "sv": "Höstträff", "en": "Autumn meeting"}
LANGUAGES = ("fi", "sv", "en")


def _add_mentors(app, world, count: int, start: int = 0) -> None:
    """`count` mentors, their languages in turn fi, sv, en."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for number in range(start, start + count):
            make_person(
                tenant,
                f"Mentor {number}",
                f"mentor{number}@example.org",
                role="mentor",
                language=LANGUAGES[number % 3],
            )
        db.session.commit()


def _unwritten_mailing(app, world) -> int:
    """A mailing stored as the send request stores it, its job not yet run."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        mailing = Mailing(
            subject={language: FORM[f"subject_{language}"] for language in LANGUAGES},
            body={language: FORM[f"body_{language}"] for language in LANGUAGES},
            audience={"key": "participants", "options": ["role:mentor"]},
        )
        db.session.add(mailing)
        db.session.commit()
        return mailing.id


def _messages(app, world, mailing_id: int) -> list[tuple[str, str, str]]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(OutboxMessage.recipient, OutboxMessage.language, OutboxMessage.subject)
        return list(db.session.execute(query.where(OutboxMessage.mailing_id == mailing_id)))


@pytest.fixture
def queued_elsewhere(app, monkeypatch):
    """Jobs go to a queue instead of running in the request (as in production); the
    queue is unreachable, so they stay undone, as when Redis is down."""
    monkeypatch.setitem(app.config, "JOBS_INLINE", False)
    monkeypatch.setitem(app.extensions, "kaari_redis", Redis.from_url("redis://127.0.0.1:1/0"))


def test_a_mailing_to_n_people_writes_n_messages_each_in_their_language(app, client, world, outbox):
    _add_mentors(app, world, 30)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        make_person(tenant, "Same Address", "MENTOR0@example.org", role="mentor")
        make_person(tenant, "Erased", "", role="mentor")
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    preview = client.submit("/alpha/staff/mailings/new?lang=en", {**FORM, "preview": "1"})
    assert "This mailing goes to 30 people." in preview.get_data(as_text=True)

    response = send_mailing(client, FORM)
    assert response.status_code == 302
    delivered = read_outbox(outbox)
    assert len(delivered) == 30  # one per address: the shared one once, the blank none
    for message in delivered:
        number = int(message["To"].removeprefix("mentor").removesuffix("@example.org"))
        language = LANGUAGES[number % 3]
        assert (message["Content-Language"], message["Subject"]) == (language, SUBJECTS[language])
        assert message["List-Unsubscribe"].startswith("<http://localhost/alpha/unsubscribe/")
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "The messages are being written." not in page


def test_a_rerun_after_a_crash_writes_each_message_once(app, world, monkeypatch):
    _add_mentors(app, world, 25)
    mailing_id = _unwritten_mailing(app, world)
    monkeypatch.setattr(writing, "BATCH", 10)
    handed_on = writing.deliver_after_commit
    calls = []

    def crash_in_the_second_batch(tenant_id, message_id):
        calls.append(message_id)
        if len(calls) > 10:
            raise RuntimeError("the worker was killed")
        handed_on(tenant_id, message_id)

    monkeypatch.setattr(writing, "deliver_after_commit", crash_in_the_second_batch)
    with app.app_context(), pytest.raises(RuntimeError):
        write_mailing(world.a.tenant_id, mailing_id)
    assert len(_messages(app, world, mailing_id)) == 10  # the first batch was committed

    # Another job finds the mailing leased and leaves it; once the lease ran out, the
    # next one writes the rest, and a later one nothing.
    monkeypatch.setattr(writing, "deliver_after_commit", handed_on)
    with app.app_context():
        assert write_mailing(world.a.tenant_id, mailing_id) == 0
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(Mailing).values(writing_until=None))
        db.session.commit()
    with app.app_context():
        assert write_mailing(world.a.tenant_id, mailing_id) == 15
        assert write_mailing(world.a.tenant_id, mailing_id) == 0
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(update(Mailing).values(sent_at=None))  # as if it were never marked
        db.session.commit()
    with app.app_context():
        assert write_mailing(world.a.tenant_id, mailing_id) == 0

    messages = _messages(app, world, mailing_id)
    assert sorted(recipient for recipient, _language, _subject in messages) == sorted(
        f"mentor{number}@example.org" for number in range(25)
    )
    with app.app_context(), tenant_scope(world.a.tenant_id):
        mailing = db.session.get(Mailing, mailing_id)
        assert (mailing.recipient_count, mailing.writing_until) == (25, None)
        assert mailing.sent_at is not None


def _write_job_statements(app, world) -> int:
    mailing_id = _unwritten_mailing(app, world)
    with app.app_context(), QueryCounter(app.extensions["kaari_engine"]) as counter:
        write_mailing(world.a.tenant_id, mailing_id)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(func.count()).where(OutboxMessage.mailing_id == mailing_id)
        assert db.session.scalar(query) == db.session.scalar(
            select(func.count(Person.id)).where(Person.role == "mentor")
        )
    return counter.count


def test_the_write_job_runs_as_many_statements_for_300_people_as_for_30(
    app, world, queued_elsewhere
):
    _add_mentors(app, world, 30)
    few = _write_job_statements(app, world)
    _add_mentors(app, world, 270, start=30)
    many = _write_job_statements(app, world)
    assert many == few


def test_the_write_job_runs_one_more_batch_per_thousand(app, world, queued_elsewhere, monkeypatch):
    monkeypatch.setattr(writing, "BATCH", 10)
    _add_mentors(app, world, 10)
    one_batch = _write_job_statements(app, world)
    _add_mentors(app, world, 20, start=10)
    three_batches = _write_job_statements(app, world)
    assert 0 < three_batches - one_batch <= 2 * 4  # a read, an insert, a lease, a commit


def _request_statements(app, client, data: dict) -> int:
    with QueryCounter(app.extensions["kaari_engine"]) as counter:
        response = client.submit("/alpha/staff/mailings/new", data)
    assert response.status_code in (200, 302)
    return counter.count


def test_previewing_and_sending_do_not_grow_with_the_audience(app, client, world, queued_elsewhere):
    client.login(world.a.coordinator.email, tenant="alpha")
    counts = []
    for start, count in ((0, 5), (5, 95)):
        _add_mentors(app, world, count, start=start)
        preview = _request_statements(app, client, {**FORM, "preview": "1"})
        page = client.submit("/alpha/staff/mailings/new", {**FORM, "preview": "1"})
        confirmed = CONFIRMED.search(page.get_data(as_text=True)).group(1)
        send = _request_statements(app, client, {**FORM, "confirmed": confirmed, "send": "1"})
        counts.append((preview, send))
    assert counts[0] == counts[1]
