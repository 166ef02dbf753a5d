"""Security headers on every page; HSTS and Secure cookies only in production."""

from __future__ import annotations

import pytest

from kaari.accounts.two_factor import REMEMBER_COOKIE
from kaari.core.config import load_config
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


def test_the_old_xss_auditor_is_switched_off_beside_the_strict_csp(client):
    for url in ("/login", "/alpha/login", "/no-such-page"):
        assert client.get(url).headers["X-XSS-Protection"] == "0"


def test_in_production_every_cookie_is_secure_httponly_and_lax(app, client, world, monkeypatch):
    """Walk what sets cookies (language, session, remembered device) with production's
    cookie settings and check every Set-Cookie, the language cookie included."""
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    client.http.delete_cookie("kaari_lang")
    for key, value in load_config({"KAARI_ENV": "production"}).items():
        if key == "ENV_NAME" or key.startswith("SESSION_COOKIE_"):
            monkeypatch.setitem(app.config, key, value)

    responses = [client.get("/alpha/login?lang=sv")]
    token = client.csrf_token("/alpha/login")
    responses.append(
        client.post(
            "/alpha/login", data={"csrf_token": token, "email": email, "password": PASSWORD}
        )
    )
    token = client.csrf_token("/alpha/login/code")
    responses.append(
        client.post(
            "/alpha/login/code",
            data={"csrf_token": token, "code": _next_code(totp), "remember": "y"},
        )
    )
    responses.append(client.get("/alpha/staff/?lang=en"))
    cookies = [h for r in responses for h in r.headers.getlist("Set-Cookie")]
    names = {cookie.split("=", 1)[0] for cookie in cookies}
    assert {"kaari_lang", "kaari_session", REMEMBER_COOKIE} <= names
    for cookie in cookies:
        assert "; Secure" in cookie and "; HttpOnly" in cookie and "; SameSite=Lax" in cookie, (
            cookie
        )
