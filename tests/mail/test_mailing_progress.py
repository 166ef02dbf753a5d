"""A mailing's progress page: counts by state, failures first, recipients a page at a
time (no message bodies), the same statements at five recipients as at sixty."""

from __future__ import annotations

import re

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.mail.models import Mailing, OutboxMessage
from tests.helpers import QueryCounter, pager_link


def _mailing(app, world, recipients: int, start: int = 0, mailing_id: int | None = None) -> int:
    """A sent mailing with `recipients` messages, every seventh failed."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        if mailing_id is None:
            mailing = Mailing(
                subject={"fi": "Kutsu"}, body={"fi": "Teksti"},
                audience={"key": "staff", "options": ["coordinator"]},
            )  # fmt: skip
            db.session.add(mailing)
            db.session.flush()
            mailing_id = mailing.id
        for n in range(start, start + recipients):
            failed = n % 7 == 3
            db.session.add(
                OutboxMessage(
                    mailing_id=mailing_id,
                    recipient=f"r{n:03d}@example.org",
                    language="fi",
                    subject="Kutsu",
                    text_body="SECRET BODY",
                    html_body="<p>SECRET BODY</p>",
                    template="mailing",
                    status="failed" if failed else "sent",
                    last_error="550 mailbox unavailable" if failed else "",
                )
            )
        db.session.commit()
        return mailing_id


def _recipients(html: str) -> list[str]:
    return re.findall(r"<td>(r\d{3}@example.org)</td>", html)


def test_the_progress_page_does_not_grow_statements_with_recipients(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    mailing_id = _mailing(app, world, 5)
    url = f"/alpha/staff/mailings/{mailing_id}?lang=en"
    client.get(url)
    with QueryCounter(app.extensions["kaari_engine"]) as small:
        html = client.get(url).get_data(as_text=True)
    assert len(_recipients(html)) == 5 and "SECRET BODY" not in html
    _mailing(app, world, 55, start=5, mailing_id=mailing_id)
    with QueryCounter(app.extensions["kaari_engine"]) as large:
        html = client.get(url).get_data(as_text=True)
    assert large.count == small.count
    assert len(_recipients(html)) == 50 and "SECRET BODY" not in html


def test_a_coordinator_pages_through_the_recipients_failures_first(app, client, world):
    mailing_id = _mailing(app, world, 120)
    client.login(world.a.coordinator.email, tenant="alpha")
    first = client.get(f"/alpha/staff/mailings/{mailing_id}?lang=en").get_data(as_text=True)
    progress = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", first))
    assert progress["Failed"] == "17" and progress["Sent"] == "103"
    shown = _recipients(first)
    assert len(shown) == 50
    failed = [f"r{n:03d}@example.org" for n in range(120) if n % 7 == 3]
    assert shown[:17] == failed  # what needs a look comes first
    assert "Previous" not in first

    second = client.get(pager_link(first, "Next")).get_data(as_text=True)
    third = client.get(pager_link(second, "Next")).get_data(as_text=True)
    assert len(_recipients(second)) == 50 and len(_recipients(third)) == 20
    assert len(set(shown + _recipients(second) + _recipients(third))) == 120
    assert "Next" not in third.split("</table>")[-1]
    last = client.get(pager_link(first, "Last page")).get_data(as_text=True)
    assert _recipients(last)[-20:] == _recipients(third)  # the last page is a whole one
    back = client.get(pager_link(last, "Previous")).get_data(as_text=True)
    in_order = shown + _recipients(second) + _recipients(third)
    assert _recipients(back) == in_order[20:70]
    assert _recipients(client.get(pager_link(last, "First page")).get_data(as_text=True)) == shown


def test_the_state_tab_keeps_its_state_while_paging(app, client, world):
    mailing_id = _mailing(app, world, 120)
    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(f"/alpha/staff/mailings/{mailing_id}?lang=en").get_data(as_text=True)
    sent = client.get(pager_link(page, r"Sent \(103\)")).get_data(as_text=True)
    assert "r003@example.org" not in sent and len(_recipients(sent)) == 50
    following = pager_link(sent, "Next")
    assert "state=sent" in following
    assert "r003@example.org" not in client.get(following).get_data(as_text=True)


def test_a_position_past_the_state_shows_its_first_page(app, client, world):
    mailing_id = _mailing(app, world, 20)
    client.login(world.a.coordinator.email, tenant="alpha")
    url = f"/alpha/staff/mailings/{mailing_id}?lang=en&state=failed"
    page = client.get(url + "&after=4.1").get_data(as_text=True)
    assert _recipients(page) == ["r003@example.org", "r010@example.org", "r017@example.org"]
    back = client.get(url + "&before=0.1").get_data(as_text=True)
    assert _recipients(back) == _recipients(page)
