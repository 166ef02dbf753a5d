"""Bad input gets the right status and a message in the user's language, never a trace."""

from __future__ import annotations

import pytest
from flask_babel import force_locale, gettext

from tests.helpers import PASSWORD


def _translated(app, language: str, text: str) -> str:
    with app.test_request_context(), force_locale(language):
        translated = gettext(text)
    if language != "en":
        assert translated != text, f"{text!r} has no {language} translation"
    return translated


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_an_unknown_tenant_is_a_translated_404(app, client, language):
    response = client.get(f"/no-such-network/?lang={language}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert _translated(app, language, "Page not found") in html
    assert f'<html lang="{language}">' in html


def test_the_browser_language_is_used_without_a_choice(app, client):
    response = client.get("/no-such-network/", headers={"Accept-Language": "sv-FI,sv;q=0.9"})
    assert _translated(app, "sv", "Page not found") in response.get_data(as_text=True)


@pytest.mark.parametrize("bad", ["abc", "1.5", "-1", "99999999999999999999999"])
def test_malformed_ids_are_404(client, world, bad):
    client.login(world.a.admin.email, tenant="alpha")
    token = client.csrf_token("/alpha/staff/members/")
    response = client.post(f"/alpha/staff/members/{bad}/role", data={"csrf_token": token})
    assert response.status_code == 404


def test_an_oversized_post_is_413_with_a_message(app, client, world):
    response = client.post("/login", data={"email": "x" * (3 * 1024 * 1024), "password": "y"})
    assert response.status_code == 413
    assert _translated(app, "fi", "Too much data") in response.get_data(as_text=True)


def test_a_post_without_csrf_token_is_refused_with_an_explanation(app, client, world):
    response = client.post("/login", data={"email": world.a.admin.email, "password": PASSWORD})
    assert response.status_code == 400
    assert _translated(app, "fi", "The form expired") in response.get_data(as_text=True)
    assert client.get("/alpha/staff/").status_code == 302


def test_a_wrong_method_is_405(client, world):
    client.login(world.a.admin.email, tenant="alpha")
    assert client.get("/alpha/staff/members/1/role").status_code == 405


def test_an_unexpected_error_shows_a_page_without_a_trace(app, client, world, monkeypatch):
    from kaari.tenancy import services

    def explode():
        raise RuntimeError("secret internals")

    monkeypatch.setattr(services, "list_target_groups", explode)
    app.testing, app.config["PROPAGATE_EXCEPTIONS"] = False, False
    try:
        response = client.get("/alpha/")
    finally:
        app.testing, app.config["PROPAGATE_EXCEPTIONS"] = True, None
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "secret internals" not in html and "Traceback" not in html
    assert _translated(app, "fi", "Something went wrong") in html


def test_script_in_a_query_string_is_rendered_inert(client):
    response = client.get('/?lang="><script>alert(1)</script>')
    assert "<script>alert(1)</script>" not in response.get_data(as_text=True)


def test_pages_carry_security_headers(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_nul_characters_are_dropped_from_forms_and_queries(app, client, world):
    """PostgreSQL cannot store NUL; a fuzzed form once turned one into a 500."""
    from sqlalchemy import select

    from kaari.core import db
    from kaari.core.scoping import tenant_scope
    from kaari.participants.models import Note

    client.login(world.a.coordinator.email, tenant="alpha")
    person = f"/alpha/staff/participants/{world.a.person_id}"
    response = client.submit(person + "/notes", {"kind": "note", "text": "Soitti\x00 tänään"},
                             form_url=person)  # fmt: skip
    assert response.status_code == 302
    assert client.get("/alpha/staff/participants/?q=Per%00son").status_code == 200
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalars(select(Note.text)).all() == ["Soitti tänään"]
