"""Portal sessions live on the server (issue 18, findings 6 and 7).

An emailed link opens the portal once, on one device; a forwarded copy gets no
access. Signing out ends every device's session; staff, a withdrawal and erasure
end the sessions and the links. Asking for a link does the same work in the request
for any address: the lookup and the mail happen in a job.
"""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person, PortalSession
from kaari.tenancy.models import Tenant
from tests.helpers import Client, first_link, make_person, read_outbox, text_body
from tests.isolation_routes import portal_link
from tests.mail.smtp_sink import free_port

PORTAL, TO_LINK_PAGE = "/alpha/portal/", "/alpha/portal/link"
FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"


@pytest.fixture
def aino(app, world) -> int:
    """Aino, an actor in a group of tenant A: someone with a portal."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        person = make_person(tenant, "Aino Actor", "aino@example.org", status="in_group")
        db.session.commit()
        return person.id


def _signed_in(app, world, person_id: int, **headers) -> Client:
    """A device of the person's, in their portal through a fresh link."""
    device = Client(app)
    entered = device.submit(portal_link(app, world.a.tenant_id, person_id), headers=headers)
    assert entered.status_code == 302 and entered.location.endswith(PORTAL)
    assert device.get(PORTAL).status_code == 200
    return device


def _is_out(device: Client) -> bool:
    response = device.get(PORTAL)
    return response.status_code == 302 and response.location.endswith(TO_LINK_PAGE)


def _audited(app, world, action: str) -> list[TenantAuditEvent]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(TenantAuditEvent).where(TenantAuditEvent.action == action)
        return list(db.session.scalars(query))


def test_a_forwarded_link_used_a_second_time_gives_no_access(app, world, aino, outbox):
    link = portal_link(app, world.a.tenant_id, aino) + "?lang=en"
    scanner = Client(app)  # a mail filter opens every link it sees: that uses up nothing
    page = scanner.get(link)
    assert page.status_code == 200 and "Enter my portal" in page.get_data(as_text=True)
    assert _is_out(scanner)
    owner = Client(app)
    assert owner.submit(link).status_code == 302
    assert owner.get(PORTAL).status_code == 200

    forwarded = Client(app)  # the mail went on to someone else
    used = forwarded.get(link)
    assert used.status_code == 410
    assert "This link has been used or has expired." in used.get_data(as_text=True)
    # Posting the enter button as the first page had it gets no further.
    entered = forwarded.post(link, data={**forwarded.hidden_fields(link), "action": "enter"})
    assert entered.status_code == 410 and _is_out(forwarded)

    # What it offers is a fresh link to the address on file, not to the one who asked.
    sent = forwarded.submit(link, {"action": "renew"})
    assert sent.status_code == 200 and "Look at your email" in sent.get_data(as_text=True)
    (mail,) = read_outbox(outbox)
    assert mail["To"] == "aino@example.org" and "/portal/enter/" in text_body(mail)
    assert _is_out(forwarded)
    assert owner.get(PORTAL).status_code == 200  # the owner's session goes on


def test_signing_out_on_one_device_ends_the_session_on_the_other(app, world, aino):
    phone, laptop = _signed_in(app, world, aino), _signed_in(app, world, aino)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        other = make_person(tenant, "Olli Other", "olli@example.org", status="in_group")
        db.session.commit()
        other_id = other.id
    someone_else = _signed_in(app, world, other_id)

    left = phone.submit("/alpha/portal/sign-out?lang=en", form_url=PORTAL + "?lang=en")
    assert left.status_code == 302
    landing = phone.get(left.location + "?lang=en").get_data(as_text=True)
    assert "You have left your portal on every device." in landing
    assert _is_out(phone) and _is_out(laptop)
    assert someone_else.get(PORTAL).status_code == 200
    (ended,) = _audited(app, world, "portal.ended")
    assert (ended.object_id, ended.details["why"], ended.details["sessions"]) == (
        str(aino),
        "signed_out",
        2,
    )


