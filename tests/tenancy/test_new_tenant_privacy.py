"""A new organisation's default privacy notice covers GDPR articles 13 and 14 in
Finnish, Swedish and English, with its own contacts and retention times; its join
form stays closed to the public until the notice names a controller contact
(issue 18)."""

from __future__ import annotations

from html import unescape

import pytest
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.tenancy import services as tenancy
from tests.helpers import Client, first_link, read_outbox
from tests.platform_admin.test_tenants import _platform_admin

DPO = "Data Protection Officer Dana, dpo@gamma.example.org"
# Each element of articles 13 and 14 as the notice words it in each language.
ELEMENTS = {
    "en": {
        "controller": "The controller is Gamma Network.",
        "controller contact": "office@gamma.example.org",
        "data protection contact": DPO,
        "purpose and consent": "Legal basis: your consent (GDPR article 6(1)(a))",
        "legitimate interest": "article 6(1)(f)",
        "legal obligation": "article 6(1)(c)",
        "source of data (art. 14)": "The coordinator adds notes",
        "staff roles": "Group leaders see only the people in the groups they lead.",
        "pair partner": "sees only your first name",
        "group members": "Other members of your group do not see your data",
        "partners only counts": "Partner organisations see only numbers",
        "processor": "data processing agreement",
        "retention after arc": "After your mentoring ends: 17 months.",
        "retention after exit": "If you leave the programme: 29 months after you left.",
        "retention unanswered": "If you contact us but do not register: 1 month after",
        "rights": "to have your data erased",
        "how to use them": 'the page "Your data"',
        "withdraw consent": "withdraw your consent",
        "automated decisions": "a person always decides",
        "complaint": "Data Protection Ombudsman",
    },
    "fi": {
        "controller": "Rekisterinpitäjä: Gamma Network.",
        "controller contact": "office@gamma.example.org",
        "data protection contact": DPO,
        "purpose and consent": "Oikeusperuste: suostumuksesi (tietosuoja-asetuksen 6 artiklan",
        "legitimate interest": "6 artiklan 1 kohdan f alakohta",
        "legal obligation": "6 artiklan 1 kohdan c alakohta",
        "source of data (art. 14)": "Koordinaattori kirjoittaa muistiinpanoja",
        "staff roles": "Ryhmänvetäjät näkevät vain",
        "pair partner": "näkee vain etunimesi",
        "group members": "Ryhmäsi muut jäsenet eivät näe tietojasi",
        "partners only counts": "Yhteistyötahot näkevät vain lukumääriä",
        "processor": "henkilötietojen käsittelysopimuksen",
        "retention after arc": "Kun mentorointisi on päättynyt: 17 kuukautta.",
        "retention after exit": "Jos lopetat kesken: 29 kuukautta lopettamisesta.",
        "retention unanswered": "Jos otat yhteyttä mutta et ilmoittaudu: 1 kuukausi",
        "rights": "saada tietosi poistetuiksi",
        "how to use them": "sivu ”Sinun tietosi”",
        "withdraw consent": "peruuttaa suostumuksesi",
        "automated decisions": "ihminen päättää aina",
        "complaint": "tietosuojavaltuutetulle",
    },
    "sv": {
        "controller": "Personuppgiftsansvarig: Gamma Network.",
        "controller contact": "office@gamma.example.org",
        "data protection contact": DPO,
        "purpose and consent": "Rättslig grund: ditt samtycke (dataskyddsförordningen artikel 6.1 a)",
        "legitimate interest": "artikel 6.1 f",
        "legal obligation": "artikel 6.1 c",
        "source of data (art. 14)": "Koordinatorn skriver anteckningar",
        "staff roles": "Gruppledarna ser bara",
        "pair partner": "ser bara ditt förnamn",
        "group members": "De andra i din grupp ser inte dina uppgifter",
        "partners only counts": "Samarbetspartner ser bara antal",
        "processor": "personuppgiftsbiträdesavtal",
        "retention after arc": "När ditt mentorskap har slutat: 17 månader.",
        "retention after exit": "Om du avbryter: 29 månader efter att du slutade.",
        "retention unanswered": "Om du kontaktar oss men inte anmäler dig: 1 månad",
        "rights": "att få dina uppgifter raderade",
        "how to use them": "sidan ”Dina uppgifter”",
        "withdraw consent": "återkalla ditt samtycke",
        "automated decisions": "en människa bestämmer alltid",
        "complaint": "dataombudsmannen",
    },
}


