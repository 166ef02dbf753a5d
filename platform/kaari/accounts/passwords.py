"""Which new passwords are accepted (OWASP ASVS 5 V6, NIST SP 800-63B 5.1.1.2).

Length is what makes a password strong, so the rules are few: at least 12
characters, up to 200 (a long passphrase is welcome), no composition rules,
and not one that attackers try first: a common password or one built from the
person's own email address.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 200
# An email local part shorter than this is too short to be a guessable piece of a password.
MIN_EMAIL_PART = 3
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common_passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case (see data/README.md)."""
    return frozenset(COMMON_PASSWORDS.read_text(encoding="utf-8").split())


def password_problem(password: str, email: str = "") -> str | None:
    """Why a new password is not acceptable (a code for the message), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    folded = password.casefold()
    if folded in common_passwords() or folded.strip() in common_passwords():
        return "common"
    local_part = email.partition("@")[0].casefold()
    if len(local_part) >= MIN_EMAIL_PART and local_part in folded:
        return "contains_email"
    return None
