"""Scheduled matching work: reminders to pair members who have not answered."""

from __future__ import annotations

from kaari.matching import invitations
from kaari.tenancy.recurring import each_tenant


def remind_pairs() -> int:
    """Remind, once, members of invited pairs who have not answered in time."""
    sent = 0
    for _app, tenant in each_tenant():
        sent += invitations.remind_silent(tenant=tenant)
    return sent
