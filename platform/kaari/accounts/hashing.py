"""Password hashes: werkzeug's scrypt, unless the app's config names a cheaper method.

Only the test suite does (`PASSWORD_HASH_METHOD`, never read from the environment):
a real scrypt hash costs about a quarter of a second, and every test world signs in
several staff members. One test keeps the real method (tests/accounts/test_login.py).
"""

from __future__ import annotations

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

DEFAULT_METHOD = "scrypt"


def _method() -> str:
    return current_app.config.get("PASSWORD_HASH_METHOD", DEFAULT_METHOD)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=_method())


def verify(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("kaari-dummy-password", method=method)


def verify_nobody(password: str) -> None:
    """Spend the time a real check would, for an unknown address (no timing oracle)."""
    check_password_hash(_dummy_hash(_method()), password)