def _create_gamma(app, client: Client) -> None:
    _platform_admin(app, client)
    response = client.submit(
        "/platform/",
        {
            "name": "Gamma Network",
            "slug": "gamma",
            "default_language": "fi",
            "languages": ["fi", "sv", "en"],
        },
    )
    assert response.status_code == 302


def _first_admin(app, client: Client, outbox) -> Client:
    client.submit("/platform/tenants/gamma", {"email": "boss@gamma.example.org"})
    link = first_link(read_outbox(outbox)[-1])
    client.logout()
    admin = Client(app)
    password = "the first admin's password"
    admin.submit(link, {"name": "Boss", "password": password, "confirm": password})
    return admin


def _people(app) -> int:
    with app.app_context():
        gamma = tenancy.get_by_slug("gamma")
        with tenant_scope(gamma.id):
            return db.session.scalar(select(func.count()).select_from(Person))


JOIN = {
    "role": "mentor",
    "name": "Early Bird",
    "email": "early@example.org",
    "municipality": "Turku",
    "language": "fi",
    "consent": "y",
}


def test_the_join_form_opens_only_once_the_controller_contact_is_given(app, client, outbox):
    _create_gamma(app, client)
    page = unescape(client.get("/platform/tenants/gamma?lang=en").get_data(as_text=True))
    assert "the privacy notice lacks the controller's contact email" in page
    admin = _first_admin(app, client, outbox)

    public = Client(app)
    closed = public.http.get("/gamma/join?lang=en").get_data(as_text=True)
    assert "Registration is not open yet" in closed and 'name="email"' not in closed
    assert "controller" not in closed  # the public is not told the organisation's gaps
    public.http.post("/gamma/join", data=JOIN)
    assert _people(app) == 0

    # Staff see the form, with what is missing; the admin is pointed to the fix.
    home = admin.get("/gamma/staff/?lang=en").get_data(as_text=True)
    assert "The join form is not open to the public yet" in home
    assert "/gamma/staff/controller" in home
    as_staff = unescape(admin.get("/gamma/join?lang=en").get_data(as_text=True))
    assert 'name="email"' in as_staff and "lacks the controller's contact email" in as_staff
    assert admin.submit("/gamma/join", JOIN).status_code == 400
    assert _people(app) == 0

    assert admin.submit("/gamma/staff/controller", {"contact_email": ""}).status_code == 400
    response = admin.submit(
        "/gamma/staff/controller",
        {"contact_email": "office@gamma.example.org", "data_protection_contact": DPO},
    )
    assert response.status_code == 302

    # The notice is whole; the network opens when its admin publishes it.
    assert "Registration is not open yet" in public.get("/gamma/join?lang=en").get_data(
        as_text=True
    )
    from tests.tenancy.test_publication import publish_through_the_pages

    publish_through_the_pages(admin, "gamma")
    assert 'name="email"' in public.get("/gamma/join").get_data(as_text=True)
    assert public.submit("/gamma/join", JOIN).status_code == 302
    assert _people(app) == 1
    assert "The join form is not open" not in admin.get("/gamma/staff/?lang=en").get_data(
        as_text=True
    )


def test_only_an_admin_changes_the_controller_details(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert client.get("/alpha/staff/controller").status_code == 403
    response = client.http.post("/alpha/staff/controller", data={"contact_email": "x@evil.test"})
    assert response.status_code in (400, 403)
    with app.app_context():
        assert tenancy.get_by_slug("alpha").contact_email == "coordinator@alpha.example.org"


@pytest.fixture
def gamma_with_contacts(app, client):
    """A new organisation with its contacts and its own retention times."""
    _create_gamma(app, client)
    with app.app_context():
        gamma = tenancy.get_by_slug("gamma")
        tenancy.set_contact(
            gamma,
            {
                "contact_email": "office@gamma.example.org",
                "contact_address": "Aurakatu 1, Turku",
                "data_protection_contact": DPO,
            },
        )
        tenancy.set_settings(
            gamma,
            {
                "retention_after_arc_months": 17,
                "retention_after_exit_months": 29,
                "retention_unanswered_months": 1,
            },
        )
        db.session.commit()


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_default_notice_covers_articles_13_and_14(app, gamma_with_contacts, language):
    html = unescape(Client(app).http.get(f"/gamma/privacy?lang={language}").get_data(as_text=True))
    missing = [name for name, text in ELEMENTS[language].items() if text not in html]
    assert not missing, missing
