"""Personal links are never stored (issue 18, finding 1): a coordinator who downloads a
participant's subject-access export, or reads the outbox, finds no link that opens
anything; the database holds no usable token; the delivered mail's link works.
And the public cannot make the platform's mail carry their links (finding 13)."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from kaari.accounts.models import User
from kaari.core import db
from kaari.core.scoping import cross_tenant, tenant_scope
from kaari.mail.models import OutboxMessage, PlatformOutboxMessage
from kaari.mail.services import render
from kaari.mail.views import linkify
from kaari.participants.models import DataRequest, Person
from kaari.programme.surveys.models import Survey
from kaari.tenancy.models import Tenant
from tests.helpers import (
    Client,
    make_group_pair,
    make_person,
    read_outbox,
    send_mailing,
    text_body,
)

URL = re.compile(r"https?://[^\s\"'<>\\]+")
# A link's last path segment when it is a token (random or signed).
TOKEN = re.compile(r"/([A-Za-z0-9_\-.]{20,})(?:\?|$)")


def _tokens(text: str) -> set[str]:
    return {m.group(1) for url in URL.findall(text) for m in [TOKEN.search(url)] if m}


def _links_to(outbox: Path, address: str) -> list[str]:
    return [
        url
        for message in read_outbox(outbox)
        if message["To"] == address
        for url in URL.findall(text_body(message))
        if TOKEN.search(url)
    ]


def _stored_rows(app) -> list[str]:
    """Every stored outbox row of both outboxes, all columns, as text."""
    with app.app_context(), cross_tenant():
        rows = [*db.session.scalars(select(OutboxMessage))]
        rows += db.session.scalars(select(PlatformOutboxMessage))
        return [
            json.dumps(
                [m.subject, m.text_body, m.html_body, m.context, m.headers, m.idempotency_key]
            )
            for m in rows
        ]


@pytest.fixture
def aino(app, world) -> int:
    """Aino (actor) and Mika (mentor), a confirmed pair in tenant A's group, which has
    no survey yet."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        actor = make_person(tenant, "Aino Actor", "aino@example.org", status="in_group")
        mentor = make_person(tenant, "Mika Mentor", "mika@example.org", "mentor", status="in_group")
        with tenant_scope(tenant.id):
            db.session.execute(delete(Survey))
            make_group_pair(world.a.group_id, actor, mentor)
        db.session.commit()
        return actor.id


def _portal_survey_and_copy(app, world, client, aino: int, outbox: Path) -> list[str]:
    """The coordinator mails the group's portal links and survey links; Aino asks in
    her portal for a copy of her data and an admin sends it. Returns Aino's links."""
    client.login(world.a.coordinator.email, tenant="alpha")
    group = f"/alpha/staff/groups/{world.a.group_id}"
    assert client.submit(group + "/portal-links", form_url=group).status_code == 302
    surveys = f"/alpha/staff/surveys/groups/{world.a.group_id}"
    opened = client.submit(surveys + "/open", {"audience": "everyone"}, form_url=surveys)
    assert opened.status_code == 302
    client.logout()
    [portal_link] = _links_to(outbox, "aino@example.org")[:1]
    member = Client(app)
    assert member.submit(portal_link).status_code == 302  # the enter button
    asked = member.submit(
        "/alpha/portal/data/requests", {"kind": "access"}, form_url="/alpha/portal/data"
    )
    assert asked.status_code == 302
    admin = Client(app)
    admin.login(world.a.admin.email, tenant="alpha")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        request_id = db.session.scalar(select(DataRequest.id).where(DataRequest.person_id == aino))
    requests = "/alpha/staff/participants/requests/"
    assert admin.submit(f"{requests}{request_id}/answer", form_url=requests).status_code == 302
    links = _links_to(outbox, "aino@example.org")
    assert len(links) == 3  # portal, survey, data copy
    return links


def test_the_subject_access_export_opens_nothing(app, world, client, aino, outbox):
    delivered = _portal_survey_and_copy(app, world, client, aino, outbox)
    stranger = Client(app)
    for link in delivered[1:]:  # the survey and the copy work from the mail (the portal
        assert stranger.get(link).status_code == 200  # link was used above)

    coordinator = Client(app)
    coordinator.login(world.a.coordinator.email, tenant="alpha")
    export = coordinator.get(f"/alpha/staff/participants/{aino}/subject-access.json?lang=en")
    assert export.status_code == 200
    text = export.get_data(as_text=True)
    mails = export.get_json()["data"]["outbox_messages.person_id"]["rows"]
    assert {m["template"] for m in mails} == {"portal_link", "survey_link", "data_copy"}
    assert all("[personal link]" in m["text_body"] for m in mails)
    assert not _tokens(text) & {TOKEN.search(link).group(1) for link in delivered}
    for url in URL.findall(text):  # whatever address is in it opens nothing personal
        assert Client(app).get(url.replace("http://localhost", "")).status_code in (301, 404)
    page = coordinator.get(f"/alpha/staff/participants/{aino}?lang=en").get_data(as_text=True)
    assert not any(TOKEN.search(link).group(1) in page for link in delivered)


