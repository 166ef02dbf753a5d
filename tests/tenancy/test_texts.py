"""The organisation's own texts: staff write them per language in the staff UI."""

from __future__ import annotations

from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.tenancy.models import Tenant
from kaari.tenancy.services import MAX_TEXT

TEXTS_URL = "/alpha/staff/texts"


def _tenant(app, world) -> Tenant:
    with app.app_context():
        return db.session.get(Tenant, world.a.tenant_id)


def test_a_coordinator_writes_texts_in_each_language(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    page = client.get(TEXTS_URL).get_data(as_text=True)
    assert "Alpha Network yhdistää" in page  # today's texts fill the form
    response = client.submit(
        TEXTS_URL,
        {
            "tagline__fi": "Uusi iskulause",
            "tagline__sv": "",
            "tagline__en": "A new tagline",
            "about__fi": "Tietoa",
            "about__sv": "Om oss",
            "about__en": "About",
            "pair_invitation__fi": "Tervetuloa ryhmään!",
            "pair_invitation__en": "  Welcome to the group!  ",
        },
    )
    assert response.status_code == 302
    tenant = _tenant(app, world)
    assert tenant.texts["tagline"] == {"fi": "Uusi iskulause", "en": "A new tagline"}
    assert tenant.texts["pair_invitation"] == {
        "fi": "Tervetuloa ryhmään!",
        "en": "Welcome to the group!",
    }
    assert tenant.text("tagline", "sv") == "Uusi iskulause"  # the default language fills in
    assert "Uusi iskulause" in client.get("/alpha/?lang=sv").get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        event = db.session.scalar(
            select(TenantAuditEvent).where(TenantAuditEvent.action == "tenant.texts_changed")
        )
        assert sorted(event.details["texts"]) == ["pair_invitation", "tagline"]


def test_a_changed_privacy_notice_gets_a_new_version(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    assert _tenant(app, world).setting("privacy_notice_version") == 1
    client.submit(TEXTS_URL, {"privacy_notice__fi": "Käsittelemme tietojasi näin."})
    assert _tenant(app, world).setting("privacy_notice_version") == 2
    client.submit(TEXTS_URL, {"privacy_notice__fi": "Käsittelemme tietojasi näin."})
    assert _tenant(app, world).setting("privacy_notice_version") == 2  # unchanged: same version


def test_a_text_too_long_is_refused_and_what_was_typed_stays(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    typed = "Meidän verkostomme. " + "x" * MAX_TEXT
    response = client.submit(TEXTS_URL + "?lang=en", {"about__fi": typed, "tagline__en": "Kept"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Field cannot be longer than" in page
    assert typed in page and "Kept" in page
    assert _tenant(app, world).texts["about"]["fi"] == "Tietoa"  # nothing stored


def test_partners_cannot_edit_texts(client, world):
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get(TEXTS_URL).status_code in (403, 404)
