"""Mail as recipients read it, taken from a real SMTP server: the HTML part keeps single
line breaks, a tenant's mail comes from the tenant by name, the bulk footer says plainly
how to unsubscribe, and the unsubscribe page opens in the recipient's language."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import update

from kaari.accounts.models import User
from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.helpers import Client, send_mailing, text_body

BODY = "Hei kaikki,\r\n\r\nTapaamme torstaina klo 17.\r\nPaikka: <kirjasto> & kahvila\r\n\r\nTerveisin\r\nKaisa"
FORM = {
    "audience": "staff",
    "options_staff": ["partner"],
    "subject_fi": "Syksyn tapaaminen",
    "body_fi": BODY,
    "subject_sv": "Höstens träff",
    "body_sv": "Hej alla,\r\n\r\nVälkomna!\r\nHälsningar\r\nKaisa",
    "subject_en": "Autumn meeting",
    "body_en": "Hello all,\r\n\r\nWelcome!\r\nBest wishes\r\nKaisa",
}


@pytest.fixture
def mailed(app, client, world, smtp, monkeypatch):
    """Send FORM's mailing to tenant A's partner through a real SMTP server; returns a
    function that sends it in a language and gives back the message as received."""
    monkeypatch.setitem(app.config, "MAIL_URL", smtp.url)
    client.login(world.a.coordinator.email, tenant="alpha")

    def send(language: str = "fi"):
        with app.app_context():
            db.session.execute(
                update(User).where(User.email == world.a.partner.email).values(language=language)
            )
            db.session.commit()
        smtp.sink.messages.clear()
        assert send_mailing(client, FORM).status_code == 302
        [message] = smtp.sink.messages
        return message

    return send


def _html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def test_the_html_part_keeps_single_line_breaks_and_escapes(mailed):
    html = _html(mailed())
    paragraphs = re.findall(r"<p>(.*?)</p>", html, re.S)
    assert paragraphs[0] == "Hei kaikki,"
    assert re.fullmatch(
        r"Tapaamme torstaina klo 17\.<br>\s*Paikka: &lt;kirjasto&gt; &amp; kahvila", paragraphs[1]
    )
    assert re.fullmatch(r"Terveisin<br>\s*Kaisa", paragraphs[2])
    footer = paragraphs[-1]  # the tenant's signature: one item a line
    assert re.fullmatch(r"--<br>\s*Alpha Network<br>\s*coordinator@alpha\.example\.org", footer)


def test_tenant_mail_comes_from_the_tenant_by_name(app, world, mailed):
    sender = mailed()["From"]
    assert sender.addresses[0].display_name == "Alpha Network"
    assert sender.addresses[0].addr_spec == "no-reply@localhost"  # MAIL_FROM's address

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        tenant.name = "Yhdistys Åland, Pohjola ry"
        db.session.commit()
    received = mailed()
    raw = received.as_string()
    assert "Åland" not in raw.split("\n\n", 1)[0]  # the header is encoded, not raw UTF-8
    assert received["From"].addresses[0].display_name == "Yhdistys Åland, Pohjola ry"


def test_platform_mail_still_comes_from_kaari(app, smtp, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_URL", smtp.url)
    client.submit("/password/forgot", {"email": world.a.coordinator.email})
    [message] = smtp.sink.messages
    assert message["From"].addresses[0].display_name == "Kaari"


def test_the_english_footer_says_plainly_how_to_unsubscribe(mailed):
    text = " ".join(text_body(mailed("en")).split())
    assert (
        "You receive this because you take part in mentoring run by Alpha Network. "
        "Unsubscribe from these mailings: http://localhost/alpha/unsubscribe/"
    ) in text
    assert "To stop these messages" not in text


@pytest.mark.parametrize(
    ("language", "title", "done"),
    [
        ("sv", "Avsluta prenumeration", "Prenumerationen har avslutats"),
        ("en", "Stop messages", "Mailings stopped"),
    ],
)
def test_the_unsubscribe_page_opens_in_the_recipients_language(app, mailed, language, title, done):
    link = re.search(r"http://localhost(/alpha/unsubscribe/\S+)", text_body(mailed(language)))[1]
    visitor = Client(app)  # the recipient's browser, which prefers Finnish
    page = visitor.get(link, headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert f'<html lang="{language}">' in page and title in page
    stopped = visitor.post(link, headers={"Accept-Language": "fi"}).get_data(as_text=True)
    assert f'<html lang="{language}">' in stopped and done in stopped
