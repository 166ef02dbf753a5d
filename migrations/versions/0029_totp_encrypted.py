"""users.totp_secret: encrypted with TOTP_ENCRYPTION_KEY, no longer the base32 text

Each stored TOTP secret is encrypted with the key from the environment (kaari.core.encryption,
Fernet), so a copy of the database or a backup no longer holds what an authenticator app
needs. The migration reads `TOTP_ENCRYPTION_KEY` from its environment, as the app does
(the migration Job gets the same Secret as the web pods): set it before `kaari db
upgrade`. It refuses, changing nothing, when the key is malformed, or missing in
production (KAARI_ENV=production); in development the fixed development key is used.
The downgrade decrypts with the same key.

The column keeps its name, so pods of the previous release go on loading users during a
rolling upgrade; until they are replaced they cannot check TOTP codes (the code step
fails for them, it never lets anyone past). Recovery codes were digests already.
On PostgreSQL the column is widened for the longer encrypted value; SQLite does not
enforce VARCHAR lengths, and a batch copy of `users` would cascade into every table
that refers to it, so SQLite keeps the declared length.

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-06 06:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kaari.core.config import ConfigError, load_config
from kaari.core.encryption import DEVELOPMENT_KEY, decrypt, encrypt, key_problem

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

USERS = sa.table("users", sa.column("id", sa.Integer), sa.column("totp_secret", sa.String))


def _key() -> str:
    """TOTP_ENCRYPTION_KEY from the environment, or a clear refusal before any change."""
    config = load_config()
    key = config["TOTP_ENCRYPTION_KEY"]
    problem = key_problem(key)
    if problem:
        raise ConfigError(f"TOTP_ENCRYPTION_KEY is {problem}; nothing was migrated")
    if config["ENV_NAME"] == "production" and key == DEVELOPMENT_KEY:
        raise ConfigError(
            "TOTP_ENCRYPTION_KEY is not set: give `kaari db upgrade` the key the app will "
            "use (it encrypts the stored two-factor secrets); nothing was migrated"
        )
    return key


def _widen(length: int, before: int) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "users",
            "totp_secret",
            type_=sa.String(length=length),
            existing_type=sa.String(length=before),
            existing_nullable=True,
        )


def _rewrite(change) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(USERS.c.id, USERS.c.totp_secret).where(USERS.c.totp_secret.is_not(None))
    ).all()
    for user_id, value in rows:
        op.execute(USERS.update().where(USERS.c.id == user_id).values(totp_secret=change(value)))


def upgrade() -> None:
    key = _key()
    _widen(200, before=32)
    _rewrite(lambda secret: encrypt(secret, key))


def downgrade() -> None:
    key = _key()
    _rewrite(lambda sealed: decrypt(sealed, key))
    _widen(32, before=200)
