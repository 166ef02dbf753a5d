"""Scheduled matching work: reminders to pair members who have not answered."""

from __future__ import annotations

from kaari.matching import invitations
from kaari.tenancy.recurring import count_in_each_tenant


def remind_pairs() -> int:
    """Remind, once, members of invited pairs who have not answered in time."""
    return count_in_each_tenant(invitations.remind_silent)
