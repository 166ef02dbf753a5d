"""The joint invitations' to-do on the staff home: accepted pairs not yet invited."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext

from kaari.core.today import TodayScope, TodaySource, Todo, count_of
from kaari.matching.models import Pair, PairStatus


def _not_invited(_scope: TodayScope) -> list[Todo]:
    count = count_of(Pair, Pair.status == PairStatus.PROPOSED)
    text = ngettext(
        "%(num)d accepted pair has not been invited yet",
        "%(num)d accepted pairs have not been invited yet",
        count,
    )
    return [Todo(text, url_for("joint_invitations.page"), count)]


SOURCES = (TodaySource("pairs_not_invited", "pairs", "manage_matching", _not_invited),)
