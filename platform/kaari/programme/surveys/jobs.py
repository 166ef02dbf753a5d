"""Scheduled survey work: the one reminder of an unanswered survey link."""

from __future__ import annotations

from kaari.programme.surveys import services as surveys
from kaari.tenancy.recurring import count_in_each_tenant


def remind_surveys() -> int:
    """Remind once those mailed a survey link who have not answered after some days."""
    return count_in_each_tenant(surveys.remind_unanswered)
