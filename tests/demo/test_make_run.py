"""The demo of `make run`: its networks are public, and each partner login sees the
figures of a demo partner that referred people at several stages."""

from __future__ import annotations

import re

from kaari.demo import DEMO_PASSWORD
from kaari.tenancy import services as tenancy
from tests.helpers import Client


def test_the_demo_networks_are_published_and_their_partners_see_referrals(app, load_demo_networks):
    load_demo_networks("tampere-nuoret")
    with app.app_context():
        assert [t.slug for t in tenancy.public_tenants()] == ["tampere-nuoret"]

    partner = Client(app)
    partner.login("partneri@tampere-nuoret.example.org", DEMO_PASSWORD, tenant="tampere-nuoret")
    html = partner.get("/tampere-nuoret/staff/partners/referrals?lang=en").get_data(as_text=True)
    assert "/tampere-nuoret/join?ref=" in html
    stages = dict(re.findall(r"<tr><td>([A-Z][^<]+)</td><td>(\d+)</td></tr>", html))
    assert len([count for count in stages.values() if count != "0"]) >= 5, stages


def test_the_demo_coordinators_home_lists_real_to_dos_that_lead_somewhere(app, load_demo_networks):
    load_demo_networks("tampere-nuoret")
    for login in ("koordinaattori", "vetaja", "partneri"):
        client = Client(app)
        client.login(f"{login}@tampere-nuoret.example.org", DEMO_PASSWORD, tenant="tampere-nuoret")
        html = client.get("/tampere-nuoret/staff/?lang=en").get_data(as_text=True)
        to_dos = re.findall(r'<li><a href="(/tampere-nuoret/[^"]+)">([^<]+)</a>', html)
        assert to_dos, login
        for url, text in to_dos:
            assert client.get(url.replace("&amp;", "&")).status_code == 200, (login, text)
        if login == "koordinaattori":
            texts = " ".join(text for _url, text in to_dos)
            assert "new contacts have not been sent the registration form" in texts
            assert "TAM1:" in texts
