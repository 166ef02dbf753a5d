"""A tenant's public pages: landing in its branding and languages, accessibility statement."""

from __future__ import annotations

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.tenancy.models import TargetGroup, Tenant


def _with_target_group(app, world):
    with app.app_context():
        with tenant_scope(world.a.tenant_id):
            db.session.add(
                TargetGroup(
                    key="women",
                    name={"fi": "Naiset", "en": "Women"},
                    description={"fi": "Kuvaus", "en": "Description"},
                )
            )
        db.session.commit()


def test_the_landing_page_speaks_the_chosen_language(app, client, world):
    _with_target_group(app, world)
    finnish = client.get("/alpha/").get_data(as_text=True)
    assert "Alpha Network yhdistää" in finnish and "Naiset" in finnish
    english = client.get("/alpha/?lang=en").get_data(as_text=True)
    assert "Alpha Network connects" in english and "Women" in english


def test_the_language_choice_is_remembered(client, world):
    client.get("/alpha/?lang=sv")
    assert '<html lang="sv">' in client.get("/alpha/accessibility").get_data(as_text=True)


def test_a_missing_translation_falls_back_to_the_tenant_default(app, client, world):
    _with_target_group(app, world)
    swedish = client.get("/alpha/?lang=sv").get_data(as_text=True)
    assert "Naiset" in swedish


def test_only_the_tenants_languages_are_offered(app, client, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        tenant.languages = ["fi", "en"]
        db.session.commit()
    html = client.get("/alpha/?lang=sv").get_data(as_text=True)
    assert '<html lang="fi">' in html
    assert 'hreflang="sv"' not in html


def test_the_brand_colour_reaches_the_page_with_a_readable_text_colour(app, client, world):
    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).brand_colour = "#ffe600"
        db.session.commit()
    css = client.get("/alpha/brand.css").get_data(as_text=True)
    assert "--brand: #ffe600" in css and "--on-brand: #000000" in css


def test_the_accessibility_statement_names_a_feedback_channel(client, world):
    html = client.get("/alpha/accessibility").get_data(as_text=True)
    assert "mailto:coordinator@alpha.example.org" in html
    assert 'id="feedback"' in html


def test_a_closed_tenant_is_not_found(app, client, world):
    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).enabled = False
        db.session.commit()
    assert client.get("/alpha/").status_code == 404
    assert "Alpha Network" not in client.get("/").get_data(as_text=True)


def test_the_logo_is_served_as_an_inert_image(client, world):
    response = client.get("/alpha/logo")
    assert response.mimetype == "image/svg+xml"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