def test_staff_end_the_portal_sessions_and_links_from_the_person_page(app, client, world, aino):
    phone = _signed_in(app, world, aino, **{"User-Agent": FIREFOX_ANDROID})
    unused = portal_link(app, world.a.tenant_id, aino)
    page = f"/alpha/staff/participants/{aino}"

    intruder = Client(app)  # another organisation's admin cannot, with the same id
    intruder.login(world.b.admin.email, tenant="beta")
    foreign = f"/beta/staff/participants/{aino}/portal/end"
    assert intruder.submit(foreign, form_url="/beta/staff/participants/").status_code == 404
    assert phone.get(PORTAL).status_code == 200

    client.login(world.a.coordinator.email, tenant="alpha")
    shown = client.get(page + "?lang=en").get_data(as_text=True)
    assert "The person is signed in to the portal on 1 device." in shown
    assert "Firefox, Android" in shown and FIREFOX_ANDROID not in shown
    ended = client.submit(page + "/portal/end?lang=en", form_url=page)
    assert ended.status_code == 302
    after = client.get(ended.location.split("#")[0] + "?lang=en").get_data(as_text=True)
    assert "1 portal session has ended, and the person&#39;s links no longer work." in after
    assert "The person is signed in to the portal on 0 devices." in after

    assert _is_out(phone)
    assert Client(app).get(unused).status_code == 410  # the link sent earlier is spent too
    (audit,) = _audited(app, world, "portal.ended")
    assert audit.actor_id == world.a.coordinator.user_id
    assert (audit.details["why"], audit.details["sessions"], audit.details["links"]) == (
        "staff",
        1,
        1,
    )


def test_withdrawing_a_person_ends_their_portal(app, client, world, aino):
    phone = _signed_in(app, world, aino)
    unused = portal_link(app, world.a.tenant_id, aino)
    client.login(world.a.coordinator.email, tenant="alpha")
    page = f"/alpha/staff/participants/{aino}"
    changed = client.submit(page + "/status", {"status": "withdrawn", "reason": "Moved"},
                            form_url=page)  # fmt: skip
    assert changed.status_code == 302
    assert _is_out(phone)
    assert Client(app).get(unused).status_code == 410


def test_erasing_a_person_ends_their_portal(app, client, world, aino):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Person, aino).status = "completed"  # erased without a status change
        db.session.commit()
    phone = _signed_in(app, world, aino)
    client.login(world.a.coordinator.email, tenant="alpha")
    erase = f"/alpha/staff/participants/{aino}/erase"
    assert client.submit(erase, {"confirm": "y"}).status_code == 302
    assert _is_out(phone)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(PortalSession).where(PortalSession.person_id == aino)
        assert db.session.scalars(query).all() == []


class Statements:
    """The SQL an engine runs while the block is open, without the values."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def _note(self, _connection, _cursor, statement, *_args):
        self.seen.append(statement)

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._note)
        return self

    def __exit__(self, *_exc):
        event.remove(self.engine, "before_cursor_execute", self._note)


def test_asking_for_a_link_does_the_same_work_for_known_and_unknown_addresses(
    app, world, aino, outbox, monkeypatch
):
    """The request queues a job and answers: with the queue out of reach (a Redis
    that refuses), what is left is the request's own work, the same for both."""
    visitor = Client(app)
    url = "/alpha/portal/link?lang=en"
    with monkeypatch.context() as patch:
        patch.setitem(app.config, "JOBS_INLINE", False)
        patch.setitem(app.config, "REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
        patch.delitem(app.extensions, "kaari_redis", raising=False)
        work = {}
        for address in ("aino@example.org", "nobody@example.org"):
            fields = visitor.hidden_fields(url)
            with Statements(app.extensions["kaari_engine"]) as statements:
                answer = visitor.post(url, data={**fields, "email": address})
            assert "Look at your email" in answer.get_data(as_text=True)
            work[address] = statements.seen
        app.extensions.pop("kaari_redis", None)
    assert work["aino@example.org"] == work["nobody@example.org"]
    assert not any("people" in sql for sql in work["aino@example.org"])
    assert read_outbox(outbox) == []  # nothing was done in the request

    # With the queue working (inline here), the job mails the known address only.
    for address in ("aino@example.org", "nobody@example.org"):
        assert visitor.submit(url, {"email": address}).status_code == 200
    (mail,) = read_outbox(outbox)
    assert mail["To"] == "aino@example.org"
    fresh = Client(app)
    assert fresh.submit(first_link(mail)).status_code == 302
    assert fresh.get(PORTAL).status_code == 200