def test_no_stored_outbox_row_holds_a_usable_token(app, world, client, aino, outbox):
    delivered = _portal_survey_and_copy(app, world, client, aino, outbox)
    delivered += _links_to(outbox, "mika@example.org")
    stored = "\n".join(_stored_rows(app))
    tokens = {TOKEN.search(link).group(1) for link in delivered}
    assert len(tokens) == 5
    assert not any(token in stored for token in tokens)
    assert not _tokens(stored)  # no token-like link at all
    assert "[[link:link]]" in stored


def test_other_purposes_leave_no_token_behind_either(app, world, client, aino, outbox):
    """Re-confirmation, meeting invitations, a mailing's unsubscribe link (in the body
    and the List-Unsubscribe header) and the join form's registration link."""
    from datetime import timedelta

    from kaari.core.db import utcnow
    from kaari.programme.groups.models import Meeting

    with app.app_context(), tenant_scope(world.a.tenant_id):
        meeting = db.session.get(Meeting, world.a.meeting_id)
        meeting.starts_at = utcnow() + timedelta(days=10)
        meeting.ends_at = meeting.starts_at + timedelta(hours=2)
        db.session.commit()
    client.login(world.a.coordinator.email, tenant="alpha")
    person = f"/alpha/staff/participants/{world.a.person_id}"
    assert client.submit(f"{person}/reconfirm", form_url=person).status_code == 302
    meeting = f"/alpha/staff/groups/{world.a.group_id}/meetings/{world.a.meeting_id}"
    assert client.submit(meeting + "/invite", form_url=meeting).status_code == 302
    mailing = {"audience": "staff", "options_staff": ["partner"], "subject_fi": "Hei",
               "body_fi": "Tervetuloa."}  # fmt: skip
    assert send_mailing(client, mailing).status_code == 302
    client.logout()
    joined = Client(app).submit("/alpha/join", {**JOIN, "name": "Anna Applicant"})
    assert joined.status_code == 302

    delivered = [url for m in read_outbox(outbox) for url in URL.findall(text_body(m))]
    delivered = [url for url in delivered if TOKEN.search(url)]
    headers = [m["List-Unsubscribe"] for m in read_outbox(outbox) if m["List-Unsubscribe"]]
    paths = {re.sub(r"/[^/?]{20,}.*", "", url.replace("http://localhost", "")) for url in delivered}
    assert paths == {"/alpha/interest", "/alpha/meeting", "/alpha/unsubscribe", "/alpha/register"}
    assert headers and all(TOKEN.search(h.strip("<>")) for h in headers)
    for url in delivered:
        assert Client(app).get(url).status_code == 200
    stored = "\n".join(_stored_rows(app))
    assert not any(TOKEN.search(url).group(1) in stored for url in delivered)
    assert not _tokens(stored)


def test_staff_invitations_and_password_resets_are_stored_without_their_link(
    app, world, client, outbox
):
    client.login(world.a.admin.email, tenant="alpha")
    members = "/alpha/staff/members/"
    invited = client.submit(members, {"email": "new@example.org", "role": "coordinator"})
    assert invited.status_code == 302
    reset = Client(app).submit("/password/forgot", {"email": world.a.coordinator.email})
    assert reset.status_code == 302
    [invitation] = _links_to(outbox, "new@example.org")
    [reset_link] = _links_to(outbox, world.a.coordinator.email)
    assert Client(app).get(invitation).status_code == 200
    assert Client(app).get(reset_link).status_code == 200
    stored = "\n".join(_stored_rows(app))
    for link in (invitation, reset_link):
        assert TOKEN.search(link).group(1) not in stored
    assert not _tokens(stored)


def test_a_retry_mints_a_fresh_working_link(app, world, aino, outbox):
    from kaari.mail.jobs import deliver_messages
    from kaari.participants.portal_access import send_link

    with app.test_request_context(), tenant_scope(world.a.tenant_id):
        send_link(db.session.get(Person, aino), tenant=db.session.get(Tenant, world.a.tenant_id))
        db.session.commit()
        message = db.session.scalar(
            select(OutboxMessage).where(OutboxMessage.template == "portal_link")
        )
        message.status = "queued"  # as if the receipt had been lost
        db.session.commit()
        deliver_messages(world.a.tenant_id, [message.id])
    first, second = _links_to(outbox, "aino@example.org")
    assert first != second
    for link in (first, second):
        assert Client(app).submit(link).status_code == 302


# Finding 13: the join form as a spam relay

JOIN = {
    "role": "actor",
    "email": "someone@example.org",
    "municipality": "Vantaa",
    "question": "",
    "language": "en",
    "consent": "y",
}


@pytest.mark.parametrize(
    "name",
    [
        "Win a prize: claim at https://evil.example/claim",
        "Visit www.evil.example",
        "evil.example/claim",
        "Prize at evil.com",
    ],
)
def test_the_join_form_refuses_a_web_address_in_the_name(app, world, client, outbox, name):
    response = client.submit("/alpha/join?lang=en", {**JOIN, "name": name})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please write this without a web address." in page
    assert 'value="' + name.replace("&", "&amp;") in page  # what was typed is kept
    assert read_outbox(outbox) == []


