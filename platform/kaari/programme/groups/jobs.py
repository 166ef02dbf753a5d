"""Scheduled group work: reminders before meetings, nudges to quiet pairs."""

from __future__ import annotations

from kaari.core.db import utcnow
from kaari.programme.groups import invitations, nudges
from kaari.tenancy.recurring import count_in_each_tenant, each_tenant


def remind_meetings() -> int:
    """Remind, once and two days ahead, everyone invited to a meeting who has not said no."""
    return count_in_each_tenant(invitations.remind_upcoming)


def nudge_quiet_pairs() -> tuple[int, int]:
    """Remind quiet pairs, and tell coordinators of the long-quiet ones."""
    pairs = told = 0
    for _app, tenant in each_tenant():
        sent = nudges.nudge(tenant=tenant, now=utcnow())
        pairs, told = pairs + sent[0], told + sent[1]
    return pairs, told
