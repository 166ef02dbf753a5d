"""Who a mailing can go to. Domains that hold people register their audiences
(staff by role now; participants by role, status and group as they arrive)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from wtforms import SelectChoice

from kaari.core.domains import record
from kaari.mail.services import Recipient


@dataclass(frozen=True)
class Audience:
    key: str
    label: Callable[[], str]
    options: Callable[[], Sequence[SelectChoice]]
    recipients: Callable[[Sequence[str]], Sequence[Recipient]]


AUDIENCES: dict[str, Audience] = {}


def register(audience: Audience) -> None:
    """Add an audience (from the owning domain's `init_app`)."""
    record("audience", audience.key)
    AUDIENCES[audience.key] = audience