def test_an_ordinary_name_still_joins(app, world, client, outbox):
    response = client.submit("/alpha/join", {**JOIN, "name": "Anna-Liisa O. Brien"})
    assert response.status_code == 302
    [reply] = read_outbox(outbox)
    assert "Anna-Liisa O. Brien" in text_body(reply)


def test_the_registration_form_refuses_a_web_address_in_a_short_answer(client, world, outbox):
    """The workplace is repeated in the pair's introduction mail."""
    assert client.submit("/alpha/join", {**JOIN, "role": "mentor", "name": "Mo"}).status_code == 302
    [link] = _links_to(outbox, "someone@example.org")
    page = client.get(link).get_data(as_text=True)
    assert "workplace" in page
    answers = {"workplace": "Deals at http://evil.example/x", "submit": "1"}
    response = client.submit(link.replace("http://localhost", ""), answers)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please write this without a web address." in page
    assert "Deals at http://evil.example/x" in page  # what was typed is kept


def test_text_from_the_public_never_becomes_a_link(app, world):
    """Whatever got into a name (typed before this check, or by staff) is escaped in
    the HTML part, never an anchor; the tenant's own text is linked, without the
    full stop after it."""
    from kaari.mail.links import Trusted

    with app.test_request_context(), tenant_scope(world.a.tenant_id):
        tenant = db.session.get(Tenant, world.a.tenant_id)
        rendered = render(
            "refer_onward",
            language="en",
            tenant=tenant,
            context={
                "name": "Win at https://evil.example/claim",
                "services": Trusted("Our course: https://alpha.example.org/training."),
            },
        )
    assert "https://evil.example/claim" in rendered.text
    assert 'href="https://evil.example' not in rendered.html
    assert "Win at https://evil.example/claim" in rendered.html
    assert '<a href="https://alpha.example.org/training">' in rendered.html


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("See https://x.example/training.", "https://x.example/training"),
        ("(https://x.example/a)!", "https://x.example/a"),
        ("https://x.example/a?b=1, then", "https://x.example/a?b=1"),
        ("Go: https://x.example/path;", "https://x.example/path"),
    ],
)
def test_linkify_leaves_the_sentence_punctuation_out(text, href):
    assert f'<a href="{href}">{href}</a>' in linkify(text)


# The migration: rows stored before this change


def _migration():
    path = Path(__file__).parents[2] / "migrations" / "versions" / "0031_personal_links.py"
    spec = importlib.util.spec_from_file_location("migration_0031_personal_links", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_redacts_old_rows_and_keeps_queued_ones_deliverable(app, world, aino, outbox):
    from kaari.accounts.services import reset_token
    from kaari.mail.jobs import deliver_messages
    from kaari.participants.portal_access import issue

    old_link = "http://localhost/alpha/portal/enter/{}?lang=fi"
    with app.test_request_context(), tenant_scope(world.a.tenant_id):
        person = db.session.get(Person, aino)
        rows = []
        for status in ("sent", "queued"):
            url = old_link.format(issue(person, days=30))
            rows.append(
                OutboxMessage(
                    recipient=person.email,
                    language="fi",
                    subject="Portaali",
                    text_body=f"Hei!\n\n{url}\n",
                    html_body=f'<p>Hei!</p><p><a href="{url}">{url}</a></p>',
                    template="portal_link",
                    context={"name": person.name, "link": url, "days": 30},
                    headers={},
                    person_id=person.id,
                    status=status,
                )
            )
        coordinator = db.session.get(User, world.a.coordinator.user_id)
        reset = "http://localhost/password/reset/" + reset_token(coordinator)
        platform_row = PlatformOutboxMessage(
            recipient=coordinator.email,
            language="fi",
            subject="Salasana",
            text_body=f"{reset}\n",
            html_body=f'<a href="{reset}">{reset}</a>',
            template="password_reset",
            context={"link": reset, "hours": 1},
            headers={},
            idempotency_key=f"password-reset-{reset.rsplit('/', 1)[1]}",
            status="sent",
        )
        db.session.add_all([*rows, platform_row])
        db.session.commit()
        old_tokens = [r.context["link"] for r in rows] + [reset]

        changed = _migration().redact_outboxes(db.session.connection())
        db.session.commit()
        db.session.expire_all()  # the session keeps objects across commits
        assert changed == 3
        stored = "\n".join(_stored_rows(app))
        assert not any(TOKEN.search(url).group(1) in stored for url in old_tokens)
        queued = db.session.get(OutboxMessage, rows[1].id)
        assert queued.context["link"] == "[[link:link]]"
        assert queued.context["_links"]["link"] == {
            "purpose": "portal",
            "params": {"person_id": aino, "days": 30},
        }
        assert "[[link:link]]" in queued.html_body and "<a " not in queued.html_body
        reset_row = db.session.get(PlatformOutboxMessage, platform_row.id)
        assert reset_row.context["_links"]["link"]["purpose"] == "password_reset"
        deliver_messages(world.a.tenant_id, [queued.id])
    [link] = _links_to(outbox, "aino@example.org")
    assert Client(app).submit(link).status_code == 302
