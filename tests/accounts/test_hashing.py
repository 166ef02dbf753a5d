"""Stored password hashes: scrypt in production, whatever the test suite saves in time."""

from __future__ import annotations

from kaari import create_app
from kaari.accounts import hashing, services
from tests.helpers import PASSWORD


def test_the_app_hashes_passwords_with_scrypt_unless_told_otherwise(app):
    production_like = create_app({**app.config, "PASSWORD_HASH_METHOD": hashing.DEFAULT_METHOD})
    with production_like.app_context():
        user = services.create_user("hash@example.org", password=PASSWORD)
        assert user.password_hash.startswith("scrypt:")
        assert hashing.verify(user.password_hash, PASSWORD)
        assert not hashing.verify(user.password_hash, PASSWORD + "x")
    default = create_app({k: v for k, v in app.config.items() if k != "PASSWORD_HASH_METHOD"})
    with default.app_context():
        assert hashing.hash_password(PASSWORD).startswith("scrypt:")


def test_the_test_suite_uses_the_cheap_method(app):
    with app.app_context():
        assert hashing.hash_password(PASSWORD).startswith("pbkdf2:sha256:1$")
