"""Matching's to-do on the staff home: joint invitations still unanswered after the
reminder (the accepted pairs not yet invited are the joint invitations page's)."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import or_

from kaari.core.today import TodayScope, TodaySource, Todo, count_of
from kaari.matching.models import Pair, PairStatus


def _unanswered(_scope: TodayScope) -> list[Todo]:
    count = count_of(
        Pair,
        Pair.status == PairStatus.INVITED,
        Pair.reminded_at.is_not(None),
        or_(Pair.actor_answer == "", Pair.mentor_answer == ""),
    )
    text = ngettext(
        "%(num)d joint invitation is unanswered after the reminder",
        "%(num)d joint invitations are unanswered after the reminder",
        count,
    )
    return [Todo(text, url_for("matching.pair_list"), count)]


SOURCES = (TodaySource("invitations_unanswered", "pairs", "manage_matching", _unanswered),)
