"""Signed links: a value signed for one purpose, read back only for that purpose.

    ANSWER = Signed("pair-answer", max_age=timedelta(days=14))
    token = ANSWER.dumps([pair.id, person.id, pair.tenant_id])
    opened = ANSWER.open(token)          # Opened: .valid, .expired, .value
    ids = ANSWER.fields(token, 3)        # the value as a tuple of 3, or None
    pair_id, person_id = ANSWER.tenant_fields(token, tenant_id, 2) or (None, None)

The key is SECRET_KEY of the running app, and every key in SECRET_KEY_FALLBACKS
still verifies (rotation: put the old key there, tokens already mailed keep working
until they expire). Each purpose is its own salt, so a token for one purpose is
refused for every other. Without `max_age` the token never expires (calendar feeds,
unsubscribe links); with it, an expired token and a forged one are different results.

Links whose token is random and only stored as a digest are `kaari.core.tokens`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer


class Verdict(enum.Enum):
    VALID = "valid"
    EXPIRED = "expired"
    INVALID = "invalid"


@dataclass(frozen=True)
class Opened:
    verdict: Verdict
    value: Any = None

    @property
    def valid(self) -> bool:
        return self.verdict is Verdict.VALID

    @property
    def expired(self) -> bool:
        return self.verdict is Verdict.EXPIRED


def app_keys() -> list[str]:
    """The running app's keys, oldest first: the last one signs, all of them verify."""
    config = current_app.config
    return [*(config.get("SECRET_KEY_FALLBACKS") or ()), config["SECRET_KEY"]]


@dataclass(frozen=True)
class Signed:
    purpose: str
    max_age: timedelta | None = None

    def _serializer(self, keys: Sequence[str] | None) -> URLSafeSerializer:
        kind = URLSafeSerializer if self.max_age is None else URLSafeTimedSerializer
        return kind(list(keys or app_keys()), salt=f"kaari-{self.purpose}")

    def dumps(self, value: Any, *, keys: Sequence[str] | None = None) -> str:
        return self._serializer(keys).dumps(value)

    def open(self, token: str, *, keys: Sequence[str] | None = None) -> Opened:
        serializer = self._serializer(keys)
        try:
            if self.max_age is None:
                return Opened(Verdict.VALID, serializer.loads(token))
            max_age = int(self.max_age.total_seconds())
            return Opened(Verdict.VALID, serializer.loads(token, max_age=max_age))
        except SignatureExpired:
            return Opened(Verdict.EXPIRED)
        except BadSignature:
            return Opened(Verdict.INVALID)

    def fields(self, token: str, count: int, *, keys: Sequence[str] | None = None) -> tuple | None:
        """The signed value as a tuple of `count` items, or None (forged, expired or
        of another shape)."""
        opened = self.open(token, keys=keys)
        if not opened.valid or not isinstance(opened.value, list) or len(opened.value) != count:
            return None
        return tuple(opened.value)

    def tenant_fields(
        self, token: str, tenant_id: int, count: int, *, keys: Sequence[str] | None = None
    ) -> tuple | None:
        """For a token whose last item is a tenant id: its other `count` items, if it
        is genuine and of `tenant_id`; else None."""
        values = self.fields(token, count + 1, keys=keys)
        if values is None or values[-1] != tenant_id:
            return None
        return values[:-1]
