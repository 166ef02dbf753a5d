"""TOTP two-factor sign-in (RFC 6238 through pyotp), recovery codes, remembered devices.

Plain functions like services.py: they take the user and the app's keys explicitly
and never commit. The TOTP secret is stored encrypted with `TOTP_ENCRYPTION_KEY`
(kaari.core.encryption); `key` below is that key.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy import delete, select

from kaari.accounts.models import RecoveryCode, User
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.encryption import decrypt, encrypt
from kaari.core.signing import Signed
from kaari.core.tokens import digest

ISSUER = "Kaari"
RECOVERY_CODE_COUNT = 10
REMEMBER_DEVICE = timedelta(days=30)
REMEMBER_COOKIE = "kaari_device"
# A code of the previous or next 30-second step is accepted too (clock drift).
VALID_WINDOW = 1


def setup_secret(user: User, key: str) -> str:
    """The secret being set up; a new one is made the first time the page is opened."""
    if user.totp_secret is None:
        user.totp_secret = encrypt(pyotp.random_base32(), key)
    return decrypt(user.totp_secret, key)


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_svg(uri: str, title: str) -> str:
    """The QR code of the setup link as SVG markup to put in the page (no script, no request)."""
    return segno.make(uri, error="m").svg_inline(scale=5, border=2, title=title)


def _code_step(user: User, code: str, key: str, now: datetime) -> int | None:
    """The time step whose code this is, within the window, or None."""
    totp = pyotp.TOTP(decrypt(user.totp_secret, key))
    current = totp.timecode(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_code(user: User, code: str, key: str, *, now: datetime | None = None) -> bool:
    """Whether the TOTP code is right and not used before; a used code stays used."""
    code = code.strip().replace(" ", "")
    if user.totp_secret is None or not (code.isdigit() and len(code) == 6):
        return False
    step = _code_step(user, code, key, now or utcnow())
    if step is None or step <= user.totp_last_step:
        return False
    user.totp_last_step = step
    return True


def enable(user: User, code: str, key: str, *, now: datetime | None = None) -> list[str] | None:
    """Switch two-factor on if the code from the new secret is right; the recovery codes."""
    if user.two_factor or not accept_code(user, code, key, now=now):
        return None
    user.totp_enabled_at = now or utcnow()
    return new_recovery_codes(user)


def disable(user: User) -> None:
    """Switch two-factor off: secret, recovery codes and remembered devices are gone."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = 0
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def _normalise_recovery(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh one-time codes (earlier ones stop working); shown once, stored hashed."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_digest=digest(_normalise_recovery(code)))
        for code in codes
    )
    return codes


def use_recovery_code(user: User, code: str, *, now: datetime | None = None) -> bool:
    recovery = db.session.scalar(
        select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_digest == digest(_normalise_recovery(code)),
            RecoveryCode.used_at.is_(None),
        )
    )
    if recovery is None:
        return False
    recovery.used_at = now or utcnow()
    return True


def unused_recovery_codes(user: User) -> int:
    return len(
        db.session.scalars(
            select(RecoveryCode.id).where(
                RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
            )
        ).all()
    )


def second_factor(user: User, code: str, key: str, *, now: datetime | None = None) -> bool:
    """A TOTP code or, failing that, an unused recovery code."""
    return user.two_factor and (
        accept_code(user, code, key, now=now) or use_recovery_code(user, code, now=now)
    )


# Remembered devices ---------------------------------------------------------


DEVICE_COOKIE = Signed("remember-device", REMEMBER_DEVICE)


def _fingerprint(user: User) -> str:
    """Changes when the password or the TOTP secret changes, which forgets every device."""
    return digest(f"{user.password_hash}|{user.totp_secret}")[:16]


def remember_token(user: User) -> str:
    return DEVICE_COOKIE.dumps([user.id, _fingerprint(user)])


def is_remembered(user: User, token: str | None) -> bool:
    fields = DEVICE_COOKIE.fields(token or "", 2)
    if fields is None:
        return False
    user_id, fingerprint = fields
    return user_id == user.id and hmac.compare_digest(str(fingerprint), _fingerprint(user))
