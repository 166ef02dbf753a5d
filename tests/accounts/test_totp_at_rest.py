"""TOTP secrets at rest (issue 18, finding 10): encrypted with TOTP_ENCRYPTION_KEY.

The users table has no row-level security (a user may belong to several tenants), so
whoever reads the database or a backup read every staff member's TOTP secret as text.
Now the column holds only values encrypted with a key that lives in the environment.
"""

from __future__ import annotations

import logging
import os
import re

import pyotp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import create_engine, make_url, text

from kaari.core import migrate
from kaari.core.config import ConfigError, check_config, load_config
from kaari.core.encryption import decrypt
from kaari.ops.checks import ERROR, run_checks
from tests.accounts.test_two_factor import _next_code, _set_up
from tests.helpers import PASSWORD

BASE32_SECRET = re.compile(r"^[A-Z2-7]{16,}$")
PLAIN = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def _stored(owner_engine, user_id: int) -> str:
    with owner_engine.connect() as connection:
        return connection.execute(
            text("SELECT totp_secret FROM users WHERE id = :id"), {"id": user_id}
        ).scalar()


def test_the_column_holds_no_secret_and_signing_in_with_a_code_still_works(
    app, client, world, owner_engine
):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    stored = _stored(owner_engine, world.a.coordinator.user_id)
    assert totp.secret not in stored and not BASE32_SECRET.match(stored)
    assert decrypt(stored, app.config["TOTP_ENCRYPTION_KEY"]) == totp.secret

    client.submit("/alpha/login", {"email": email, "password": PASSWORD})
    assert client.submit("/alpha/login/code", {"code": _next_code(totp)}).status_code == 302
    assert client.get("/alpha/staff/").status_code == 200


def test_a_wrong_key_fails_clearly_and_lets_nobody_in(
    app, client, world, database_urls, monkeypatch, caplog
):
    email = world.a.coordinator.email
    totp, _codes = _set_up(client, email)
    wrong = Fernet.generate_key().decode()
    monkeypatch.setitem(app.config, "TOTP_ENCRYPTION_KEY", wrong)

    client.submit("/alpha/login", {"email": email, "password": PASSWORD})
    with caplog.at_level(logging.ERROR):
        response = client.submit("/alpha/login/code", {"code": _next_code(totp)})
    assert response.status_code == 500
    assert "Traceback" not in response.get_data(as_text=True)
    assert "cannot be decrypted with TOTP_ENCRYPTION_KEY" in caplog.text
    assert client.get("/alpha/staff/").status_code == 302

    # `kaari check` names it before a start.
    findings = run_checks(
        load_config({"DATABASE_URL": database_urls[0], "TOTP_ENCRYPTION_KEY": wrong})
    )
    [finding] = [f for f in findings if f.setting == "TOTP_ENCRYPTION_KEY"]
    assert finding.level == ERROR
    assert finding.message.startswith("cannot decrypt 1 of 1 stored two-factor secrets")


def test_production_refuses_to_start_without_a_key_and_with_a_malformed_one():
    env = {
        "KAARI_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "DATABASE_URL": "postgresql+psycopg://kaari@127.0.0.1/kaari",
    }
    with pytest.raises(ConfigError, match="TOTP_ENCRYPTION_KEY must be set in production"):
        check_config(load_config(env))
    with pytest.raises(ConfigError, match="TOTP_ENCRYPTION_KEY is not a Fernet key"):
        check_config(load_config({**env, "TOTP_ENCRYPTION_KEY": "REPLACE-ME"}))
    check_config(load_config({**env, "TOTP_ENCRYPTION_KEY": Fernet.generate_key().decode()}))


def _a_user_at_0027(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, name, password_hash, language, active,"
                " created_at, totp_secret, totp_enabled_at, totp_last_step)"
                " VALUES (4, 'old@example.org', '', '', 'fi', :active, '2026-01-01 00:00:00',"
                " :secret, '2026-01-01 00:00:00', 0)"
            ),
            {"secret": PLAIN, "active": True},
        )
    engine.dispose()


def _secret_in(url: str) -> str:
    engine = create_engine(url)
    with engine.connect() as connection:
        value = connection.execute(text("SELECT totp_secret FROM users WHERE id = 4")).scalar()
    engine.dispose()
    return value


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    """A database with no schema yet: a SQLite file, or a throw-away PostgreSQL database
    beside the suite's own (when TEST_DATABASE_URL is set)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'lived.sqlite'}"
        return
    admin_url = os.environ.get("TEST_DATABASE_URL")
    if not admin_url:
        pytest.skip("needs PostgreSQL (set TEST_DATABASE_URL)")
    name = f"{os.environ.get('TEST_DATABASE_NAME', 'kaari_test')}_totp"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


def test_the_migration_encrypts_existing_secrets_with_the_key_it_is_given(
    empty_database, monkeypatch
):
    url = empty_database
    migrate.upgrade(url, "0027")
    _a_user_at_0027(url)
    key = Fernet.generate_key().decode()

    # Production without the key: refused, nothing changed.
    monkeypatch.setenv("KAARI_ENV", "production")
    monkeypatch.delenv("TOTP_ENCRYPTION_KEY", raising=False)
    with pytest.raises(ConfigError, match="TOTP_ENCRYPTION_KEY is not set"):
        migrate.upgrade(url)
    assert _secret_in(url) == PLAIN

    monkeypatch.setenv("TOTP_ENCRYPTION_KEY", key)
    migrate.upgrade(url)
    sealed = _secret_in(url)
    assert sealed != PLAIN and decrypt(sealed, key) == PLAIN
    # The same code as before the migration: the user's app keeps working.
    assert pyotp.TOTP(decrypt(sealed, key)).now() == pyotp.TOTP(PLAIN).now()

    migrate.downgrade(url, "0027")
    assert _secret_in(url) == PLAIN
