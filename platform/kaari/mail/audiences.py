"""Who a mailing can go to. Domains that hold people register their audiences
(staff by role; participants by role and status; the programme by group and by
meeting). Each audience says in words how its choices combine (`rule`, shown on the
form) and which permission it needs (`permission`): a group leader, say, mails only
the audiences of the groups they lead, whose options offer only those groups.

An audience gives its recipients as a query of their rows (people or staff
accounts), never as a list: a mailing counts them and writes their messages in
batches by SQL (`mail.mailings`, `mail.writing`), whether ten or 20,000."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import Select
from wtforms import SelectChoice

from kaari.core.domains import permitted, record


@dataclass(frozen=True)
class Audience:
    key: str
    label: Callable[[], str]
    options: Callable[[], Sequence[SelectChoice]]
    # The chosen options -> `select(Model)` of the rows they mean (a model with `id`,
    # `email` and `language`); unordered, and blank addresses are left out later.
    recipients: Callable[[Sequence[str]], Select]
    rule: Callable[[], str]  # how the chosen options combine, as the form says it
    permission: str = "send_mailings"


AUDIENCES: dict[str, Audience] = {}


def register(audience: Audience) -> None:
    """Add an audience (from the owning domain's `init_app`)."""
    record("audience", audience.key)
    AUDIENCES[audience.key] = audience


def offered() -> dict[str, Audience]:
    """The audiences the signed-in user may mail, in registration order."""
    return {key: audience for key, audience in AUDIENCES.items() if permitted(audience.permission)}
