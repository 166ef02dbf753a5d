"""kaari.core.signing: purpose-bound signed values, expiry, tampering and key rotation."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from itsdangerous import TimestampSigner

from kaari.core.signing import Signed, Verdict

KEYS = ["k" * 32]
DAY = Signed("test-day", timedelta(days=1))


def test_a_token_opens_for_its_purpose_only():
    token = DAY.dumps([1, 2], keys=KEYS)
    assert DAY.open(token, keys=KEYS).value == [1, 2]
    assert Signed("other", timedelta(days=1)).open(token, keys=KEYS).verdict is Verdict.INVALID


def test_an_expired_token_differs_from_a_forged_one(monkeypatch):
    now = TimestampSigner.get_timestamp
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: now(self) - 2 * 86400)
    old = DAY.dumps([1, 2], keys=KEYS)
    monkeypatch.undo()
    assert DAY.open(old, keys=KEYS).expired
    assert DAY.fields(old, 2, keys=KEYS) is None
    forged = DAY.dumps([1, 2], keys=KEYS)[:-2] + "xx"
    assert DAY.open(forged, keys=KEYS).verdict is Verdict.INVALID
    assert DAY.open("", keys=KEYS).verdict is Verdict.INVALID


def test_a_token_without_max_age_never_expires(monkeypatch):
    forever = Signed("test-forever")
    assert forever.open(forever.dumps("x", keys=KEYS), keys=KEYS).value == "x"


def test_fields_check_the_shape_and_the_tenant():
    token = DAY.dumps([7, 3], keys=KEYS)
    assert DAY.fields(token, 2, keys=KEYS) == (7, 3)
    assert DAY.fields(token, 3, keys=KEYS) is None
    assert DAY.fields(DAY.dumps("7", keys=KEYS), 1, keys=KEYS) is None
    assert DAY.tenant_fields(token, 3, 1, keys=KEYS) == (7,)
    assert DAY.tenant_fields(token, 4, 1, keys=KEYS) is None


def test_the_app_keys_sign_and_fallbacks_still_verify():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="old" * 11)
    with app.app_context():
        old = DAY.dumps([1])
    app.config.update(SECRET_KEY="new" * 11, SECRET_KEY_FALLBACKS=["old" * 11])
    with app.app_context():
        assert DAY.open(old).valid
        new = DAY.dumps([1])
    assert DAY.open(new, keys=["new" * 11]).valid
    assert not DAY.open(new, keys=["old" * 11]).valid
    app.config.update(SECRET_KEY_FALLBACKS=[])
    with app.app_context():
        assert not DAY.open(old).valid
