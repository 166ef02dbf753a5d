"""Security headers on every page; HSTS and Secure cookies only in production."""

from __future__ import annotations

import pytest

from kaari.accounts.two_factor import REMEMBER_COOKIE
from tests.accounts.test_two_factor import _next_code, _set_up
from tests.helpers import PASSWORD


@pytest.fixture
def production(app, monkeypatch):
    """The production settings that matter here, as load_config gives them for KAARI_ENV."""
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)


def _set_cookie(response, name: str) -> str:
    [header] = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    return header


def test_every_page_forbids_framing_sniffing_and_inline_scripts(client):
    headers = client.get("/login").headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers


def test_hsts_in_production(client, production):
    response = client.get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_the_session_cookie_is_httponly_and_lax_and_secure_in_production(client, world, production):
    token = client.csrf_token("/login")
    response = client.post(
        "/login", data={"csrf_token": token, "email": world.a.admin.email, "password": PASSWORD}
    )
    cookie = _set_cookie(response, "kaari_session")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie


def test_the_session_cookie_is_not_secure_in_development(client, world):
    token = client.csrf_token("/login")
    response = client.post(
        "/login", data={"csrf_token": token, "email": world.a.admin.email, "password": PASSWORD}
    )
    assert "; Secure" not in _set_cookie(response, "kaari_session")


def test_the_remembered_device_cookie_is_httponly_lax_and_secure_in_production(
    app, client, world, monkeypatch
):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    client.submit("/alpha/login", {"email": email, "password": PASSWORD})
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    token = client.csrf_token("/alpha/login/code")
    response = client.post(
        "/alpha/login/code",
        data={"csrf_token": token, "code": _next_code(totp), "remember": "y"},
    )
    cookie = _set_cookie(response, REMEMBER_COOKIE)
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie
    assert "Max-Age=2592000" in cookie  # 30 days
