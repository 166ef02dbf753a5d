"""Small secrets encrypted at rest with a key from the environment, never from the database.

Fernet (the `cryptography` package): AES-128-CBC with an HMAC-SHA256 over the whole
token, so a changed or wrongly keyed value is refused rather than misread. The key is
`TOTP_ENCRYPTION_KEY` (docs/SECURITY.md, "TOTP secrets at rest"); a copy of the
database without it reveals no secret.
"""

from __future__ import annotations

import binascii

from cryptography.fernet import Fernet, InvalidToken

# A fixed key for development and tests on localhost; production refuses it.
DEVELOPMENT_KEY = "ZGV2LW9ubHktdG90cC1rZXktbm90LXNlY3JldC0wMDA="
HOW_TO_MAKE_A_KEY = (
    "make one with `python -c 'from cryptography.fernet import Fernet; "
    "print(Fernet.generate_key().decode())'`"
)


class UnreadableSecret(ValueError):
    """A stored value that this key cannot decrypt: another key, or not encrypted at all."""


def key_problem(key: str) -> str | None:
    """What is wrong with the key, or None if it is a usable Fernet key."""
    try:
        Fernet(key.encode())
    except (ValueError, binascii.Error):
        return f"not a Fernet key (32 random bytes in URL-safe base64); {HOW_TO_MAKE_A_KEY}"
    return None


def encrypt(plaintext: str, key: str) -> str:
    return Fernet(key.encode()).encrypt(plaintext.encode()).decode("ascii")


def decrypt(token: str, key: str) -> str:
    try:
        return Fernet(key.encode()).decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise UnreadableSecret(
            "a stored secret cannot be decrypted with TOTP_ENCRYPTION_KEY: the key is not "
            "the one it was encrypted with, or the value was never encrypted"
        ) from error
